"""One date presentation, localised, always with the year (hanoi_ceremony/formats)."""

import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import formats, translation

from hanoi_ceremony.core.dates import SaneDateField

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MOMENT = datetime.datetime(2026, 12, 10, 17, 0, tzinfo=HANOI)


def test_named_formats_carry_the_year_in_every_language():
    shown = {}
    for language in ("en", "fr", "vi"):
        with translation.override(language):
            shown[language] = (
                formats.date_format(MOMENT, "DATETIME_FORMAT"),
                formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT"),
            )

    assert shown["en"] == ("10 December 2026, 17:00", "10 Dec 2026")
    assert shown["fr"][0] == "10 décembre 2026, 17:00"
    assert shown["fr"][1].startswith("10 déc") and shown["fr"][1].endswith("2026")
    assert all("2026" in a and "2026" in b for a, b in shown.values())


def test_templates_and_validation_messages_use_the_same_presentation(ceremony):
    with translation.override("en"):
        page = Template('{% load tz %}{{ moment|date:"DATETIME_FORMAT" }}').render(
            Context({"moment": MOMENT})
        )
        try:
            SaneDateField().clean("1900-01-01")  # the field every date input goes through
        except Exception as exc:  # noqa: BLE001 - the message is what we look at
            message = " ".join(exc.messages)

    assert page == "10 December 2026, 17:00"
    assert message.startswith("Enter a date between 1 January ") and " and 31 December " in message
