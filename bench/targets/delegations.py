from bench.harness import Target


def targets() -> list[Target]:
    from delegations.models import Liaison

    targets = [
        Target(name="delegations-list", path="/delegations/", user="organiser"),
        Target(name="delegations-report", path="/delegations/report/?as_of=2025-10-14", user="organiser"),
    ]
    liaison = Liaison.objects.filter(user__username="liaison.fra").first()
    if liaison is not None:
        targets.append(
            Target(
                name="delegation-liaison-page",
                path=f"/delegations/{liaison.delegation_id}/",
                user="liaison.fra",
            )
        )
    return targets
