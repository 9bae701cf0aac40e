from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Room
from delegations.enums import Capacity, DelegationStatus
from delegations.models import Delegation, Member
from hanoi_ceremony.core.dates import SaneDateTimeField

WINDOWS = 3


def _dt(label):
    return SaneDateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class _Helper:
    submit_label = _("Send")

    def _helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class WindowsMixin:
    def add_windows(self):
        for i in range(1, WINDOWS + 1):
            self.fields[f"from_{i}"] = _dt(_("Preferred time %(n)s from") % {"n": i})
            self.fields[f"until_{i}"] = _dt(_("until"))

    def windows(self):
        out = []
        for i in range(1, WINDOWS + 1):
            start, end = self.cleaned_data.get(f"from_{i}"), self.cleaned_data.get(f"until_{i}")
            if start and end:
                out.append((start, end))
        return out

    def clean_windows(self, cleaned):
        for i in range(1, WINDOWS + 1):
            start, end = cleaned.get(f"from_{i}"), cleaned.get(f"until_{i}")
            if bool(start) != bool(end):
                self.add_error(f"until_{i}", _("Give both ends of the preferred time."))
            elif start and end and end <= start:
                self.add_error(f"until_{i}", _("A preferred time must end after it starts."))


def _others(delegation):
    return (
        Member.objects.filter(delegation=delegation)
        .exclude(capacity=Capacity.HEAD)
        .order_by("family_name", "pk")
    )


class RequestForm(WindowsMixin, _Helper, forms.Form):
    submit_label = _("Send the request")
    requester = forms.ModelChoiceField(label=_("On behalf of"), queryset=Delegation.objects.none())
    counterpart = forms.ModelChoiceField(label=_("Meet with"), queryset=Delegation.objects.none())
    participants = forms.ModelMultipleChoiceField(
        label=_("With the head of delegation"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interpretation_from = forms.CharField(
        label=_("Interpretation from (language)"), max_length=40, required=False
    )
    interpretation_to = forms.CharField(label=_("into (language)"), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, delegation=None, organiser=False, **kwargs):
        super().__init__(*args, **kwargs)
        active = Delegation.objects.exclude(
            status__in=[DelegationStatus.DECLINED, DelegationStatus.WITHDRAWN]
        ).order_by("name")
        if organiser and delegation is None:
            self.fields["requester"].queryset = active
            self.fields["participants"].queryset = Member.objects.exclude(
                capacity=Capacity.HEAD
            ).select_related("delegation")
            self.fields["participants"].help_text = _("Only members of the requesting delegation count.")
        else:
            del self.fields["requester"]
            self.fields["participants"].queryset = _others(delegation)
        self.fields["counterpart"].queryset = active.exclude(pk=delegation.pk) if delegation else active
        self.add_windows()
        self._helper()

    def clean(self):
        cleaned = super().clean()
        self.clean_windows(cleaned)
        return cleaned


class AcceptForm(_Helper, forms.Form):
    submit_label = _("Accept")
    participants = forms.ModelMultipleChoiceField(
        label=_("With the head of delegation"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, delegation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _others(delegation) if delegation else Member.objects.none()
        self._helper()


class ProposeForm(WindowsMixin, _Helper, forms.Form):
    submit_label = _("Propose these times")
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_windows()
        self._helper()

    def clean(self):
        cleaned = super().clean()
        self.clean_windows(cleaned)
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class ScheduleForm(_Helper, forms.Form):
    submit_label = _("Give this room and time")
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    starts_at = SaneDateTimeField(
        label=_("Starts (Hà Nội time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(for_bilaterals=True).order_by("capacity", "name")
        self._helper()
