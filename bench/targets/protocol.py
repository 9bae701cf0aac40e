from bench.harness import Target


def targets() -> list[Target]:
    """Signed-in protocol pages: the bilateral room × time grid and the levels-of-participation report."""
    return [
        Target(name="bilateral-grid", path="/programme/bilaterals/grid/?day=2025-10-25", user="organiser"),
        Target(name="protocol-levels", path="/protocol/levels/?as_of=2025-10-26", user="organiser"),
    ]
