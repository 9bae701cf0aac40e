from bench.harness import Target


def targets() -> list[Target]:
    from subcommittees.budget.enums import EstimateStatus
    from subcommittees.budget.models import Estimate

    found = [
        Target(
            name="reception-arrivals-board",
            path=f"/reception/board/?day={_busiest_day()}",
            user="lead.reception",
        ),
        Target(name="budget-proposals", path="/budget/", user="finance.reviewer"),
    ]
    estimate = Estimate.objects.filter(status=EstimateStatus.APPROVED).order_by("pk").first()
    if estimate is not None:
        found.append(
            Target(
                name="budget-consolidated-estimate", path=f"/budget/estimates/{estimate.pk}/", user="steering"
            )
        )
    return found


def _busiest_day() -> str:
    """The day most people land, in Hà Nội (the seeded demo is the living one: its dates move with today)."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from delegations.models import Member
    from hanoi_ceremony.core.dates import CEREMONY_TZ

    row = (
        Member.objects.exclude(arrival_at=None)
        .annotate(day=TruncDate("arrival_at", tzinfo=CEREMONY_TZ))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("-n", "day")
        .first()
    )
    return row["day"].isoformat() if row else ""
