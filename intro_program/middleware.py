"""Request middleware of the project as a whole."""

from django.shortcuts import render
from django.utils.translation import gettext as _


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
