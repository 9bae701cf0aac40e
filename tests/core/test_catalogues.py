"""The vi and fr catalogues are complete: nothing untranslated or fuzzy, nothing makemessages would add."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_catalogues_are_complete():
    try:
        call_command("catalogues", check=True)
    except CommandError as exc:  # show every gap, not just the first
        pytest.fail(str(exc))


def test_catalogue_check_notices_an_untranslated_message(tmp_path, settings):
    import shutil

    import polib

    from hanoi_ceremony.core.management.commands.catalogues import SOURCE_DIRS

    base = tmp_path / "proj"
    shutil.copytree(settings.BASE_DIR / "locale", base / "locale")
    for name in SOURCE_DIRS:
        (base / name).symlink_to(settings.BASE_DIR / name, target_is_directory=True)
    po_path = base / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    po[0].msgstr = ""
    po.save()
    settings.BASE_DIR = base

    with pytest.raises(CommandError, match="fr: untranslated"):
        call_command("catalogues", check=True)
