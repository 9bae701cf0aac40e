"""Every audit action the code writes is registered, named by the one rule, and reads as a sentence."""

import ast
import pathlib
import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.audit.registry import all_actions, describe, is_registered
from hanoi_ceremony.audit.services import audit_record

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("hanoi_ceremony", "delegations", "agenda", "subcommittees")
CODE_RULE = re.compile(r"^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$")


def _action_literals() -> dict[str, str]:
    """Every string literal passed as `action=` (or as a branch of a conditional `action=`) in the source."""
    found: dict[str, str] = {}
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                for keyword in node.keywords:
                    if keyword.arg not in ("action", "audit_action"):
                        continue
                    values = [keyword.value]
                    if isinstance(keyword.value, ast.IfExp):
                        values = [keyword.value.body, keyword.value.orelse]
                    for value in values:
                        if (
                            isinstance(value, ast.Constant)
                            and isinstance(value.value, str)
                            and "." in value.value
                        ):
                            found[value.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
                        elif isinstance(value, ast.JoinedStr):
                            found["<f-string>"] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_action_literal_in_the_source_is_registered():
    literals = _action_literals()
    # form actions (URLs) are not audit codes; they never contain a dot-separated lower-case word pair
    codes = {code: where for code, where in literals.items() if not code.startswith(("/", "http"))}

    unregistered = {code: where for code, where in codes.items() if not is_registered(code)}

    assert len(codes) > 60  # the scan really found the services' codes
    assert unregistered == {}


def test_every_registered_code_follows_the_naming_rule():
    assert [code for code in all_actions() if not CODE_RULE.match(code)] == []


def test_the_registry_is_strict():
    assert settings.AUDIT_REQUIRE_REGISTERED is True


@pytest.mark.django_db
def test_an_unregistered_action_is_refused():
    target = ContentType.objects.first()

    with pytest.raises(LookupError):
        audit_record(actor=None, action="thing.unheard_of", target=target)

    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_every_sentence_renders_without_codes_in_every_language():
    target = ContentType.objects.first()
    entry = AuditEntry(
        action="",
        target_type=target,
        target_id="1",
        target_repr="Viet Nam",
        actor_repr="organiser",
        from_state="",
        to_state="",
        data={},
    )
    for language in [code for code, _name in settings.LANGUAGES]:
        with translation.override(language):
            for code in all_actions():
                entry.action = code
                sentence = describe(entry)
                assert code not in sentence, (language, code, sentence)
                assert "%(" not in sentence, (language, code, sentence)
