"""The doors in and out: the login page (single sign-on and, where allowed, a password) and the OpenID Connect views.

Who may sign in is decided in `districts.oidc`; these views send the browser to the identity
provider and back, and show a refusal page in Swedish (or the chosen language) instead of
logging anyone in. `PASSWORD_LOGIN=false` hides the password form and refuses its POSTs, here and
on the admin's own login page.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView, OIDCLogoutView

from districts import oidc
from intro_program.forms import LoginForm

LOGGER = logging.getLogger(__name__)


def _login_context() -> dict:
    return {
        "password_login": settings.PASSWORD_LOGIN,
        "sso_enabled": oidc.is_enabled(),
        "sso_provider_name": settings.OIDC_PROVIDER_NAME,
    }


def refused(request, refusal: oidc.SignInRefused, *, status: int = 403):
    """Show why the sign-in did not let the person in."""
    return render(request, "registration/sso_refused.html", {"refusal": refusal, **_login_context()}, status=status)


class LoginView(auth_views.LoginView):
    """Django's login page, with the identity provider's button and a password form that can be switched off."""

    authentication_form = LoginForm  # tells a leaver why, instead of "wrong password"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_login_context()}

    def post(self, request, *args, **kwargs):
        if settings.PASSWORD_LOGIN:
            return super().post(request, *args, **kwargs)
        response = self.render_to_response(
            self.get_context_data(password_refused=_("Inloggning med lösenord är avstängd här."))
        )
        response.status_code = 403
        return response


@login_not_required
def admin_login(request):
    """Serve the admin's login page only while passwords are allowed; else send the browser to the login page."""
    if settings.PASSWORD_LOGIN:
        return admin.site.login(request)
    return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.GET.get('next', '/admin/')})}")


class SignInView(OIDCAuthenticationRequestView):
    """Send the browser to the identity provider's sign-in, with state, nonce and PKCE kept in the session."""

    def __init__(self, **kwargs):
        # The parent reads the authorization endpoint when the view is built; read it per request instead.
        View.__init__(self, **kwargs)

    get_settings = staticmethod(oidc.setting)
    OIDC_OP_AUTH_ENDPOINT = property(lambda self: oidc.endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)

    def get(self, request):
        if not oidc.is_enabled():
            raise Http404
        try:
            return super().get(request)
        except oidc.ProviderUnavailable:
            LOGGER.warning("single sign-on: the provider does not answer", exc_info=True)
            return refused(request, oidc.SignInRefused(oidc.Refusal.UNAVAILABLE), status=503)

    def get_extra_params(self, request):
        # The provider's pages in the language the person reads this one in.
        return {**super().get_extra_params(request), "ui_locales": get_language()}


class CallbackView(OIDCAuthenticationCallbackView):
    """Take the provider's answer: log the staff member in, or show why not."""

    get_settings = staticmethod(oidc.setting)

    def get(self, request):
        if not oidc.is_enabled():
            raise Http404
        try:
            return super().get(request)
        except (oidc.ProviderUnavailable, requests.RequestException):
            LOGGER.warning("single sign-on: the provider does not answer", exc_info=True)
            return refused(request, oidc.SignInRefused(oidc.Refusal.UNAVAILABLE), status=503)
        except (SuspiciousOperation, jwt.PyJWTError):
            # A state this browser did not start, or a token that does not verify (signature, expiry).
            LOGGER.warning("single sign-on: the provider's answer did not verify", exc_info=True)
            return refused(request, oidc.SignInRefused(oidc.Refusal.FAILED), status=400)

    def login_failure(self):
        refusal = getattr(self.request, "oidc_refusal", None) or oidc.SignInRefused(oidc.Refusal.FAILED)
        return refused(self.request, refusal)


class LogoutView(OIDCLogoutView):
    """End the session here and, after a single sign-on, at the provider too (`districts.oidc.provider_logout_url`)."""


login = login_not_required(LoginView.as_view())
sign_in = login_not_required(SignInView.as_view())
callback = login_not_required(CallbackView.as_view())
logout = LogoutView.as_view()
