"""Thin views: check permission, call a selector or a service, render."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hanoi_ceremony.audit.selectors import audit_history
from hanoi_ceremony.core import pagecache
from hanoi_ceremony.core.forms import apply_service_errors
from hanoi_ceremony.core.pagecache import cached_fragment, current_version

from . import permissions, selectors, services
from .enums import OPEN_STATUSES, EscalationStatus, TaskStatus
from .forms import (
    DecisionForm,
    DependencyForm,
    EscalationForm,
    MilestoneForm,
    MilestoneMoveForm,
    ProgressForm,
    SubmitForm,
    TaskFilterForm,
    TaskForm,
    TransitionForm,
    UpdateForm,
)
from .models import Escalation, Milestone, Subcommittee, Task, TaskUpdate


def _refuse(request, message: str, status: int = 403):
    return render(request, "subcommittees/message.html", {"message": message}, status=status)


def _signed_in(view):
    """Anonymous → login; signed in without any subcommittee role → 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.has_subcommittee_access(request.user):
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return _refuse(request, str(exc) or _("You may not do this."), 403)
        except services.TransitionError as exc:
            return _refuse(request, exc.message, 409)

    return wrapped


@login_required
def home(request):
    user = request.user
    if permissions.sees_everything(user):
        return redirect("subcommittees:steering_dashboard")
    led = permissions.led_subcommittee_ids(user) or set(permissions.memberships_of(user))
    if led:
        subcommittee = Subcommittee.objects.filter(pk__in=led).order_by("order").first()
        return redirect(subcommittee.get_absolute_url())
    return redirect("subcommittees:my_tasks")


# --- dashboards ----------------------------------------------------------------------------------------
# The heavy part of each dashboard and list is a fragment cached under the "subcommittees" content version
# (bumped by every service that changes tasks, escalations or milestones) plus, in its key, the scope the
# visitor sees, the GET filters and the minute: "overdue", "due this week" and "days to" move with the clock.
NAMESPACE = services.NAMESPACE
FRAGMENT_SECONDS = 300  # the minute in the key makes older entries useless anyway


def _minute() -> str:
    return timezone.now().strftime("%Y%m%d%H%M")


@_signed_in
def steering_dashboard(request):
    if not permissions.sees_everything(request.user):
        raise PermissionDenied
    body = cached_fragment(
        request,
        # Confirmed delegations are counted on this dashboard: the delegations area versions it too.
        namespaces=(NAMESPACE, "delegations"),
        key=f"steering:{_minute()}",
        template="subcommittees/_steering_body.html",
        context=lambda: {"d": selectors.steering_dashboard(), "now": timezone.now()},
        seconds=FRAGMENT_SECONDS,
    )
    return render(request, "subcommittees/steering_dashboard.html", {"body": body})


def _subcommittee_by_slug(slug: str) -> Subcommittee:
    """The subcommittee, from this process's page memory while the area's version stands (a rename in the
    admin bumps it), so the lead dashboard's permission check needs no query once warm."""
    key = f"subcommittees:slug:{current_version(NAMESPACE)}:{slug}"
    subcommittee = pagecache._local_get(key)
    if subcommittee is None:
        subcommittee = get_object_or_404(Subcommittee, slug=slug)  # unknown slugs are not remembered
        pagecache._local_put(key, subcommittee)
    return subcommittee


@_signed_in
def lead_dashboard(request, slug):
    subcommittee = _subcommittee_by_slug(slug)
    if not permissions.can_view_subcommittee(request.user, subcommittee):
        raise Http404
    can_create = permissions.can_create_task(request.user, subcommittee)
    can_escalate = permissions.can_escalate(request.user, subcommittee)

    def context():
        d = selectors.lead_dashboard(subcommittee=subcommittee)
        chart = {
            "labels": [m["title"] or _("No milestone") for m in d.milestones],
            "done": [m["percent"] for m in d.milestones],
            "progress": [m["progress"] for m in d.milestones],
            "label_done": _("Tasks done (%)"),
            "label_progress": _("Average progress (%)"),
        }
        return {
            "d": d,
            "chart": chart,
            "can_create": can_create,
            "can_escalate": can_escalate,
            "now": timezone.now(),
        }

    body = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=f"lead:{subcommittee.pk}:{int(can_create)}{int(can_escalate)}{int(permissions.can_view_milestone_reports(request.user))}:{_minute()}",
        template="subcommittees/_lead_body.html",
        context=context,
        seconds=FRAGMENT_SECONDS,
    )
    return render(request, "subcommittees/lead_dashboard.html", {"body": body, "subcommittee": subcommittee})


