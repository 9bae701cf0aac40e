"""Budget pages: thin — permission check, a selector or a service, render (PRG on success)."""

from .finance import (
    estimate_action,
    estimate_detail,
    estimate_pdf,
    estimate_xlsx,
    estimates,
    norms,
    norms_action,
    norms_list,
)
from .proposals import (
    home,
    line_edit,
    line_remove,
    proposal_action,
    proposal_detail,
    proposal_new,
)

__all__ = [
    "estimate_action",
    "estimate_detail",
    "estimate_pdf",
    "estimate_xlsx",
    "estimates",
    "home",
    "line_edit",
    "line_remove",
    "norms",
    "norms_action",
    "norms_list",
    "proposal_action",
    "proposal_detail",
    "proposal_new",
]
