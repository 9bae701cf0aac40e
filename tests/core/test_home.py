import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse

from hanoi_ceremony.core.models import Ceremony
from tests.factories import CeremonyFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_ceremony(client, ceremony):
    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert "Hanoi Convention" in response.content.decode()
    assert "National Convention Centre" in response.content.decode()


def test_home_without_a_ceremony_explains_what_to_do(client):
    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert "No ceremony is set up yet" in response.content.decode()


def test_home_query_count_is_small_for_anonymous_visitors(client, ceremony, django_assert_num_queries):
    client.get(reverse("core:home"))  # warms the page cache

    with django_assert_num_queries(1):  # the content version
        response = client.get(reverse("core:home"))

    assert response.status_code == 200


def test_home_is_translated_into_vietnamese(client, ceremony):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
    assert "Mở ký" in response.content.decode()


def test_a_second_ceremony_is_refused_by_the_database(ceremony):
    with pytest.raises(IntegrityError):
        Ceremony.objects.create(
            singleton=True,
            name="x",
            short_name="x",
            venue="x",
            city="x",
            host_country_code="VNM",
            first_day=ceremony.first_day,
            last_day=ceremony.last_day,
            open_for_signature_until=ceremony.open_for_signature_until,
        )


def test_a_ceremony_ending_before_it_starts_is_refused(db):
    import datetime

    with pytest.raises(IntegrityError):
        CeremonyFactory(first_day=datetime.date(2025, 10, 26), last_day=datetime.date(2025, 10, 25))


def test_seed_demo_is_idempotent(db, capsys):
    call_command("seed_demo")
    first = {m.__name__: m.objects.count() for m in _models()}

    call_command("seed_demo")
    second = {m.__name__: m.objects.count() for m in _models()}

    assert first == second
    assert Ceremony.objects.get().short_name == "Hanoi Convention"
    assert "hanoi-demo-2025" in capsys.readouterr().out


def test_seed_demo_refuses_an_absurd_scale(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", scale=0)


def _models():
    from django.apps import apps

    return [m for m in apps.get_models() if m._meta.app_label not in {"sessions", "admin", "contenttypes"}]


def test_home_is_served_from_the_cache_until_the_ceremony_changes(client, ceremony):
    from hanoi_ceremony.core.pagecache import bump
    from hanoi_ceremony.core.selectors import ceremony_forget

    client.get(reverse("core:home"))
    ceremony.theme = "A new theme"
    ceremony.save()
    ceremony_forget()
    assert "A new theme" not in client.get(reverse("core:home")).content.decode()

    bump("ceremony")

    assert "A new theme" in client.get(reverse("core:home")).content.decode()


def test_home_answers_not_modified_to_a_matching_etag(client, ceremony):
    first = client.get(reverse("core:home"))

    again = client.get(reverse("core:home"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_language_switch_works_without_a_csrf_token(ceremony):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"


def test_page_version_is_memoised_per_process_for_the_configured_seconds(settings, ceremony):
    import time_machine  # noqa: F401  (monotonic time is not travelled; use a tiny TTL instead)

    from hanoi_ceremony.core.models import ContentVersion
    from hanoi_ceremony.core.pagecache import current_version

    settings.PAGECACHE_VERSION_TTL = 60
    ContentVersion.objects.create(namespace="board", version=3)
    assert current_version("board") == 3

    ContentVersion.objects.filter(namespace="board").update(version=4)  # a bump by another process

    assert current_version("board") == 3
    settings.PAGECACHE_VERSION_TTL = 0
    assert current_version("board") == 4


def test_favicon_ico_is_served(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
