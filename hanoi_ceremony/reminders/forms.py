import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ReminderState
from .models import MAX_OFFSET_MINUTES, ReminderRule
from .registry import source_choices

_UNITS = {"d": 24 * 60, "h": 60, "m": 1, "": 1}
_PART = re.compile(r"^\s*(\d+)\s*([dhm]?)\s*$", re.IGNORECASE)


def offsets_format(minutes: list[int]) -> str:
    parts = []
    for value in minutes:
        if value and value % (24 * 60) == 0:
            parts.append(f"{value // (24 * 60)}d")
        elif value and value % 60 == 0:
            parts.append(f"{value // 60}h")
        else:
            parts.append(f"{value}m")
    return ", ".join(parts)


class OffsetsField(forms.CharField):
    """Offsets typed as '7d, 1d, 2h, 30m' (days, hours, minutes before), stored as a list of minutes."""

    default_error_messages = {
        "invalid": _("Write offsets like “7d, 1d, 2h, 30m” (days, hours, minutes before)."),
        "duplicate": _("Each offset may appear only once."),
        "range": _("An offset must be between 0 minutes and one year."),
    }

    def prepare_value(self, value):
        if isinstance(value, list):
            return offsets_format(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return []
        result = []
        for part in text.split(","):
            match = _PART.match(part)
            if not match:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            minutes = int(match.group(1)) * _UNITS[match.group(2).lower()]
            if minutes > MAX_OFFSET_MINUTES:
                raise forms.ValidationError(self.error_messages["range"], code="range")
            result.append(minutes)
        if len(set(result)) != len(result):
            raise forms.ValidationError(self.error_messages["duplicate"], code="duplicate")
        return sorted(result, reverse=True)


class ReminderRuleForm(forms.ModelForm):
    source_key = forms.ChoiceField(label=_("source"), choices=())
    offsets_minutes = OffsetsField(label=_("offsets before the moment"), help_text=_("e.g. 7d, 1d, 2h"))

    class Meta:
        model = ReminderRule
        fields = ["source_key", "name", "offsets_minutes", "in_app", "email", "audience", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = source_choices()
        current = self.instance.source_key if self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["source_key"].choices = choices


class ReminderFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("state"), required=False)
    source = forms.ChoiceField(label=_("source"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states"))] + list(ReminderState.choices)
        self.fields["source"].choices = [("", _("All sources"))] + source_choices()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("state", css_class="col-md-4"),
                Column("source", css_class="col-md-5"),
                Column(Submit("", _("Filter"), css_class="btn-secondary mt-md-4"), css_class="col-md-3"),
            )
        )
