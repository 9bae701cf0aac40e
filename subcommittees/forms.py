"""Forms for subcommittee pages: validation and crispy layouts; saving is done by services."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.core.dates import SaneDateTimeField

from .enums import MembershipRole, MilestoneStatus, TaskStatus
from .models import ATTACHMENT_EXTENSIONS, Escalation, Milestone, Subcommittee, Task
from .services import EDITABLE_FIELDS

User = get_user_model()

DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _dt_widget():
    return forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT)


def _helper(label, *, form_tag=True, multipart=False, action=""):
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.form_method = "post"
    if action:
        helper.form_action = action
    if multipart:
        helper.attrs = {"enctype": "multipart/form-data"}
    helper.add_input(Submit("submit", label))
    return helper


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = list(EDITABLE_FIELDS)  # what task_update may change, defined once in the services
        widgets = {"due_at": _dt_widget(), "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "assignee": _("Clear person: who does the work."),
            "description": _("Clear work: what exactly is to be done."),
            "due_at": _("Clear time: when it is due (Hà Nội time), no later than its milestone."),
            "responsible_unit": _("Clear responsibility: the unit answerable for it."),
            "deliverable": _("Clear product: what is handed in."),
            "approver": _("Clear authority: who accepts the product."),
        }

    def __init__(self, *args, subcommittee: Subcommittee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            subcommittee_memberships__subcommittee=subcommittee, is_active=True
        ).order_by("first_name", "last_name", "username")
        self.fields["approver"].queryset = (
            User.objects.filter(
                Q(subcommittee_memberships__role=MembershipRole.LEAD)
                | Q(groups__name__in=[GROUP_ROLES[Role.STEERING], GROUP_ROLES[Role.SECRETARIAT]]),
                is_active=True,
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["milestone"].queryset = Milestone.objects.exclude(status=MilestoneStatus.CANCELLED)
        self.fields["due_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        self.helper = _helper(_("Save"))


class TransitionForm(forms.Form):
    """A button with an optional or required text (block reason, cancel reason, approval comment)."""

    text = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UpdateForm(forms.Form):
    body = forms.CharField(label=_("Update"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Up to 10 MB: %(types)s.") % {"types": ", ".join(ATTACHMENT_EXTENSIONS)},
    )

    def __init__(self, *args, action: str = "", submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label or _("Post update"), multipart=True, action=action)


class SubmitForm(UpdateForm):
    """The assignee hands in the product (a note and/or the file)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, submit_label=_("Submit product for approval"), **kwargs)
        self.fields["body"].label = _("What is handed in")


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class DependencyForm(forms.Form):
    depends_on = forms.ModelChoiceField(label=_("Depends on"), queryset=Task.objects.none())

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].queryset = (
            Task.objects.exclude(pk=task.pk)
            .exclude(status=TaskStatus.CANCELLED)
            .select_related("subcommittee")
            .order_by("subcommittee__order", "title")
        )
        self.fields["depends_on"].label_from_instance = lambda t: f"{t.subcommittee.name} — {t.title}"


class TaskFilterForm(forms.Form):
    subcommittee = forms.ModelChoiceField(
        label=_("Subcommittee"), queryset=Subcommittee.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "---------"), *TaskStatus.choices], required=False
    )
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=Milestone.objects.all(), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Mine only"), required=False)
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, subcommittees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subcommittee"].queryset = subcommittees


class EscalationForm(forms.ModelForm):
    class Meta:
        model = Escalation
        fields = ["title", "impact", "decision_needed", "needed_by", "task"]
        widgets = {
            "needed_by": _dt_widget(),
            "impact": forms.Textarea(attrs={"rows": 3}),
            "decision_needed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, subcommittee: Subcommittee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = Task.objects.filter(subcommittee=subcommittee).exclude(
            status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]
        )
        self.fields["task"].required = False
        self.fields["needed_by"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        self.helper = _helper(_("Escalate to the Steering Committee"))


class DecisionForm(forms.Form):
    decision = forms.CharField(
        label=_("Decision of the Steering Committee"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the decision"), action=action)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "at", "ends_at", "kind", "owner", "description"]
        widgets = {
            "at": _dt_widget(),
            "ends_at": _dt_widget(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.helper = _helper(_("Save"))


class MilestoneMoveForm(forms.Form):
    at = SaneDateTimeField(label=_("New date and time"), widget=_dt_widget(), input_formats=[DATETIME_FORMAT])
    ends_at = SaneDateTimeField(
        label=_("Ends"), widget=_dt_widget(), input_formats=[DATETIME_FORMAT], required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    reason = forms.CharField(label=_("Why"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))
