"""The task list and its export."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from hanoi_ceremony.core.exports import Column, export_response
from hanoi_ceremony.core.pagecache import cached_fragment

from .. import permissions, selectors
from ..forms import (
    TaskFilterForm,
)
from ._common import _signed_in
from .dashboards import FRAGMENT_SECONDS, NAMESPACE, _minute

# --- task list and export ------------------------------------------------------------------------------


def _filtered_tasks(request):
    form = TaskFilterForm(
        request.GET or None, subcommittees=permissions.subcommittees_visible_to(request.user)
    )
    qs = selectors.tasks_filtered(
        permissions.tasks_visible_to(request.user),
        user=request.user,
        filters=form.cleaned_data if form.is_valid() else None,
    )
    return form, qs


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


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


TASK_COLUMNS = [
    Column(_lazy("ID"), "pk"),
    Column(_lazy("Subcommittee"), "subcommittee.name"),
    Column(_lazy("Title"), "title"),
    Column(_lazy("Status"), lambda t: t.get_status_display()),
    Column(_lazy("Priority"), lambda t: t.get_priority_display()),
    Column(_lazy("Progress (%)"), "progress"),
    Column(_lazy("Assignee"), lambda t: str(t.assignee or "")),
    Column(_lazy("Work"), "description"),
    Column(_lazy("Due (Hà Nội time)"), lambda t: _local(t.due_at)),
    Column(_lazy("Responsible unit"), "responsible_unit"),
    Column(_lazy("Deliverable"), "deliverable"),
    Column(_lazy("Approver"), lambda t: str(t.approver or "")),
    Column(_lazy("Milestone"), lambda t: t.milestone.title if t.milestone else ""),
    Column(_lazy("Blocked because"), "blocked_reason"),
]


@_signed_in
def task_export(request):
    """The filtered task list as CSV (or ``?format=xlsx``), through the one exporter: user text is
    formula-safe."""
    _form, qs = _filtered_tasks(request)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return export_response(
        request,
        fmt=fmt,
        filename="tasks",
        columns=TASK_COLUMNS,
        rows=qs.iterator(chunk_size=500),
        title=str(_lazy("Tasks")),
    )
