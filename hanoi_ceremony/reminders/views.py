import time

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.pagecache import cached_fragment

from .forms import ReminderFilterForm
from .permissions import organiser_required
from .selectors import reminder_get, reminder_preview, reminder_state_counts, reminders_for_organisers
from .services import ReminderConflict, reminder_retry


class _KnownCountPaginator(Paginator):
    def __init__(self, *args, known: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if known is not None:
            self.__dict__["count"] = known  # the cached_property, set


# The organisers' list and previews are rendered at most once per LIST_SECONDS for everyone (the engine
# changes rows every minute; the per-state counts above them lag by as much): a summit has 100,000 rows.
LIST_SECONDS = 5


def _bucket() -> int:
    return int(time.time() // LIST_SECONDS)


@organiser_required
@require_GET
def reminder_list(request):
    form = ReminderFilterForm(request.GET or None)
    state = source = ""
    if form.is_bound and form.is_valid():
        state, source = form.cleaned_data["state"], form.cleaned_data["source"]
    status = 400 if form.is_bound and not form.is_valid() else 200
    query = request.GET.copy()
    query.pop("page", None)

    def context() -> dict:
        counts = reminder_state_counts()
        rows = reminders_for_organisers(state=state, source=source)
        # Without a source filter the number of rows is known from the counts: no COUNT(*) over the table.
        known = None if source else (counts.get(state, 0) if state else sum(counts.values()))
        page = _KnownCountPaginator(rows, 50, known=known).get_page(request.GET.get("page"))
        return {"form": form, "page": page, "counts": counts, "query": query.urlencode()}

    if status != 200:
        body = render_to_string("reminders/_list_body.html", context(), request)
    else:
        body = cached_fragment(
            request,
            namespaces=(),
            key=f"reminders:list:{_bucket()}:{request.GET.urlencode()}",
            template="reminders/_list_body.html",
            context=context,
            seconds=LIST_SECONDS * 2,
        )
    return render(request, "reminders/list.html", {"body": mark_safe(body)}, status=status)  # noqa: S308


@organiser_required
@require_GET
def reminder_detail(request, pk: int):
    reminder = reminder_get(pk=pk)
    if reminder is None:
        raise Http404
    # Keyed by the row's last change: the state, attempts and error shown are never older than the row.
    body = cached_fragment(
        request,
        namespaces=(),
        key=f"reminders:detail:{pk}:{reminder.updated_at.isoformat()}:{_bucket()}",
        template="reminders/_detail_body.html",
        context=lambda: {
            "reminder": reminder,
            "preview": reminder_preview(reminder=reminder),
            "history": history_for(target=reminder, limit=20),
        },
        seconds=LIST_SECONDS * 2,
    )
    return render(request, "reminders/detail.html", {"reminder": reminder, "body": body})


@organiser_required
@require_POST
def reminder_retry_view(request, pk: int):
    reminder = reminder_get(pk=pk)
    if reminder is None:
        raise Http404
    try:
        reminder_retry(reminder=reminder, by=request.user)
    except ReminderConflict as exc:
        messages.error(request, " ".join(exc.messages))
        body = render_to_string(
            "reminders/_detail_body.html",
            {
                "reminder": reminder,
                "preview": reminder_preview(reminder=reminder),
                "history": history_for(target=reminder, limit=20),
            },
            request,
        )
        return render(
            request,
            "reminders/detail.html",
            {"reminder": reminder, "body": mark_safe(body)},  # noqa: S308 — our template
            status=409,
        )
    messages.success(request, _("The reminder will be sent again within a minute."))
    return redirect("reminders:detail", pk=pk)
