"""No page links to a page its reader cannot open: sign in as every demo role, follow every link on every page
reached (bounded), and fail on any 403, 404, 500 or bounce to the sign-in page."""

import collections
import html
import io
import re
import urllib.parse

import pytest
from django.core.management import call_command
from django.test import Client

from hanoi_ceremony.accounts.models import User

ROLES = [
    "organiser",
    "steering",
    "secretariat",
    "accreditation",
    "lead.content",
    "member.content",
    "liaison.vnm",
    "liaison.changes",
    "liaison.fra",
    "programme-organiser",
    "programme-liaison",
]
MAX_PAGES = 70  # per role
PER_PATTERN = 2  # pages of one shape (ids replaced) per role
SKIP = (
    "/accounts/logout",
    "/admin/",
    "/i18n/",
    "/static/",
    "/healthz",
)
HREF = re.compile(r'href="([^"#]*)')


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(client: Client, *, start: list[str]) -> list[tuple[str, int, str]]:
    """(url, status, found on) for every broken link reached from `start`."""
    queue = collections.deque((url, "(start)") for url in start)
    seen: set[str] = set()
    per_pattern: collections.Counter = collections.Counter()
    broken = []
    pages = 0
    while queue and pages < MAX_PAGES:
        url, referrer = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        pattern = _pattern(url)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        response = client.get(url)
        pages += 1
        status = response.status_code
        if status in (301, 302, 303):
            location = response["Location"]
            if location.startswith("/accounts/login"):
                broken.append((url, 302, referrer))
            elif location.startswith("/"):
                queue.appendleft((location, url))
            continue
        if status in (403, 404) or status >= 500:
            broken.append((url, status, referrer))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for href in HREF.findall(body.decode("utf-8", "replace")):
            href = html.unescape(href)
            if not href.startswith("/") or href.startswith("//"):
                continue
            target = urllib.parse.urljoin(url, href)
            if target not in seen:
                queue.append((target, url))
    return broken


@pytest.mark.django_db
def test_every_demo_role_reaches_only_pages_it_may_open():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    report = []
    for username in ROLES:
        user = User.objects.get(username=username)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url, status, referrer in crawl(client, start=["/"]):
            report.append(f"{username}: {status} {url} (linked from {referrer})")

    assert report == [], "\n".join(report)


def test_my_tasks_shows_only_for_roles_that_can_have_tasks(client, make_user, ceremony):
    from django.urls import reverse

    from hanoi_ceremony.accounts.roles import Role

    url = reverse("subcommittees:my_tasks")
    client.force_login(make_user(Role.ACCREDITATION, username="acc"))
    without = client.get("/").content.decode()
    client.force_login(make_user(Role.STEERING, username="steer"))
    with_tasks = client.get("/").content.decode()

    assert f'href="{url}"' not in without
    assert f'href="{url}"' in with_tasks
