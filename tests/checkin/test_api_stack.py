"""The device API's own middleware stack (settings.DEVICE_API_MIDDLEWARE) and the redeem answer the hot path
writes out itself: both must still give what the pages' stack and ninja's validation gave."""

import json

import pytest
from django.conf import settings
from django.test import override_settings

from delegations.checkin.api import RedeemOut
from hanoi_ceremony.core.middleware import DEVICE_API_POLICY, DeviceApiBranchMiddleware
from tests.checkin.conftest import nonce

pytestmark = pytest.mark.django_db


def redeem(client, body, token, **headers):
    return client.post(
        "/api/checkin/redeem",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **headers,
    )


def test_a_device_answer_carries_the_security_headers_and_its_length_but_no_cookie(
    client, paired, hall, make_badge, credential, make_user
):
    _, token = paired
    client.force_login(make_user())  # a browser's session cookie is not read on the device API
    response = redeem(
        client, {"list_id": hall.pk, "nonce": nonce(), "text": credential(make_badge("DEL"))}, token
    )

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == DEVICE_API_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert int(response["Content-Length"]) == len(response.content)
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert not hasattr(response.wsgi_request, "session")
    assert not hasattr(response.wsgi_request, "user")


def test_pages_and_the_api_docs_keep_the_pages_stack(client, ceremony):
    for path in ("/", "/api/docs"):
        response = client.get(path)
        assert "script-src 'self'" in response["Content-Security-Policy"], path
        assert hasattr(response.wsgi_request, "session"), path


def test_the_device_api_answers_in_the_language_the_device_asks_for(
    client, paired, hall, make_badge, credential
):
    _, token = paired
    body = {"list_id": hall.pk, "nonce": nonce(), "text": credential(make_badge("DEL"))}
    redeem(client, body, token)

    again = redeem(client, {**body, "nonce": nonce()}, token, HTTP_ACCEPT_LANGUAGE="fr")

    assert again.json()["reason_label"] == "Déjà à l'intérieur"
    assert again["Content-Language"] == "fr"


def test_a_host_this_site_does_not_answer_to_is_refused(client, paired, hall):
    _, token = paired
    response = redeem(
        client, {"list_id": hall.pk, "nonce": nonce(), "serial": 1}, token, HTTP_HOST="evil.example"
    )
    assert response.status_code == 400


def test_an_unknown_device_api_path_is_a_plain_404(client, paired):
    _, token = paired
    response = client.get("/api/checkin/nothing-here", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_every_redeem_answer_matches_its_documented_schema(client, paired, hall, make_badge, credential):
    """The redeem view writes its JSON itself (not validated again by ninja on every scan): here it is."""
    _, token = paired
    badge = make_badge("DEL")
    first = {"list_id": hall.pk, "nonce": nonce(), "text": credential(badge)}
    answers = [
        redeem(client, first, token),  # accepted, with the holder
        redeem(client, {**first, "nonce": nonce()}, token),  # already inside
        redeem(client, first, token),  # the same nonce again: the first outcome, duplicate
        redeem(client, {"list_id": hall.pk, "nonce": nonce(), "text": "HC1:junk"}, token),  # no holder
        redeem(client, {"list_id": hall.pk, "nonce": nonce(), "serial": badge.serial}, token),  # typed
    ]

    assert [a.status_code for a in answers] == [200] * 5
    for answer in answers:
        data = answer.json()
        assert RedeemOut.model_validate(data).model_dump(mode="json") == data
        assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert [a.json()["result"] for a in answers] == [
        "accepted",
        "rejected",
        "accepted",
        "rejected",
        "rejected",
    ]
    assert answers[2].json()["duplicate"] is True
    assert answers[3].json()["holder"] is None


class Marking:
    """A middleware with every hook a stack may hold: the branch must call them as Django would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["X-Marked"] = ",".join(getattr(request, "marks", []))
        return response

    def process_view(self, request, view, args, kwargs):
        request.marks = [*getattr(request, "marks", []), "view"]

    def process_exception(self, request, exception):
        return None


@override_settings(DEVICE_API_MIDDLEWARE=[f"{__name__}.Marking"])
def test_the_branch_runs_its_stack_with_its_view_hooks_and_leaves_the_setting_alone(client, paired):
    before = list(settings.MIDDLEWARE)
    _, token = paired
    response = client.get("/api/checkin/device", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (response.status_code, response["X-Marked"]) == (200, "view")
    assert "X-Marked" not in client.get("/livez")
    assert before == settings.MIDDLEWARE


@override_settings(DEVICE_API_PATHS=["/api/checkin/"], DEVICE_API_MIDDLEWARE=[])
def test_the_branch_serves_device_paths_from_its_own_stack_only(rf):
    from django.urls import set_urlconf

    calls = []
    branch = DeviceApiBranchMiddleware(lambda request: calls.append(request.path) or "pages")
    set_urlconf(None)

    assert branch(rf.get("/programme/")) == "pages"
    assert branch(rf.get("/api/checkin/device")).status_code == 401  # answered by the API, not the pages
    assert calls == ["/programme/"]
