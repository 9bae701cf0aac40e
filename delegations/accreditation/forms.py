from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.dates import SaneDateField

from .enums import MediaRole, RevocationReason, VettingState
from .models import BadgeCategory


def _helper(*, tag: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = tag
    helper.disable_csrf = True
    return helper


class MediaPhotoForm(forms.Form):
    """A journalist's new badge photo, after a rejection."""

    photo = forms.FileField(
        label=_("Photo (passport-size, colour, plain light background, head and shoulders, last six months)")
    )


class MediaApplicationForm(forms.Form):
    family_name = forms.CharField(label=_("Family name (as in passport)"), max_length=100)
    given_names = forms.CharField(label=_("Given names (as in passport)"), max_length=150, required=False)
    nationality = forms.RegexField(
        label=_("Nationality (ISO 3166 alpha-3, e.g. VNM)"), regex=r"^[A-Za-z]{3}$", max_length=3
    )
    passport_number = forms.CharField(label=_("Passport number"), max_length=32)
    passport_expiry = SaneDateField(
        label=_("Passport expiry"), widget=forms.DateInput(attrs={"type": "date"})
    )
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    outlet = forms.CharField(label=_("Media organisation"), max_length=200)
    outlet_country = forms.RegexField(
        label=_("Country of the media organisation (ISO alpha-3)"), regex=r"^[A-Za-z]{3}$", max_length=3
    )
    role = forms.ChoiceField(label=_("Role"), choices=MediaRole.choices)
    press_card_number = forms.CharField(label=_("Press card number"), max_length=60)
    assignment_letter = forms.FileField(label=_("Letter of assignment from your editor (PDF)"))
    press_card = forms.FileField(label=_("Press card (PDF scan)"))
    photo = forms.FileField(
        label=_("Photo (passport-size, colour, plain light background, head and shoulders, last six months)")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Fieldset(
                _("You"),
                Row(Column("family_name"), Column("given_names")),
                Row(Column("nationality"), Column("passport_number"), Column("passport_expiry")),
                Row(Column("email"), Column("phone")),
            ),
            Fieldset(
                _("Your assignment"),
                Row(Column("outlet"), Column("outlet_country")),
                Row(Column("role"), Column("press_card_number")),
                "assignment_letter",
                "press_card",
                "photo",
            ),
        )


class DecisionForm(forms.Form):
    to = forms.ChoiceField(choices=VettingState.choices, widget=forms.HiddenInput)
    expected = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Reason / note"), required=False, max_length=1000)


class PhotoForm(forms.Form):
    verdict = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    expected = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason (required to reject)"),
        required=False,
        max_length=500,
        help_text=_("e.g. not a plain background, not head and shoulders, older than six months"),
    )


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Badge category"), queryset=BadgeCategory.objects.all())


class ReissueForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why"),
        choices=[
            (c.value, c.label)
            for c in RevocationReason
            if c in (RevocationReason.LOST, RevocationReason.DAMAGED, RevocationReason.OTHER)
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    reissue = forms.BooleanField(label=_("Issue a new badge (new serial)"), required=False, initial=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Security decisions (CSV)"))


class CollectForm(forms.Form):
    collected_by_name = forms.CharField(label=_("Collected by (full name, as on their ID)"), max_length=200)


class IssuePassForm(forms.Form):
    zone = forms.IntegerField(widget=forms.HiddenInput)
    holder = forms.ChoiceField(label=_("Member"))

    def __init__(self, *args, holders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", "—")] + [(str(a.pk), str(a)) for a in holders]


class QuotaForm(forms.Form):
    zone = forms.IntegerField(widget=forms.HiddenInput)
    quota = forms.IntegerField(label=_("Passes"), min_value=0, max_value=500)


class AsOfForm(forms.Form):
    date = SaneDateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
