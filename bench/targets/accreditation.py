from bench.harness import Target


def targets() -> list[Target]:
    from delegations.models import Liaison

    targets = [
        Target(name="accreditation-queue", path="/accreditation/", user="accreditation"),
        Target(name="accreditation-keys", path="/accreditation/keys.json"),
    ]
    liaison = Liaison.objects.filter(user__username="liaison.fra").first()
    if liaison is not None:
        targets.append(
            Target(
                name="accreditation-liaison-page",
                path=f"/accreditation/delegations/{liaison.delegation_id}/",
                user="liaison.fra",
            )
        )
    return targets
