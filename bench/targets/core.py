from bench.harness import Target


def targets() -> list[Target]:
    return [Target(name="home", path="/")]
