"""Forms of the programme pages. Validation lives in the services; forms collect and display."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Member

from . import services
from .enums import ParticipantRole, SessionKind
from .models import BoothAllocation, Room, Session, SideEventProposal, SideEventSlot
from .selectors import rooms_in_natural_order


class _Helper(FormHelper):
    def __init__(self, label):
        super().__init__()
        self.form_tag = True
        self.form_method = "post"
        self.add_input(Submit("submit", label))


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.ModelForm):
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organising delegations"), queryset=Delegation.objects.order_by("name"), required=False
    )

    class Meta:
        model = Session
        fields = list(services.SESSION_FIELDS)  # what the session services write, defined once there
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"starts_at": _("Hà Nội time.")}

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.warnings: list[str] = []
        self.fields["room"].queryset = rooms_in_natural_order(Room.objects.select_related("venue"))
        if self.instance.pk:
            self.fields["organisers"].initial = list(self.instance.organisers.values_list("pk", flat=True))
        self.helper = _Helper(_("Save session"))

    def _post_clean(self):
        """Validation happens in the service (which sees the database); skip the model's own here."""

    def save(self, commit=True):
        """Create or update the session through the services; a refusal is raised (run it through
        ``form_submit``, which puts it on the form)."""
        values = {name: self.cleaned_data[name] for name in services.SESSION_FIELDS}
        organisers = list(self.cleaned_data["organisers"])
        if self.instance.pk:
            result = services.session_update(
                session=self.instance, by=self.by, organisers=organisers, **values
            )
        else:
            result = services.session_create(by=self.by, organisers=organisers, **values)
        self.warnings = result.warnings
        return result.session


class RegisterForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Delegate"), queryset=None)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: f"{m} — {m.delegation.display_name}"
        self.helper = _Helper(_("Register"))


class ProposalForm(forms.ModelForm):
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organising delegations"), queryset=Delegation.objects.order_by("name"), required=False
    )

    class Meta:
        model = SideEventProposal
        fields = [
            "title",
            "description",
            "co_organisers",
            "other_co_organisers",
            "speakers",
            "logistics_needs",
            "expected_attendance",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "speakers": forms.Textarea(attrs={"rows": 3}),
            "logistics_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, own_delegation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if own_delegation_id:  # the proposer's delegation organises already: not offered as a co-organiser
            self.fields["co_organisers"].queryset = Delegation.objects.exclude(pk=own_delegation_id).order_by(
                "name"
            )
        attendance = self.fields["expected_attendance"]
        attendance.min_value = 1
        attendance.validators.append(MinValueValidator(1))
        attendance.widget.attrs["min"] = 1
        self.helper = _Helper(_("Submit proposal"))

    def proposal_values(self) -> dict:
        """The cleaned fields as proposal_submit and proposal_resubmit take them."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["co_organisers"] = list(values["co_organisers"])
        return values


class AcceptForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Slot"), queryset=SideEventSlot.objects.order_by("starts_at"))
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (SessionKind.SIDE_EVENT.value, SessionKind.SIDE_EVENT.label),
            (SessionKind.WORKSHOP.value, SessionKind.WORKSHOP.label),
        ],
    )
    capacity = forms.IntegerField(label=_("Seats for registration"), min_value=1, required=False)
    note = forms.CharField(
        label=_("Note to the proposers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms_in_natural_order(Room.objects.all())
        self.helper = _Helper(_("Accept and allocate"))


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Reason for the proposers"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _Helper(_("Decline"))
        self.helper.form_action = ""


class PublishForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _Helper(_("Publish the programme"))


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    member = forms.ModelChoiceField(
        label=_("Delegation member"), queryset=Member.objects.none(), required=False
    )
    name = forms.CharField(label=_("or external speaker's name"), max_length=200, required=False)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    email = forms.EmailField(label=_("External speaker's e-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.select_related("delegation").order_by(
            "delegation__name", "family_name"
        )
        self.fields["member"].label_from_instance = lambda m: f"{m} — {m.delegation.display_name}"
        self.helper = _Helper(_("Add"))

    def clean(self):
        data = super().clean()
        if bool(data.get("member")) == bool(data.get("name", "").strip()):
            raise ValidationError(
                _("Choose a delegation member or type an external speaker's name, not both.")
            )
        return data


class BoothReleaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the booth released?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Recorded in the booth's history (for example: the exhibitor withdrew, or moved to booth B04)."
        ),
    )


class BoothAllocationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = BoothAllocation
        fields = [
            "exhibitor_name",
            "exhibitor_kind",
            "delegation",
            "description",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "setup_starts_at",
            "setup_ends_at",
        ]
        widgets = {
            "setup_starts_at": DateTimeLocalInput(),
            "setup_ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.order_by("name")
        self.helper = _Helper(_("Allocate booth"))

    def _post_clean(self):
        """The service validates (it holds the booth lock)."""
