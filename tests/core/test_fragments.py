import pytest
from django.test import RequestFactory

from hanoi_ceremony.core.pagecache import bump, cached_fragment

pytestmark = pytest.mark.django_db


def _fragment(request, calls, key="k"):
    def context():
        calls.append(1)
        return {"name": "Viet Nam"}

    return cached_fragment(
        request,
        namespaces=("delegations",),
        key=key,
        template="notifications/test_message/body.html",
        context=context,
    )


def test_fragment_is_rendered_once_until_its_area_changes(make_user):
    request = RequestFactory().get("/")
    request.user = make_user()
    calls = []

    first = _fragment(request, calls)
    second = _fragment(request, calls)
    bump("delegations")
    third = _fragment(request, calls)

    assert first == second == third
    assert "Viet Nam" in first
    assert len(calls) == 2


def test_fragments_with_different_keys_are_kept_apart(make_user):
    request = RequestFactory().get("/")
    request.user = make_user()
    calls = []

    _fragment(request, calls, key="user-1")
    _fragment(request, calls, key="user-2")

    assert len(calls) == 2


def test_fragment_forms_get_each_visitors_own_csrf_token(make_user):
    from django.middleware.csrf import _unmask_cipher_token, get_token

    from hanoi_ceremony.core.pagecache import cached_fragment

    def form_fragment(request):
        return cached_fragment(
            request,
            namespaces=("x",),
            key="form",
            template="notifications/test_message/form.html",
            context=dict,
        )

    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    first.user = second.user = make_user()
    html_first, html_second = form_fragment(first), form_fragment(second)

    token_first = html_first.split('value="')[1].split('"')[0]
    token_second = html_second.split('value="')[1].split('"')[0]
    assert _unmask_cipher_token(token_first) == _unmask_cipher_token(get_token(first))
    assert _unmask_cipher_token(token_second) == _unmask_cipher_token(get_token(second))
    assert _unmask_cipher_token(token_first) != _unmask_cipher_token(token_second)
