"""Every write of the signing roster, full powers checks, ratifications and speakers' lists.

Each service is keyword-only, owns its transaction, locks the rows two people may change at once, writes an
audit entry and bumps the "signing" page-cache namespace (the public board, report and speakers' lists show
what it changed). Refusals raise ValidationError (a message per field where one fits) or Conflict (409).
"""

from ._common import HANOI, NAMESPACE, Conflict
from .full_powers import full_powers_mark_received, full_powers_reject, full_powers_verify
from .ratifications import ratification_record
from .roster import (
    authority_problem,
    entry_confirm,
    entry_defer_to_headquarters,
    entry_mark_did_not_sign,
    entry_mark_signed,
    entry_set_signatory,
    entry_undo_signature,
    roster_add_party,
    roster_apply_rule,
    roster_move_entry,
    roster_open,
    roster_release_entry,
    signature_place,
)
from .speakers import (
    inscription_create,
    inscription_override,
    inscription_set_time_limit,
    inscription_withdraw,
    right_of_reply_request,
    speakers_list_next,
    speakers_list_open,
    speakers_list_set_open,
)

__all__ = [
    "HANOI",
    "NAMESPACE",
    "Conflict",
    "authority_problem",
    "entry_confirm",
    "entry_defer_to_headquarters",
    "entry_mark_did_not_sign",
    "entry_mark_signed",
    "entry_undo_signature",
    "entry_set_signatory",
    "full_powers_mark_received",
    "full_powers_reject",
    "full_powers_verify",
    "inscription_create",
    "inscription_override",
    "inscription_set_time_limit",
    "inscription_withdraw",
    "ratification_record",
    "right_of_reply_request",
    "roster_add_party",
    "roster_apply_rule",
    "roster_move_entry",
    "roster_open",
    "roster_release_entry",
    "signature_place",
    "speakers_list_next",
    "speakers_list_open",
    "speakers_list_set_open",
]
