from bench.harness import Target


def targets() -> list[Target]:
    """Signed-in protocol pages: the bilateral room × time grid of the opening day and the levels of
    participation as of the last day (the living demo's dates move with today: the ceremony names them)."""
    from hanoi_ceremony.core.selectors import ceremony_get

    ceremony = ceremony_get()
    first = ceremony.first_day.isoformat() if ceremony else ""
    last = ceremony.last_day.isoformat() if ceremony else ""
    return [
        Target(name="bilateral-grid", path=f"/programme/bilaterals/grid/?day={first}", user="organiser"),
        Target(name="protocol-levels", path=f"/protocol/levels/?as_of={last}", user="organiser"),
    ]
