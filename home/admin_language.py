"""The admin's language: German (LANGUAGE_CODE) for every editor who has not chosen
another in the account settings, whatever the browser asks for.

Django's LocaleMiddleware picks the language from the visitor's cookie or Accept-Language
header; outside the site's /<lang>/ URLs that is what Wagtail's admin would fall back to
for a user without a chosen language (UserProfile.get_preferred_language). Here the admin
starts from LANGUAGE_CODE instead; Wagtail then switches to the language the editor chose
(preferred_language) around every admin view.
"""

from django.conf import settings
from django.utils import translation

ADMIN_PREFIX = "/admin/"


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
