"""Home, the dashboards and My tasks."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core import pagecache
from hanoi_ceremony.core.pagecache import cached_fragment, current_version

from .. import permissions, selectors, services
from ..models import Subcommittee
from ._common import _signed_in


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
        key=(
            f"lead:{subcommittee.pk}:{int(can_create)}{int(can_escalate)}"
            f"{int(permissions.can_view_milestone_reports(request.user))}:{_minute()}"
        ),
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
