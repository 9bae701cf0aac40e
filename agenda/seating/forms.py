from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.enums import DelegationStatus, ParticipantType
from delegations.models import Delegation


class DrawForm(forms.Form):
    drawn = forms.ModelChoiceField(
        label=_("State drawn by the Secretary-General"),
        queryset=Delegation.objects.none(),
        required=False,
        help_text=_("Leave empty to let the system draw the lot."),
    )
    note = forms.CharField(label=_("Note (e.g. why the plan is drawn again)"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drawn"].queryset = Delegation.objects.filter(
            participant_type=ParticipantType.MEMBER_STATE, status=DelegationStatus.CONFIRMED
        ).order_by("name")
