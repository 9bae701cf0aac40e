"""Lines against norms: the one place that says how much a line is over the norm, and why."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .money import format_dong


@dataclass(frozen=True)
class LineCheck:
    norm_unit_cost: int | None  # None: no norm for this category and unit
    overrun: int  # đồng over the norm for the whole line (quantity × excess per unit); 0 when within
    message: str  # what to show next to the line ("" when within the norm)

    @property
    def ok(self) -> bool:
        return self.norm_unit_cost is not None and self.overrun == 0


def norm_table(norm_set) -> dict[tuple[str, str], int]:
    """{(category, unit): highest unit cost} of a norm set (one query unless prefetched)."""
    return {(n.category, n.unit): n.unit_cost for n in norm_set.norms.all()}


def check_line(*, category: str, unit: str, quantity: int, unit_cost: int, norms: dict) -> LineCheck:
    norm = norms.get((category, unit))
    if norm is None:
        return LineCheck(None, 0, _("No norm for this category and unit: Finance must decide."))
    if unit_cost <= norm:
        return LineCheck(norm, 0, "")
    excess = unit_cost - norm
    overrun = excess * quantity
    return LineCheck(
        norm,
        overrun,
        _("Over the norm by %(excess)s đồng per unit (norm %(norm)s): %(overrun)s đồng in all.")
        % {"excess": format_dong(excess), "norm": format_dong(norm), "overrun": format_dong(overrun)},
    )


def check(line, norms: dict) -> LineCheck:
    return check_line(
        category=line.category, unit=line.unit, quantity=line.quantity, unit_cost=line.unit_cost, norms=norms
    )
