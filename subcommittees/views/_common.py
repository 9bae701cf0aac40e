"""Shared by the subcommittee pages: who may enter, how a refusal is shown."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import permissions, services


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
