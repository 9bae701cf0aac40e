from django.conf import settings
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language


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
