from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.dates import SaneDateTimeField

from .models import CheckinList, Gate


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.add_input(Submit("submit", label))
    return helper


def _category_choices():
    from delegations.accreditation.models import BadgeCategory

    return [(c.code, f"{c.code} · {c.name}") for c in BadgeCategory.objects.order_by("order", "code")]


def _zone_choices():
    from delegations.accreditation.models import Zone

    return [("", _("— no zone pass admits —"))] + [
        (z.code, str(z)) for z in Zone.objects.order_by("order", "code")
    ]


class CheckinListForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Admitted categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    zone = forms.ChoiceField(label=_("Zone pass that admits"), required=False)
    valid_from = SaneDateTimeField(
        label=_("Open from"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    valid_until = SaneDateTimeField(
        label=_("Open until"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    class Meta:
        model = CheckinList
        fields = [
            "name",
            "code",
            "categories",
            "zone",
            "session",
            "valid_from",
            "valid_until",
            "allow_reentry",
            "entry_requires_exit",
            "everyone_out_at",
            "is_active",
        ]
        widgets = {"everyone_out_at": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = _category_choices()
        self.fields["zone"].choices = _zone_choices()
        self.helper = _helper(_("Save the list"))

    def clean(self):
        data = super().clean()
        if not data.get("categories") and not data.get("zone"):
            self.add_error("categories", _("Admit at least one category or a zone pass."))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The list must close after it opens."))
        return data


class GateForm(forms.ModelForm):
    lists = forms.ModelMultipleChoiceField(
        label=_("Check-in lists scanned here"),
        queryset=CheckinList.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Gate
        fields = ["name", "code", "lists", "offline_people", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the gate"))


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("Device name"), max_length=120, help_text=_("e.g. “North gate, phone 2”"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Issue a pairing code"))
