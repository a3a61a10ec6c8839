"""Request middleware of the project as a whole."""


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
