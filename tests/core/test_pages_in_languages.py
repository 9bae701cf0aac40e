"""Every page a demo role reaches reads in Vietnamese and in French: no English sentence of the source
catalogue may appear on it (template text that escaped {% translate %}, a string built outside gettext)."""

import html
import io
import re
from urllib.parse import urljoin, urlsplit

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{[^}]*\}")
TAG = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)
HREF = re.compile(r'href="([^"#]+)"')
SKIP = re.compile(
    r"^/(admin|accounts/logout|i18n|static|media|api/docs)|\.(ics|csv|xlsx|pdf|json|png|jpg|svg|js|css)(\?|$)"
)
PAGES_PER_ROLE = 30


def _english_sentences() -> list[str]:
    """Fragments of at least three words of every message whose translation differs from the English."""
    po = polib.pofile(str(settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    fragments = set()
    for entry in po:
        if entry.obsolete or entry.msgid_plural or not entry.msgstr or entry.msgstr == entry.msgid:
            continue
        for chunk in PLACEHOLDER.split(entry.msgid):
            chunk = " ".join(chunk.split()).strip(" :;,.—–-()“”\"'")
            if len(chunk.split()) >= 3:
                fragments.add(chunk)
    return sorted(fragments, key=len, reverse=True)


def _content_text() -> str:
    """Every text the data holds (names, titles, descriptions entered by people, in English in the demo):
    a sentence found there is content, not an interface string that escaped translation."""
    from django.apps import apps
    from django.db import models

    chunks = []
    for model in apps.get_models():
        if model._meta.app_config.name.split(".")[0] not in {
            "hanoi_ceremony",
            "delegations",
            "agenda",
            "subcommittees",
        }:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if fields:
            for row in model._base_manager.values_list(*fields).iterator(chunk_size=2000):
                chunks.extend(str(v) for v in row if v)
    return "\n".join(chunks)


def _text(content: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", content)).split())


def _crawl(client, start: str = "/"):
    seen, queue = set(), [start]
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        content = response.content.decode()
        yield url, content
        for href in HREF.findall(content):
            target = urljoin(url, html.unescape(href))
            parts = urlsplit(target)
            if parts.netloc or SKIP.search(parts.path):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in seen:
                queue.append(path)


@pytest.mark.django_db
def test_no_english_sentence_on_any_page_in_vietnamese_or_french(client):
    from hanoi_ceremony.accounts.demo import DEMO_LOGINS
    from hanoi_ceremony.accounts.models import User

    call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())
    content = _content_text()
    sentences = [s for s in _english_sentences() if s not in content]
    offenders: dict[str, set[str]] = {}
    for language, username in [
        (lang, name) for lang in ("vi", "fr") for name in [None, *sorted(DEMO_LOGINS)]
    ]:
        client.logout()
        if username:
            user = User.objects.get(username=username)
            user.language = language
            user.save(update_fields=["language"])
            client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url, content in _crawl(client):
            text = _text(content)
            for sentence in sentences:
                if sentence in text:
                    offenders.setdefault(sentence, set()).add(f"{language} {username or 'anonymous'} {url}")
    report = "\n".join(f"{s!r} on {sorted(where)[:3]}" for s, where in sorted(offenders.items()))
    assert not offenders, f"English left on translated pages:\n{report}"
