"""Strict CSP (no inline script anywhere) and a Permissions-Policy that denies the camera unless a view asks."""

import re
from pathlib import Path

from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_pages_carry_a_strict_content_security_policy(client, ceremony):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_no_template_has_inline_script_handlers_or_javascript_links():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        rel = str(template.relative_to(TEMPLATES))
        if any(part in rel for part in ("reminders/messages/",)):
            continue  # e-mail bodies: never served as pages
        text = template.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(f"{rel}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{rel}: on…= handler")
        if "javascript:" in text:
            offenders.append(f"{rel}: javascript: link")
        if re.search(r"<style\b", text):
            offenders.append(f"{rel}: inline <style>")
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{rel}: style attribute")

    assert offenders == []


def test_permissions_policy_denies_camera_microphone_geolocation_by_default(client, ceremony):
    policy = client.get("/")["Permissions-Policy"]

    assert {"camera=()", "microphone=()", "geolocation=()"} <= {p.strip() for p in policy.split(",")}


def _scanner(request):
    response = HttpResponse("scanner")
    response["Permissions-Policy"] = "camera=(self)"
    return response


urlpatterns = [path("scanner-test/", _scanner)]


@override_settings(ROOT_URLCONF=__name__)
def test_permissions_policy_set_by_a_view_is_kept(client, db):
    assert client.get("/scanner-test/")["Permissions-Policy"] == "camera=(self)"


def test_upload_response_keeps_its_own_sandbox_policy(client, ceremony):
    from django.urls import reverse

    from delegations import services
    from delegations.enums import Capacity
    from tests.delegations.factories import LiaisonFactory, photo_upload

    link = LiaisonFactory(delegation__country_code="FRA", delegation__name="France")
    member = services.member_add(
        delegation=link.delegation,
        by=link.user,
        data={"family_name": "Martin", "capacity": Capacity.ADVISER},
        photo=photo_upload(),
    )
    client.force_login(link.user)

    response = client.get(reverse("delegations:member_photo", args=[link.delegation.pk, member.pk]))

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