@login_required
def my_tasks(request):
    body = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=f"mine:{request.user.pk}:{_minute()}",
        template="subcommittees/_my_tasks_body.html",
        context=lambda: selectors.my_tasks(user=request.user),
        seconds=FRAGMENT_SECONDS,
    )
    return render(request, "subcommittees/my_tasks.html", {"body": body})


# --- task list and export ------------------------------------------------------------------------------


def _filtered_tasks(request):
    form = TaskFilterForm(
        request.GET or None, subcommittees=permissions.subcommittees_visible_to(request.user)
    )
    qs = selectors.task_list_qs(permissions.tasks_visible_to(request.user))
    if form.is_valid():
        data = form.cleaned_data
        if data["subcommittee"]:
            qs = qs.filter(subcommittee=data["subcommittee"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["milestone"]:
            qs = qs.filter(milestone=data["milestone"])
        if data["overdue"]:
            qs = qs.filter(status__in=list(OPEN_STATUSES), due_at__lt=timezone.now())
        if data["mine"]:
            qs = qs.filter(Q(assignee=request.user) | Q(approver=request.user))
        if data["q"]:
            qs = qs.filter(Q(title__icontains=data["q"]) | Q(description__icontains=data["q"]))
    return form, qs.order_by("due_at", "pk")


@_signed_in
def task_list(request):
    # Overseers all see every task, so they share one entry per filter; anyone else sees their own scope
    # (their subcommittees and the tasks they do or approve), and "mine" is always personal.
    shared = permissions.sees_everything(request.user) and "mine" not in request.GET
    scope = "all" if shared else f"user{request.user.pk}"

    def context():
        form, qs = _filtered_tasks(request)
        page = Paginator(qs, 25).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {"form": form, "page": page, "query": query.urlencode(), "now": timezone.now()}

    body = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=f"tasks:{scope}:{request.GET.urlencode()}:{_minute()}",
        template="subcommittees/_task_list_body.html",
        context=context,
        seconds=FRAGMENT_SECONDS,
    )
    return render(request, "subcommittees/task_list.html", {"body": body})


class _Echo:
    def write(self, value):
        return value


@_signed_in
def task_export(request):
    _form, qs = _filtered_tasks(request)
    writer = csv.writer(_Echo())
    header = [
        _("ID"),
        _("Subcommittee"),
        _("Title"),
        _("Status"),
        _("Priority"),
        _("Progress (%)"),
        _("Assignee"),
        _("Work"),
        _("Due (Hà Nội time)"),
        _("Responsible unit"),
        _("Deliverable"),
        _("Approver"),
        _("Milestone"),
        _("Blocked because"),
    ]

    def rows():
        yield "\ufeff"
        yield writer.writerow(header)
        for t in qs.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    t.pk,
                    t.subcommittee.name,
                    t.title,
                    t.get_status_display(),
                    t.get_priority_display(),
                    t.progress,
                    str(t.assignee or ""),
                    t.description,
                    timezone.localtime(t.due_at).strftime("%Y-%m-%d %H:%M") if t.due_at else "",
                    t.responsible_unit,
                    t.deliverable,
                    str(t.approver or ""),
                    t.milestone.title if t.milestone else "",
                    t.blocked_reason,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tasks.csv"'
    return response


# --- one task ------------------------------------------------------------------------------------------


def _visible_task(request, pk) -> Task:
    try:
        return selectors.task_detail(qs=permissions.tasks_visible_to(request.user), pk=pk)
    except Task.DoesNotExist:
        raise Http404 from None


def _render_task(request, task, *, status=200, **bound):
    user = request.user
    ctx = {
        "task": task,
        "now": timezone.now(),
        "can_edit": permissions.can_edit_task(user, task),
        "can_manage": permissions.can_manage_task(user, task),
        "can_submit": permissions.can_submit_task(user, task),
        "can_approve": permissions.can_approve_task(user, task),
        "can_comment": permissions.can_comment_task(user, task),
        "can_escalate": permissions.can_escalate(user, task.subcommittee),
        "update_form": bound.get("update_form")
        or UpdateForm(action=reverse("subcommittees:task_comment", args=[task.pk])),
        "submit_form": bound.get("submit_form")
        or SubmitForm(action=reverse("subcommittees:task_submit", args=[task.pk])),
        "progress_form": bound.get("progress_form") or ProgressForm(initial={"progress": task.progress}),
        "transition_form": bound.get("transition_form") or TransitionForm(),
        "dependency_form": bound.get("dependency_form"),
        "history": audit_history(target=task)[:30],
        "open_statuses": [s.value for s in OPEN_STATUSES],
    }
    if (
        ctx["can_manage"]
        and ctx["dependency_form"] is None
        and task.status not in (TaskStatus.DONE, TaskStatus.CANCELLED)
    ):
        ctx["dependency_form"] = DependencyForm(task=task)
    return render(request, "subcommittees/task_detail.html", ctx, status=status)


@_signed_in
def task_detail(request, pk):
    return _render_task(request, _visible_task(request, pk))


@_signed_in
def task_create(request):
    slug = request.GET.get("subcommittee") or request.POST.get("subcommittee_slug")
    subcommittee = get_object_or_404(permissions.subcommittees_visible_to(request.user), slug=slug)
    if not permissions.can_create_task(request.user, subcommittee):
        raise PermissionDenied(_("Only a lead of this subcommittee may create its tasks."))
    form = TaskForm(request.POST or None, subcommittee=subcommittee)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(subcommittee=subcommittee, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            missing = task.missing_clears
            if missing:
                messages.warning(request, services.missing_clears_message(missing))
            else:
                messages.success(request, _("Task saved as a draft. Assign it when it is ready."))
            return redirect(task)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "subcommittees/task_form.html",
        {"form": form, "subcommittee": subcommittee, "task": None},
        status=status,
    )


@_signed_in
def task_edit(request, pk):
    task = _visible_task(request, pk)
    if not permissions.can_edit_task(request.user, task):
        raise PermissionDenied(
            _("You may edit only your own subcommittee's tasks, or the tasks assigned to you.")
        )
    form = TaskForm(request.POST or None, instance=task, subcommittee=task.subcommittee)
    if not permissions.can_manage_task(request.user, task):
        # An assignee edits the work, not who does or approves it.
        for name in ("assignee", "approver"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.task_update(task=Task.objects.get(pk=task.pk), by=request.user, **changes)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Task saved."))
            return redirect(task)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "subcommittees/task_form.html",
        {"form": form, "subcommittee": task.subcommittee, "task": task},
        status=status,
    )


TRANSITIONS = {
    "assign": (lambda t, u, text: services.task_leave_draft(task=t, by=u), _("Task assigned.")),
    "start": (lambda t, u, text: services.task_start(task=t, by=u), _("Task started.")),
    "block": (lambda t, u, text: services.task_block(task=t, by=u, reason=text), _("Task marked blocked.")),
    "unblock": (lambda t, u, text: services.task_unblock(task=t, by=u), _("Task unblocked.")),
    "approve": (
        lambda t, u, text: services.task_approve(task=t, by=u, comment=text),
        _("Product approved: task done."),
    ),
    "reject": (
        lambda t, u, text: services.task_reject(task=t, by=u, comment=text),
        _("Returned to the assignee."),
    ),
    "cancel": (lambda t, u, text: services.task_cancel(task=t, by=u, reason=text), _("Task cancelled.")),
}


@require_POST
@_signed_in
def task_transition(request, pk, action):
    task = _visible_task(request, pk)
    if action not in TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    run, done_message = TRANSITIONS[action]
    try:
        run(task, request.user, form.cleaned_data.get("text", ""))
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):  # the typed text is wrong: show it again next to the field
            form.add_error("text", [m for msgs in exc.message_dict.values() for m in msgs])
            return _render_task(request, task, status=400, transition_form=form)
        # Refused as a whole (e.g. "assign" with clears missing): post/redirect/get, so a reload resends nothing.
        messages.error(request, " ".join(exc.messages), extra_tags="action-error")
        return redirect(task)
    messages.success(request, done_message)
    return redirect(task)


