"""Request middleware of the project as a whole."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from intro_program import session_limits


class SwedishUnlessChosenMiddleware:
    """Serve Swedish unless the user picked another language, whatever the browser asks for.

    Staff share municipal computers with English-language browsers; the product's language is
    Swedish, and English is a choice made with the switch in the navbar (stored in a cookie).
    Placed before LocaleMiddleware, it hides the browser's Accept-Language from it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RefuseNulBytesMiddleware:
    """Answer 400 to a request with a NUL byte in its path, query string, form fields or cookies.

    No text the product stores or looks up can hold one (PostgreSQL refuses it), so a token in a link
    with `%00` in it answered 500. Refusing it before any view runs covers every page at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            message = _(
                "Adressen eller formuläret innehåller ett otillåtet tecken (NUL). Kontrollera länken och försök igen."
            )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _carries_nul(request) -> bool:
    texts = [request.path, *request.COOKIES.keys(), *request.COOKIES.values()]
    # CsrfViewMiddleware reads the form next anyway; uploaded files are not looked at here.
    for form in [request.GET, request.POST] if request.method == "POST" else [request.GET]:
        for key, values in form.lists():
            texts.extend([key, *values])
    return any("\x00" in text for text in texts)


class SessionLimitsMiddleware:
    """End the session of a leaver, or one past its idle or total limit, and tell why on the login page.

    Placed after AuthenticationMiddleware, MessageMiddleware and HtmxMiddleware: the reason is left as a message,
    which the login page shows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = session_limits.reason_to_end(request)
            if reason is not None:
                logout(request)
                messages.info(request, reason)
                login_url = resolve_url(settings.LOGIN_URL)
                if request.htmx:  # a fragment request: have htmx load the whole login page
                    return HttpResponseClientRedirect(login_url)
                return redirect_to_login(request.get_full_path(), login_url)
        return self.get_response(request)


class NoStoreMiddleware:
    """Tell browsers and proxies to keep no copy of any page or file the app makes.

    Pages, PDFs and exports show personal data, often on shared computers; static files (served by
    WhiteNoise, before this middleware) keep their long caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
