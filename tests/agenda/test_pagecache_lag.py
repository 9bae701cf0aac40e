"""The documented lag: a cached public page or signed-in fragment shows a change made in another process
within PAGECACHE_VERSION_TTL seconds, and once it has shown it never goes back to the old content.

"Another process" is this one with the version memo it had before the write put back: bump() forgets
the memo only in the process that writes, every other web worker keeps its memo until the TTL runs out."""

import time

from django.test import RequestFactory

from agenda import services
from hanoi_ceremony.core import pagecache

from .factories import SessionFactory

TTL = 0.4
SLACK = 0.15  # the render and the loop's own step


def _watch(fetch, *, committed: float) -> float:
    """Fetch until well past the TTL; return when the first request that showed the change began. Every
    stale answer must be to a request begun within the TTL, and none may follow the first fresh one."""
    seen = None
    while time.monotonic() - committed < TTL * 2.5:
        began = time.monotonic() - committed  # a request's answer depends on when it started
        fresh = fetch()
        if fresh:
            seen = began if seen is None else seen
        else:
            assert seen is None, "an old page came back after the new one"
            assert began <= TTL + SLACK, f"still the old page for a request {began:.2f} s after the change"
        time.sleep(0.02)
    assert seen is not None, "the change never showed"
    return seen


def test_public_programme_shows_a_change_from_another_process_within_the_ttl(
    client, ceremony, organiser, settings
):
    settings.PAGECACHE_VERSION_TTL = TTL
    session = SessionFactory(title="Opening, before the move")
    assert "before the move" in client.get("/programme/").content.decode()
    memo_elsewhere = dict(pagecache._versions)  # what another worker holds

    services.session_update(session=session, by=organiser, title="Opening, after the move")
    committed = time.monotonic()
    pagecache._versions.update(memo_elsewhere)

    seen = _watch(lambda: "after the move" in client.get("/programme/").content.decode(), committed=committed)
    assert seen <= TTL + SLACK


def test_signed_in_fragment_shows_a_change_from_another_process_within_the_ttl(make_user, settings):
    settings.PAGECACHE_VERSION_TTL = TTL
    request = RequestFactory().get("/")
    request.user = make_user()
    state = {"name": "Viet Nam"}

    def fragment():
        return pagecache.cached_fragment(
            request,
            namespaces=("delegations",),
            key="lag",
            template="notifications/test_message/body.html",
            context=lambda: dict(state),
        )

    assert "Viet Nam" in fragment()
    memo_elsewhere = dict(pagecache._versions)
    state["name"] = "Việt Nam, renamed"
    pagecache.bump("delegations")
    committed = time.monotonic()
    pagecache._versions.update(memo_elsewhere)

    seen = _watch(lambda: "renamed" in fragment(), committed=committed)
    assert seen <= TTL + SLACK


def test_without_the_ttl_the_old_page_would_stay(client, ceremony, organiser, settings):
    """The check above can fail: with a memo that never expires the other process keeps the old page."""
    settings.PAGECACHE_VERSION_TTL = 3600
    session = SessionFactory(title="Plenary, before")
    client.get("/programme/")
    memo_elsewhere = dict(pagecache._versions)

    services.session_update(session=session, by=organiser, title="Plenary, after")
    pagecache._versions.update(memo_elsewhere)
    time.sleep(TTL + SLACK)

    assert "Plenary, before" in client.get("/programme/").content.decode()
