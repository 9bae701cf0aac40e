from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hanoi_ceremony.core.redirects import safe_next

from .selectors import notifications_for
from .services import notifications_mark_read


@login_required
@require_GET
def notification_list(request):
    page = Paginator(notifications_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request):
    ids = request.POST.getlist("id")
    try:
        id_list = [int(i) for i in ids] if ids else None
    except ValueError:
        messages.error(request, _("That notification could not be found."))
        return redirect("notifications:list")
    count = notifications_mark_read(user=request.user, ids=id_list)
    if id_list is None:
        messages.success(request, _("All notifications are marked as read."))
    if count:
        return redirect(safe_next(request, "notifications:list"))
    return redirect("notifications:list")
