"""Integer đồng: parsing what people type and showing it with the locale's thousands separator.

The đồng has no minor unit in use, so amounts are whole numbers; a decimal point is a typing mistake, not
a fraction. "1,200,000", "1.200.000", "1 200 000" and "1200000" all mean 1 200 000 đồng.
"""

import re

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s\u00a0\u202f'])\d{3})?(?:\1\d{3})*$")
_PLAIN = re.compile(r"^\d+$")
MAX_DONG = 10**15  # a quadrillion đồng: far above any event, far below BigInteger's limit


def parse_dong(text) -> int:
    """Whole đồng from text; raises ValueError for anything else (fractions, signs, letters)."""
    if isinstance(text, bool):
        raise ValueError("not an amount")
    if isinstance(text, int):
        value = text
    else:
        raw = str(text).strip().removesuffix("₫").removesuffix("đ").removesuffix("VND").strip()
        if _PLAIN.match(raw):
            value = int(raw)
        elif _GROUPED.match(raw):
            value = int(re.sub(r"\D", "", raw))
        else:
            raise ValueError("not a whole amount")
    if value < 0 or value > MAX_DONG:
        raise ValueError("out of range")
    return value


def format_dong(value) -> str:
    """1234567 -> "1,234,567" (en), "1.234.567" (vi), "1 234 567" (fr)."""
    if value is None:
        return "—"
    value = int(value)
    separator = formats.get_format("THOUSAND_SEPARATOR") or ","
    digits = str(abs(value))
    groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
    return ("-" if value < 0 else "") + separator.join(groups)


class DongField(forms.CharField):
    """A form field for an amount in whole đồng, returning an int."""

    default_error_messages = {
        "invalid": _("Enter a whole amount in đồng (digits, optionally grouped by thousands)."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "maxlength": "30"})

    def prepare_value(self, value):
        if isinstance(value, int):
            return str(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 30:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_dong(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
