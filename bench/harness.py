"""What a benchmark target is. Each capability lists its pages in bench/targets/<app>.py as

    def targets() -> list[Target]: ...

called inside Django against the seeded (`seed_demo --scale 10`) benchmark database, so it may look up ids.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str  # short, no spaces: printed as "bench: <name> ..."
    path: str  # e.g. "/programme/"
    user: str | None = None  # username of a seeded demo user to sign in as; None = anonymous (public page)

    @property
    def public(self) -> bool:
        return self.user is None
