from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hanoi_ceremony.audit.selectors import history_for

from .forms import ReminderFilterForm
from .permissions import organiser_required
from .selectors import reminder_get, reminder_preview, reminder_state_counts, reminders_for_organisers
from .services import ReminderConflict, reminder_retry


@organiser_required
@require_GET
def reminder_list(request):
    form = ReminderFilterForm(request.GET or None)
    state = source = ""
    if form.is_bound and form.is_valid():
        state, source = form.cleaned_data["state"], form.cleaned_data["source"]
    page = Paginator(reminders_for_organisers(state=state, source=source), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "reminders/list.html",
        {"form": form, "page": page, "counts": reminder_state_counts(), "query": query.urlencode()},
        status=status,
    )


@organiser_required
@require_GET
def reminder_detail(request, pk: int):
    reminder = reminder_get(pk=pk)
    if reminder is None:
        raise Http404
    return render(
        request,
        "reminders/detail.html",
        {
            "reminder": reminder,
            "preview": reminder_preview(reminder=reminder),
            "history": history_for(target=reminder, limit=20),
        },
    )


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
        preview = reminder_preview(reminder=reminder)
        return render(
            request, "reminders/detail.html", {"reminder": reminder, "preview": preview}, status=409
        )
    messages.success(request, _("The reminder will be sent again within a minute."))
    return redirect("reminders:detail", pk=pk)
