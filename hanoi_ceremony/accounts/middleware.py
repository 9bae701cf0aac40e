from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Signed-in people read the product in their saved language (their profile's preference, which the
    language switcher also saves); everyone else in the language of their cookie or browser, as chosen by
    Django's LocaleMiddleware before this one. Sits after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language in self.codes and language != getattr(request, "LANGUAGE_CODE", None):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
