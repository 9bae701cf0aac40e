"""Accounts pages: the language switch (saves a signed-in person's preference) and the organisers' page of
current sign-in lockouts, each releasable (audited)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from .lockout import lockout_release, lockouts_current
from .roles import Role, role_required


@csrf_exempt  # on cached public pages there is no per-visitor token; the switch changes only a preference
def language_switch(request):
    """Django's set_language, which also saves the choice as a signed-in person's preferred language (so
    e-mails and reminders follow it too)."""
    language = request.POST.get("language", "")
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in {code for code, _name in settings.LANGUAGES}
        and user.language != language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return set_language(request)


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def lockouts(request):
    if request.method == "POST":
        try:
            attempt_id = int(request.POST.get("attempt", ""))
        except ValueError:
            attempt_id = 0
        if lockout_release(attempt_id=attempt_id, by=request.user):
            messages.success(request, _("Sign-in was unlocked."))
        else:
            messages.info(request, _("That lockout had already ended."))
        return redirect("accounts:lockouts")
    return render(request, "accounts/lockouts.html", {"lockouts": list(lockouts_current()[:200])})


def locked_out(request, credentials=None, *args, **kwargs):
    """axes' lockout response: a page that says when to try again (429)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
