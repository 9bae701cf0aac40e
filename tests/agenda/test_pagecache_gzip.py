"""Cached public pages are compressed once, when stored, and sent compressed to clients that accept it."""

import gzip

import pytest
from django.urls import reverse

from hanoi_ceremony.core import pagecache

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(ceremony):
    for i in range(30):
        SessionFactory(title=f"Side event number {i} on capacity building")
    return reverse("agenda:programme_ics")


def test_a_client_accepting_gzip_gets_the_same_body_compressed(client, feed):
    plain = client.get(feed)
    packed = client.get(feed, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert packed["ETag"] != plain["ETag"]  # two representations, two tags


def test_the_body_is_compressed_once_not_per_request(client, feed, monkeypatch):
    client.get(feed, HTTP_ACCEPT_ENCODING="gzip")
    calls = []
    monkeypatch.setattr(pagecache.gzip, "compress", lambda *a, **k: calls.append(1) or b"")

    again = client.get(feed, HTTP_ACCEPT_ENCODING="gzip")

    assert again["Content-Encoding"] == "gzip" and gzip.decompress(again.content)
    assert calls == []


def test_either_current_tag_answers_not_modified(client, feed):
    plain = client.get(feed)
    packed = client.get(feed, HTTP_ACCEPT_ENCODING="gzip")

    assert client.get(feed, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304
    assert client.get(feed, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304
    # A client that cannot read gzip holding the compressed tag gets the plain body.
    assert client.get(feed, HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 200
    listed = f'"other", {plain["ETag"]}'
    assert client.get(feed, HTTP_IF_NONE_MATCH=listed).status_code == 304


def test_a_change_moves_both_tags(client, feed):
    plain = client.get(feed)
    packed = client.get(feed, HTTP_ACCEPT_ENCODING="gzip")

    pagecache.bump("programme")
    pagecache.forget_local()

    assert client.get(feed, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 200
    assert client.get(feed, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 200


def test_a_small_body_is_kept_plain_and_a_large_one_compressed():
    from django.http import HttpResponse

    small = pagecache._stored(HttpResponse(b"x" * (pagecache.GZIP_MIN_BYTES - 1), content_type="text/plain"))
    large = pagecache._stored(HttpResponse(b"x" * pagecache.GZIP_MIN_BYTES, content_type="text/plain"))

    assert small[3] is None
    assert gzip.decompress(large[3]) == large[0]
