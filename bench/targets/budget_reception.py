from bench.harness import Target


def targets() -> list[Target]:
    from subcommittees.budget.enums import EstimateStatus
    from subcommittees.budget.models import Estimate

    found = [
        Target(
            name="reception-arrivals-board", path="/reception/board/?day=2025-10-24", user="lead.reception"
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
