from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from delegations.enums import ProtocolRank
from hanoi_ceremony.core.dates import SaneDateTimeField

from .enums import SlotFollows
from .models import Vehicle

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _officers():
    from .permissions import RECEPTION_SLUG

    return get_user_model().objects.filter(
        subcommittee_memberships__subcommittee__slug=RECEPTION_SLUG
    ).order_by("last_name", "first_name") | get_user_model().objects.filter(
        reception_delegations__isnull=False
    )


class OfficerForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Host liaison officer"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = _officers().distinct()


class CarSlotForm(forms.Form):
    vehicle = forms.ModelChoiceField(label=_("Car or motorcade"), queryset=Vehicle.objects.all())
    officer = forms.ModelChoiceField(
        label=_("Officer riding with the leader"),
        queryset=None,
        required=False,
        help_text=_("Empty: the delegation's liaison officer."),
    )
    starts_at = SaneDateTimeField(label=_("From"), widget=_DT)
    ends_at = SaneDateTimeField(label=_("Until"), widget=_DT)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    follows = forms.ChoiceField(
        label=_("When the flight moves"),
        choices=SlotFollows.choices,
        initial=SlotFollows.ARRIVAL,
        required=False,
        help_text=_("An airport pick-up or drop-off moves with the flight; a fixed slot stays where it is."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = _officers().distinct()


class StepForm(forms.Form):
    at = SaneDateTimeField(label=_("Time"), widget=_DT)
    title = forms.CharField(label=_("Step"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    responsible = forms.CharField(label=_("Responsible"), max_length=200, required=False)


class WelcomingRuleForm(forms.Form):
    rank = forms.ChoiceField(label=_("Protocol rank"), choices=ProtocolRank.choices)
    official = forms.CharField(label=_("Welcoming official"), max_length=200)
    motorcade = forms.BooleanField(label=_("Motorcade"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
