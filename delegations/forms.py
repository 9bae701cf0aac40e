"""Forms: validation and the crispy layout; saving hands off to a service in the view."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.dates import SaneDateField, SaneDateTimeField

from .countries import nationality_choices, state_choices
from .enums import Capacity, DelegationStatus, ListVisibility, ParticipantType, ProtocolRank, Region
from .models import DocumentKind, Member
from .services import MEMBER_FIELDS
from .validators import validate_pdf, validate_photo


def _helper(*layout, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    helper.submit_label = submit
    return helper


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DelegationCreateForm(forms.Form):
    participant_type = forms.ChoiceField(label=_("Participant type"), choices=ParticipantType.choices)
    country_code = forms.ChoiceField(
        label=_("State"), required=False, help_text=_("For a State: pick it from the UN list.")
    )
    name = forms.CharField(
        label=_("Organisation's name"),
        max_length=200,
        required=False,
        help_text=_("For an organisation only."),
    )
    region = forms.ChoiceField(
        label=_("Region (organisations)"), choices=Region.choices, initial=Region.INTERNATIONAL
    )
    email = forms.EmailField(
        label=_("Focal point's e-mail"),
        required=False,
        help_text=_("If given, the invitation is sent at once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # States that already have a delegation (invited or further) are not offered again.
        from .models import Delegation

        taken = set(Delegation.objects.exclude(country_code=None).values_list("country_code", flat=True))
        self.fields["country_code"].choices = [("", "—")] + [c for c in state_choices() if c[0] not in taken]
        self.helper = _helper(submit=_("Add the delegation"))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Focal point's e-mail"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=_("Send the invitation"))


class DeadlineExtensionForm(forms.Form):
    until = SaneDateTimeField(
        label=_("Registration deadline for this delegation (Hà Nội time)"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(label=_("Why (for the record)"), max_length=300, required=False)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Given names"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    password1 = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Repeat the password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=_("Create my account"))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class MemberForm(forms.ModelForm):
    photo_upload = forms.FileField(
        label=_("Badge photo"),
        required=False,
        help_text=_(
            "JPEG or PNG, at most 5 MB, each side at least 200 pixels. Not needed for Heads of State or "
            "Government, Vice-Presidents, Crown Princes and their spouses."
        ),
    )

    class Meta:
        model = Member
        fields = list(MEMBER_FIELDS)
        widgets = {
            "passport_expiry": forms.DateInput(attrs={"type": "date"}),
            "arrival_at": DateTimeLocalInput(),
            "departure_at": DateTimeLocalInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"] = forms.ChoiceField(
            label=_("Nationality"), choices=[("", "—")] + nationality_choices(), required=False
        )
        # Not sent (an older form, an import): keep what the person chose, or the default for a new one.
        self.fields["list_visibility"].required = False
        for name in ("arrival_at", "departure_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.helper = _helper(
            Fieldset(
                _("Person"),
                Row(Column("family_name"), Column("given_names")),
                Row(Column("title"), Column("capacity"), Column("rank")),
                Row(Column("nationality"), Column("passport_number"), Column("passport_expiry")),
                Row(Column("email"), Column("phone")),
                "photo_upload",
            ),
            Fieldset(
                _("Travel and stay"),
                Row(Column("arrival_flight"), Column("arrival_at"), Column("arrival_airport")),
                Row(Column("departure_flight"), Column("departure_at"), Column("departure_airport")),
                "hotel",
                Row(Column("dietary_needs"), Column("accessibility_needs")),
            ),
            Fieldset(_("Consent"), "list_visibility"),
            submit=_("Save"),
        )

    def clean_list_visibility(self):
        chosen = self.cleaned_data.get("list_visibility")
        if chosen:
            return chosen
        if self.instance.pk:
            return self.instance.list_visibility
        return ListVisibility.PARTICIPANTS

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        if upload:
            validate_photo(upload)
        return upload

    def clean(self):
        data = super().clean()
        if (
            data.get("rank")
            and data.get("capacity") != Capacity.HEAD
            and data["rank"]
            in (
                ProtocolRank.HEAD_OF_STATE,
                ProtocolRank.HEAD_OF_GOVERNMENT,
            )
        ):
            self.add_error(
                "capacity",
                _("A Head of State or Government leads the delegation: choose “Head of delegation”."),
            )
        return data

    def _post_clean(self):
        # The service validates the model (and its constraints) inside its transaction.
        pass


class _PdfUploadForm(forms.Form):
    """A form that uploads one PDF as its `file` field (declared by each form, with its own label)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=_("Upload"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_pdf(upload)
        return upload


class DocumentForm(_PdfUploadForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, at most 10 MB)"))


class FullPowersUploadForm(_PdfUploadForm):
    file = forms.FileField(label=_("Instrument of full powers (PDF, at most 10 MB)"))


class ReviewForm(forms.Form):
    CONFIRM = "confirm"
    REQUEST_CHANGES = "request_changes"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    action = forms.ChoiceField(
        choices=[
            (CONFIRM, _("Confirm")),
            (REQUEST_CHANGES, _("Request changes")),
            (DECLINE, _("Decline")),
            (WITHDRAW, _("Mark withdrawn")),
        ],
        widget=forms.HiddenInput,
    )
    message = forms.CharField(
        label=_("Message to the liaison / reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    expected_status = forms.ChoiceField(
        choices=DelegationStatus.choices, widget=forms.HiddenInput, required=False
    )


class BulkDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])
    reason = forms.CharField(label=_("Reason (for declining)"), required=False, max_length=2000)
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, allowed_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in allowed_ids]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for declining."))
        return data


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status"))] + DelegationStatus.choices
    )
    participant_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type"))] + ParticipantType.choices
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Any region"))] + Region.choices
    )
    head_rank = forms.ChoiceField(
        label=_("Head's rank"), required=False, choices=[("", _("Any rank"))] + ProtocolRank.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            small = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = small


class ReportForm(forms.Form):
    as_of = SaneDateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))
