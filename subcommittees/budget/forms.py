from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Category, SpendingKind, Unit
from .money import DongField


class ProposalCreateForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"))
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.pk, b.name) for b in bodies]


class LineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000_000)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    unit_cost = DongField(label=_("Unit cost (đồng)"))
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the unit cost is over the norm or there is no norm."),
    )
    task = forms.ModelChoiceField(label=_("Linked task"), queryset=None, required=False)

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        from subcommittees.models import Task

        self.fields["task"].queryset = tasks if tasks is not None else Task.objects.none()


class MessageForm(forms.Form):
    message = forms.CharField(label=_("What must change"), widget=forms.Textarea(attrs={"rows": 3}))


class NormSetForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)


class NormForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    unit_cost = DongField(label=_("Highest unit cost (đồng)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CapForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    cap = DongField(label=_("Ceiling for the event (đồng)"))


class EstimateCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class ApproveForm(forms.Form):
    decision_reference = forms.CharField(label=_("Decision number"), max_length=100, required=False)


class SpendingForm(forms.Form):
    line = forms.ChoiceField(label=_("Estimate line"))
    kind = forms.ChoiceField(label=_("Kind"), choices=SpendingKind.choices)
    amount = DongField(label=_("Amount (đồng)"))
    reference = forms.CharField(label=_("Contract or payment reference"), max_length=120)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [
            (line.pk, f"{line.get_category_display()} – {line.description}") for line in lines
        ]
