"""One task: its page, edits, moves, thread, dependencies and files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.errors import status_for
from hanoi_ceremony.core.forms import apply_service_errors, form_submit
from hanoi_ceremony.core.uploads import download_name, protected_file_response

from .. import permissions, selectors, services
from ..enums import OPEN_STATUSES, TaskStatus
from ..forms import (
    DependencyForm,
    ProgressForm,
    SubmitForm,
    TaskForm,
    TransitionForm,
    UpdateForm,
)
from ..models import Task, TaskUpdate
from ._common import _signed_in

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
        "history": history_for(target=task, limit=30),
        "open_statuses": [s.value for s in OPEN_STATUSES],
    }
    if (
        ctx["can_manage"]
        and ctx["dependency_form"] is None
        and task.status not in (TaskStatus.DONE, TaskStatus.CANCELLED)
    ):
        ctx["dependency_form"] = DependencyForm(task=task)
    permissions.mark_details_visible(request.user, tasks=[*task.dependencies.all(), *task.dependents.all()])
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
            return _render_task(request, task, status=status_for(exc), transition_form=form)
        if status_for(exc) == 409:  # moved meanwhile: say so on the page, with the reload hint (409)
            form.add_error(None, exc.messages)
            return _render_task(request, task, status=409, transition_form=form)
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
    _result, status = form_submit(
        form,
        lambda: services.task_set_progress(
            task=task, by=request.user, progress=form.cleaned_data["progress"]
        ),
    )
    if status == 200:
        messages.success(request, _("Progress recorded."))
        return redirect(task)
    return _render_task(request, task, status=status, progress_form=form)


@require_POST
@_signed_in
def task_comment(request, pk):
    task = _visible_task(request, pk)
    form = UpdateForm(
        request.POST, request.FILES, action=reverse("subcommittees:task_comment", args=[task.pk])
    )
    _result, status = form_submit(
        form,
        lambda: services.task_post_update(
            task=task,
            by=request.user,
            body=form.cleaned_data["body"],
            attachment=form.cleaned_data["attachment"],
        ),
    )
    if status == 200:
        messages.success(request, _("Update posted."))
        return redirect(task)
    return _render_task(request, task, status=status, update_form=form)


@require_POST
@_signed_in
def task_submit(request, pk):
    task = _visible_task(request, pk)
    form = SubmitForm(
        request.POST, request.FILES, action=reverse("subcommittees:task_submit", args=[task.pk])
    )
    status = 400
    if form.is_valid():
        try:
            services.task_submit(
                task=task,
                by=request.user,
                note=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as exc:
            status = status_for(exc)
            if hasattr(exc, "error_dict") and "note" in exc.error_dict:
                form.add_error("body", exc.error_dict.pop("note"))
            if not hasattr(exc, "error_dict") or exc.error_dict:
                apply_service_errors(form, exc)
        else:
            messages.success(request, _("Product submitted for approval."))
            return redirect(task)
    return _render_task(request, task, status=status, submit_form=form)


@require_POST
@_signed_in
def dependency_add(request, pk):
    task = _visible_task(request, pk)
    form = DependencyForm(request.POST, task=task)
    _result, status = form_submit(
        form,
        lambda: services.task_dependency_add(
            task=task, depends_on=form.cleaned_data["depends_on"], by=request.user
        ),
    )
    if status == 200:
        messages.success(request, _("Dependency added."))
        return redirect(task)
    return _render_task(request, task, status=status, dependency_form=form)


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
    extension = update.attachment.name.rsplit(".", 1)[-1]
    return protected_file_response(
        update.attachment,
        download_name=download_name(update.attachment_name, extension=extension, fallback="attachment"),
        inline=False,
    )
