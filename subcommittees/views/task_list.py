"""The task list and its export."""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

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
