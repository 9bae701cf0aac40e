"""The one place that says which dates this product accepts, for forms, query parameters and imports.

A date or time outside ``SANE_YEARS`` years of today is refused with a clear message: PostgreSQL would
store year 1 as a BC date after the time zone shift, and Python cannot represent the result of a report
"as of 9999-12-31 + 1 day". Anchored on today, not on the ceremony: the check needs no query, so validating a
form or a model costs nothing and changes no cached state; a treaty event and its records lie well within.
"""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The ceremony's time zone, defined once (settings.TIME_ZONE): times are stored in UTC and shown in it.
CEREMONY_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)

SANE_YEARS = 10


def sane_range() -> tuple[datetime.date, datetime.date]:
    anchor = timezone.localdate()
    return (
        datetime.date(max(anchor.year - SANE_YEARS, 1900), 1, 1),
        datetime.date(min(anchor.year + SANE_YEARS, 9000), 12, 31),
    )


def validate_sane_date(value) -> None:
    """Model and form validator for a DateField or DateTimeField."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    low, high = sane_range()
    if not (low <= day <= high):
        raise ValidationError(
            _("Enter a date between %(low)s and %(high)s."),
            code="out_of_range",
            params={
                "low": formats.date_format(low, "DATE_FORMAT"),
                "high": formats.date_format(high, "DATE_FORMAT"),
            },
        )


class SaneDateField(forms.DateField):
    default_validators = [validate_sane_date]


class SaneDateTimeField(forms.DateTimeField):
    default_validators = [validate_sane_date]


def parse_query_date(value: str | None, *, default: datetime.date | None = None) -> datetime.date | None:
    """A ``YYYY-MM-DD`` query parameter: `default` when absent; ``ValidationError`` (→ 400) when it is not
    a date or lies outside the sane range."""
    if not value:
        return default
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(gettext_lazy("Enter a date as YYYY-MM-DD."), code="invalid") from None
    validate_sane_date(day)
    return day


def guard_model_dates() -> None:
    """Give every DateField and DateTimeField of every installed model the sane-range validator, so
    ``full_clean`` (services, ModelForms, the admin) refuses year 1 or 9999 wherever the value comes from.

    Added to the field's computed ``validators`` list, not to ``_validators``: the check is behaviour of this
    product, not a schema change, so it produces no migration. Called once from ``CoreConfig.ready``."""
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.DateField) and validate_sane_date not in field.validators:
                field.validators.append(validate_sane_date)
