"""Every write that matters for delegations: one service per state transition.

Each service is keyword-only, owns its transaction, locks the delegation row (``select_for_update``) so two
people acting at once cannot both succeed, checks the transition, calls ``full_clean()``, writes an audit
entry and tells the liaison(s) through the notification system once the transaction commits.
Errors are ``ValidationError`` (bad input or a transition that is not allowed now) or ``PermissionDenied``.
"""

from ._common import (  # noqa: F401
    ALLOWED_FROM,
    DEFAULT_QUOTAS,
    EDITABLE_STATES,
    INVITATION_VALID_DAYS,
    MEMBER_ACTIONS,
    MEMBER_FIELDS,
    NAMESPACE,
    STATE_ACTIONS,
    S,
    mask_passport,
    may_see_passports,
    photo_required,
    registration_deadline_for,
    registration_open,
)
from .deadlines import delegation_extend_deadline  # noqa: F401
from .documents import (  # noqa: F401
    document_upload,
    full_powers_upload,
    signatory_designate,
)
from .full_powers import (  # noqa: F401
    full_powers_mark_received,
    full_powers_reject,
    full_powers_verify,
    on_full_powers_rejected,
)
from .invitations import (  # noqa: F401
    InvitationState,
    invitation_accept,
    invitation_create,
    invitation_lookup,
    invitation_resend,
    invitation_revoke,
    invitation_url,
)
from .members import (  # noqa: F401
    member_add,
    member_passport_reveal,
    member_remove,
    member_update,
)
from .workflow import (  # noqa: F401
    BulkResult,
    delegation_confirm,
    delegation_counts_by_status,
    delegation_create,
    delegation_decline,
    delegation_request_changes,
    delegation_submit,
    delegation_withdraw,
    delegations_bulk_decide,
    quota_for,
    submission_problems,
)
