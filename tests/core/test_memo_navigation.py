"""The navigation is memoised per process ({% memo %} in base.html): it must still follow each visitor's
roles, language and review count, and never show one visitor's entries to another."""

from django.template import Context, Template
from django.urls import reverse

from hanoi_ceremony.accounts.roles import Role


def test_navigation_follows_roles_in_one_process(client, ceremony, organiser, make_user):
    liaison_like = make_user(Role.STEERING, username="steer")
    client.force_login(organiser)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("agenda:manage") in page
    assert reverse("admin:index") in page

    client.force_login(liaison_like)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("agenda:manage") not in page
    assert reverse("admin:index") not in page
    assert reverse("subcommittees:steering_dashboard") in page

    client.logout()
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("subcommittees:steering_dashboard") not in page
    assert reverse("accounts:login") in page


def test_navigation_follows_language(client, ceremony, organiser):
    client.force_login(organiser)
    english = client.get(reverse("core:home")).content.decode()
    organiser.language = "fr"
    organiser.save(update_fields=["language"])
    french = client.get(reverse("core:home")).content.decode()
    assert "Manage programme" in english
    assert "Manage programme" not in french


def test_memo_block_renders_once_per_key_value():
    template = Template("{% load memo %}{% memo key %}{{ key }}:{{ other }}{% endmemo %}")
    assert template.render(Context({"key": "a", "other": 1})) == "a:1"
    # same key: the memoised text, even though a value the key does not name changed
    assert template.render(Context({"key": "a", "other": 2})) == "a:1"
    assert template.render(Context({"key": "b", "other": 2})) == "b:2"
    # sets are keyed by their members, whatever their order
    roles = Template("{% load memo %}{% memo roles %}{{ n }}{% endmemo %}")
    assert roles.render(Context({"roles": {"x", "y"}, "n": 1})) == "1"
    assert roles.render(Context({"roles": {"y", "x"}, "n": 2})) == "1"