@require_POST
@_signed_in
def task_progress(request, pk):
    task = _visible_task(request, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.task_set_progress(task=task, by=request.user, progress=form.cleaned_data["progress"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect(task)
    return _render_task(request, task, status=400, progress_form=form)


@require_POST
@_signed_in
def task_comment(request, pk):
    task = _visible_task(request, pk)
    form = UpdateForm(
        request.POST, request.FILES, action=reverse("subcommittees:task_comment", args=[task.pk])
    )
    if form.is_valid():
        try:
            services.task_post_update(
                task=task,
                by=request.user,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Update posted."))
            return redirect(task)
    return _render_task(request, task, status=400, update_form=form)


@require_POST
@_signed_in
def task_submit(request, pk):
    task = _visible_task(request, pk)
    form = SubmitForm(
        request.POST, request.FILES, action=reverse("subcommittees:task_submit", args=[task.pk])
    )
    if form.is_valid():
        try:
            services.task_submit(
                task=task,
                by=request.user,
                note=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "note" in exc.error_dict:
                form.add_error("body", exc.error_dict.pop("note"))
            if not hasattr(exc, "error_dict") or exc.error_dict:
                apply_service_errors(form, exc)
        else:
            messages.success(request, _("Product submitted for approval."))
            return redirect(task)
    return _render_task(request, task, status=400, submit_form=form)


@require_POST
@_signed_in
def dependency_add(request, pk):
    task = _visible_task(request, pk)
    form = DependencyForm(request.POST, task=task)
    if form.is_valid():
        try:
            services.task_dependency_add(
                task=task, depends_on=form.cleaned_data["depends_on"], by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Dependency added."))
            return redirect(task)
    return _render_task(request, task, status=400, dependency_form=form)


@require_POST
@_signed_in
def dependency_remove(request, pk, depends_on_pk):
    task = _visible_task(request, pk)
    other = get_object_or_404(Task, pk=depends_on_pk)
    services.task_dependency_remove(task=task, depends_on=other, by=request.user)
    messages.success(request, _("Dependency removed."))
    return redirect(task)


@_signed_in
def attachment(request, pk):
    update = get_object_or_404(TaskUpdate.objects.exclude(attachment=""), pk=pk)
    if not permissions.tasks_visible_to(request.user).filter(pk=update.task_id).exists():
        raise Http404
    return FileResponse(update.attachment.open("rb"), as_attachment=True, filename=update.attachment_name)


# --- escalations ---------------------------------------------------------------------------------------


@_signed_in
def escalation_list(request):
    qs = permissions.escalations_visible_to(request.user).select_related(
        "subcommittee", "raised_by", "decided_by"
    )
    status = request.GET.get("status") or EscalationStatus.OPEN
    if status in EscalationStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("needed_by", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "subcommittees/escalation_list.html",
        {"page": page, "status": status, "statuses": EscalationStatus.choices},
    )


@_signed_in
def escalation_create(request):
    slug = request.GET.get("subcommittee")
    subcommittee = get_object_or_404(permissions.subcommittees_visible_to(request.user), slug=slug)
    if not permissions.can_escalate(request.user, subcommittee):
        raise PermissionDenied(_("Only a lead of this subcommittee may escalate for it."))
    initial = {}
    if request.GET.get("task"):
        initial["task"] = request.GET["task"]
    form = EscalationForm(request.POST or None, subcommittee=subcommittee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            escalation = services.escalation_raise(
                subcommittee=subcommittee, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Escalated to the Steering Committee."))
            return redirect(escalation)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "subcommittees/escalation_form.html",
        {"form": form, "subcommittee": subcommittee},
        status=status,
    )


def _visible_escalation(request, pk) -> Escalation:
    return get_object_or_404(
        permissions.escalations_visible_to(request.user).select_related(
            "subcommittee", "raised_by", "decided_by", "task"
        ),
        pk=pk,
    )


@_signed_in
def escalation_detail(request, pk, decision_form=None, status=200):
    escalation = _visible_escalation(request, pk)
    can_decide = (
        permissions.can_decide_escalation(request.user) and escalation.status == EscalationStatus.OPEN
    )
    if can_decide and decision_form is None:
        decision_form = DecisionForm(action=reverse("subcommittees:escalation_decide", args=[pk]))
    return render(
        request,
        "subcommittees/escalation_detail.html",
        {
            "escalation": escalation,
            "decision_form": decision_form if can_decide else None,
            "can_withdraw": escalation.status == EscalationStatus.OPEN
            and (
                request.user.pk == escalation.raised_by_id
                or permissions.can_escalate(request.user, escalation.subcommittee)
            ),
            "history": audit_history(target=escalation)[:20],
        },
        status=status,
    )


@require_POST
@_signed_in
def escalation_decide(request, pk):
    escalation = _visible_escalation(request, pk)
    form = DecisionForm(request.POST, action=reverse("subcommittees:escalation_decide", args=[pk]))
    if form.is_valid():
        try:
            services.escalation_decide(
                escalation=escalation, by=request.user, decision=form.cleaned_data["decision"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded; the subcommittee is told."))
            return redirect(escalation)
    if not permissions.can_decide_escalation(request.user):
        raise PermissionDenied(_("Only the Steering Committee decides escalations."))
    return escalation_detail.__wrapped__(request, pk, decision_form=form, status=400)


@require_POST
@_signed_in
def escalation_withdraw(request, pk):
    escalation = _visible_escalation(request, pk)
    services.escalation_withdraw(
        escalation=escalation, by=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Escalation withdrawn."))
    return redirect(escalation)


# --- milestones ----------------------------------------------------------------------------------------


@_signed_in
def milestone_list(request):
    milestones = Milestone.objects.select_related("owner")
    return render(
        request,
        "subcommittees/milestone_list.html",
        {
            "milestones": milestones,
            "can_manage": permissions.can_manage_milestones(request.user),
            "now": timezone.now(),
        },
    )


@_signed_in
def milestone_create(request):
    if not permissions.can_manage_milestones(request.user):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone created."))
            return redirect("subcommittees:milestone_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "subcommittees/milestone_form.html", {"form": form}, status=status)


@_signed_in
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone, pk=pk)
    if not permissions.can_manage_milestones(request.user):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    form = MilestoneMoveForm(
        request.POST or None,
        initial={"at": milestone.at, "ends_at": milestone.ends_at, "status": milestone.status},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["at"] != milestone.at or data["ends_at"] != milestone.ends_at:
                services.milestone_move(
                    milestone=milestone,
                    by=request.user,
                    at=data["at"],
                    ends_at=data["ends_at"],
                    reason=data["reason"],
                )
            if data["status"] != milestone.status:
                services.milestone_set_status(
                    milestone=milestone, by=request.user, status=data["status"], reason=data["reason"]
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("subcommittees:milestone_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "subcommittees/milestone_form.html", {"form": form, "milestone": milestone}, status=status
    )


@_signed_in
def milestone_report(request, pk):
    if not permissions.sees_everything(request.user) and not permissions.led_subcommittee_ids(request.user):
        raise PermissionDenied
    milestone = get_object_or_404(Milestone.objects.select_related("owner"), pk=pk)
    sections = selectors.milestone_report(milestone=milestone)
    return render(
        request,
        "subcommittees/milestone_report.html",
        {"milestone": milestone, "sections": sections, "now": timezone.now()},
    )
