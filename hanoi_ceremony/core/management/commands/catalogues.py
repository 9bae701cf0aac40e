"""Refresh the translation catalogues, or check that they are complete.

    manage.py catalogues           # makemessages (vi, fr) over the source tree, then compilemessages
    manage.py catalogues --check   # fail if a message is untranslated or fuzzy, or if makemessages would
                                   # add a message the committed catalogues lack (nothing is written)

One catalogue layout for the whole project: ``locale/<lang>/LC_MESSAGES/django.po``.
"""

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

LANGUAGES = ("vi", "fr")
SOURCE_DIRS = ("hanoi_ceremony", "delegations", "agenda", "subcommittees", "templates", "tests")
# The tests' own templates (tests/templates: e-mails rendered in several languages) are catalogued; the
# tests' Python files are not.
IGNORE = [
    ".venv",
    "var",
    "static",
    "bench",
    "node_modules",
    "*/migrations/*",
    "tests/*.py",
    "tests/*/*.py",
    "tests/*/*/*.py",
    "tests/e2e",
]


def _keys(path: Path) -> set[tuple[str, str]]:
    import polib

    return {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


class Command(BaseCommand):
    help = "Refresh the vi/fr catalogues (makemessages + compilemessages), or --check that they are complete."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="write nothing; fail on any gap")

    def handle(self, *args, check: bool, **options):
        base = Path(settings.BASE_DIR)
        if not check:
            cwd = os.getcwd()
            os.chdir(base)
            try:
                call_command(
                    "makemessages",
                    locale=list(LANGUAGES),
                    ignore_patterns=IGNORE,
                    no_obsolete=True,
                    verbosity=0,
                )
                call_command("compilemessages", locale=list(LANGUAGES), ignore_patterns=IGNORE, verbosity=0)
            finally:
                os.chdir(cwd)
            return
        problems = self._check(base)
        if problems:
            raise CommandError("Translation catalogues are incomplete:\n" + "\n".join(problems))
        self.stdout.write("catalogues: complete")

    def _check(self, base: Path) -> list[str]:
        import polib

        problems = []
        for language in LANGUAGES:
            po = polib.pofile(str(base / "locale" / language / "LC_MESSAGES" / "django.po"))
            for entry in po:
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags:
                    problems.append(f"{language}: fuzzy: {entry.msgid[:80]!r}")
                elif not entry.translated():
                    problems.append(f"{language}: untranslated: {entry.msgid[:80]!r}")
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for name in SOURCE_DIRS:
                (root / name).symlink_to(base / name, target_is_directory=True)
            (root / "locale").mkdir()
            cwd = os.getcwd()
            os.chdir(root)
            try:
                with override_settings(LOCALE_PATHS=[root / "locale"]):
                    call_command(
                        "makemessages",
                        locale=["vi"],
                        ignore_patterns=IGNORE,
                        symlinks=True,
                        no_obsolete=True,
                        verbosity=0,
                    )
            finally:
                os.chdir(cwd)
            fresh = _keys(root / "locale" / "vi" / "LC_MESSAGES" / "django.po")
            shutil.rmtree(root / "locale")
        committed = _keys(base / "locale" / "vi" / "LC_MESSAGES" / "django.po")
        for _ctx, msgid in sorted(fresh - committed):
            problems.append(f"not in the catalogues (run `make messages`): {msgid[:80]!r}")
        return problems
