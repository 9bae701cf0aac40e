"""What a benchmark target is. Each capability lists its pages in bench/targets/<app>.py as

    def targets() -> list[Target]: ...

called inside Django against the seeded (`seed_demo --scale 10`) benchmark database, so it may look up ids.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str  # short, no spaces: printed as "bench: <name> ..."
    path: str  # e.g. "/programme/"
    user: str | None = None  # username of a seeded demo user to sign in as; None = anonymous (public page)
    # Non-GET targets (a device API): the in-process query count sends `method` with `body`; wrk sends what
    # the Lua script `wrk_script` (a file path) builds, e.g. a different body per request.
    method: str = "GET"
    body: str = ""  # "{n}" is replaced (warm-up, then the counted request)
    warm_body: str = ""  # the warm-up's body when it must differ (e.g. another badge); default: `body`
    headers: tuple[tuple[str, str], ...] = ()
    wrk_script: str = ""
    before_run: Callable[[], None] | None = None  # called before each wrk run of this target (e.g. a reset)
    # Own targets instead of the public/signed-in ones, when the capability states them (issue 13: ≥ 0.3×, ≤ 50 ms).
    min_ratio: float | None = None
    max_p99_ms: float | None = None

    @property
    def public(self) -> bool:
        return self.user is None
