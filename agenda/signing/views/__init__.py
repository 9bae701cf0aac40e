"""Thin views: check permission, call a selector or a service, render. Refusals re-render the bound form with
the message next to the field and a 4xx (400 bad input, 409 someone else changed it first)."""

from .full_powers_pages import full_powers, full_powers_action
from .public import board, board_json, report, report_csv
from .roster_pages import (
    entry_confirm,
    entry_detail,
    entry_move,
    entry_release,
    entry_signatory,
    entry_signed,
    entry_status,
    entry_unsign,
    roster,
    roster_add,
    roster_open,
    roster_rule,
)
from .speakers import (
    chair,
    chair_inscribe,
    chair_next,
    chair_reply,
    inscribe,
    inscription_place,
    inscription_time,
    inscription_withdraw,
    speakers_detail,
    speakers_index,
    speakers_mine,
)

__all__ = [
    "board",
    "board_json",
    "chair",
    "chair_inscribe",
    "chair_next",
    "chair_reply",
    "entry_confirm",
    "entry_detail",
    "entry_move",
    "entry_release",
    "entry_signatory",
    "entry_signed",
    "entry_unsign",
    "entry_status",
    "full_powers",
    "full_powers_action",
    "inscribe",
    "inscription_place",
    "inscription_time",
    "inscription_withdraw",
    "report",
    "report_csv",
    "roster",
    "roster_add",
    "roster_open",
    "roster_rule",
    "speakers_detail",
    "speakers_index",
    "speakers_mine",
]
