from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Member
from hanoi_ceremony.core.dates import SaneDateTimeField

from .enums import OrderingRule


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # templates wrap the fields in their own <form> with the action and csrf token
    helper.disable_csrf = True
    helper.add_input(Submit("submit", label))
    return helper


class AddPartyForm(forms.Form):
    delegation = forms.ModelChoiceField(
        label=_("Signing party"),
        queryset=Delegation.objects.none(),
        help_text=_("Its head of delegation is named signatory; change it on the entry's page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every delegation is a valid choice, so an organisation chosen by mistake, or a party already on the
        # roster (a stale page, a second tab), gets the rule's own message from the service, not "Select a
        # valid choice". The list offers only the parties not on the roster yet.
        field = self.fields["delegation"]
        field.queryset = Delegation.objects.order_by("name")
        field.choices = [("", field.empty_label)] + [
            (d.pk, str(d)) for d in Delegation.objects.filter(signing_entries__isnull=True).order_by("name")
        ]
        self.helper = _helper(_("Add to the roster"))


class SignatoryForm(forms.Form):
    signatory = forms.ModelChoiceField(label=_("Signatory"), queryset=Member.objects.none())

    def __init__(self, *args, delegation: Delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = Member.objects.filter(delegation=delegation).order_by(
            "family_name", "pk"
        )
        self.fields["signatory"].label_from_instance = lambda m: f"{m} — {m.get_rank_display()}"
        self.helper = _helper(_("Name the signatory"))


class RuleForm(forms.Form):
    rule = forms.ChoiceField(label=_("Ordering rule"), choices=OrderingRule.choices)
    drawn_letter = forms.CharField(label=_("Drawn letter"), max_length=1, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Apply the rule and reorder"))


class MoveForm(forms.Form):
    position = forms.IntegerField(label=_("New place"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignedForm(forms.Form):
    signed_at = SaneDateTimeField(
        label=_("Signed at (Hà Nội time)"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    confirm = forms.BooleanField(
        label=_("I confirm that this party's signatory has signed"),
        error_messages={"required": _("Tick the box to confirm the signature: it is recorded once.")},
    )


class UndoSignatureForm(forms.Form):
    reason = forms.CharField(label=_("Why is the signature withdrawn?"), max_length=500)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("did_not_sign", _("Did not sign")), ("at_headquarters", _("Will sign at UN Headquarters"))],
    )
    reason = forms.CharField(label=_("Note"), max_length=500, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=1000)


class InscriptionForm(forms.Form):
    speaker = forms.ModelChoiceField(label=_("Speaker"), queryset=Member.objects.none())
    time_limit_minutes = forms.IntegerField(
        label=_("Speaking time (minutes)"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("Organisers only; the list's default applies otherwise."),
    )

    def __init__(self, *args, delegation: Delegation, organiser: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Member.objects.filter(delegation=delegation).order_by(
            "family_name", "pk"
        )
        self.fields["speaker"].label_from_instance = lambda m: f"{m} — {m.get_rank_display()}"
        if not organiser:
            del self.fields["time_limit_minutes"]
        self.helper = _helper(_("Inscribe"))


class PlaceForm(forms.Form):
    position = forms.IntegerField(
        label=_("Place"), min_value=1, required=False, help_text=_("Empty: back to the rule.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReplyForm(forms.Form):
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.order_by("name"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add a right of reply"))


class TimeLimitForm(forms.Form):
    minutes = forms.IntegerField(label=_("Speaking time (minutes)"), min_value=1, max_value=60)


class SpeakersListNewForm(forms.Form):
    """An organiser opens the speakers' list of a plenary or a high-level session that has none yet."""

    session = forms.ModelChoiceField(label=_("Session"), queryset=None)
    minutes = forms.IntegerField(label=_("Speaking time (minutes)"), min_value=1, max_value=60, initial=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from agenda.enums import SessionKind, SessionStatus
        from agenda.models import Session

        self.fields["session"].queryset = (
            Session.objects.filter(
                kind__in=[SessionKind.PLENARY, SessionKind.HIGH_LEVEL], speakers_list__isnull=True
            )
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("starts_at")
        )
