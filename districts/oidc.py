"""Sign staff in with the organisation's OpenID Connect provider: where the provider is, and who may sign in.

The provider's endpoints are the `OIDC_OP_*` settings, or, where only `OIDC_ISSUER` is set, the
ones its discovery document names, fetched when first needed and cached. A person signs in when
the e-mail claim (`OIDC_EMAIL_CLAIM`) matches one staff member's work e-mail and their employment
has not ended; the staff member's login is created on their first sign-in
(`districts.services.staff_sign_in`, which the backend calls). Anyone else is refused
with a reason the login pages show (`SignInRefused`), and no account is created for them.
"""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from districts import clock, services
from districts.backends import session_user
from districts.sign_in import Refusal, SignInRefused

LOGGER = logging.getLogger(__name__)

__all__ = ["Refusal", "SignInRefused", "StaffOIDCBackend", "provider_logout_url"]

# Which key of the provider's discovery document stands in for each endpoint setting left empty.
DISCOVERED_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}


class ProviderUnavailable(Exception):
    """The identity provider's discovery document could not be read."""


def is_enabled() -> bool:
    """Return whether single sign-on is configured: a client id and an issuer or an authorization endpoint."""
    return bool(settings.OIDC_RP_CLIENT_ID and (settings.OIDC_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT))


def discovery() -> dict:
    """Return the issuer's discovery document, cached for OIDC_DISCOVERY_CACHE_SECONDS."""
    issuer = settings.OIDC_ISSUER
    key = f"oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(f"{url}: {error}") from error
        # OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was fetched from.
        if document.get("issuer") != issuer:
            raise ProviderUnavailable(f"{url} names the issuer {document.get('issuer')!r}, not {issuer!r}")
        cache.set(key, document, settings.OIDC_DISCOVERY_CACHE_SECONDS)
    return document


def endpoint(name: str) -> str | None:
    """Return the endpoint setting `name`, from the discovery document when the setting is empty."""
    configured = getattr(settings, name, "")
    if configured or not settings.OIDC_ISSUER:
        return configured or None
    return discovery().get(DISCOVERED_ENDPOINTS[name])


def setting(name: str, *default):
    """Read a mozilla-django-oidc setting, filling the provider's endpoints in from discovery."""
    if name in DISCOVERED_ENDPOINTS:
        return endpoint(name)
    return import_from_settings(name, *default)


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Authenticate the OpenID Connect callback as the staff member whose work e-mail the provider vouches for."""

    def __init__(self, *args, **kwargs):
        # The parent reads every endpoint here, and Django builds a backend for each request of a
        # signed-in user; read them only when a sign-in uses them, so discovery waits until then.
        self.UserModel = get_user_model()

    get_settings = staticmethod(setting)
    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: endpoint("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: endpoint("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: endpoint("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = property(lambda self: settings.OIDC_RP_IDP_SIGN_KEY or None)

    def authenticate(self, request, **kwargs):
        # Only the callback view signs in here (it passes the nonce); a password never reaches the provider.
        if "nonce" not in kwargs or not is_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        # As districts.backends.EmployedStaffBackend: the staff member and their unit joined, and a switched-off
        # login is no longer signed in (the parent returns it whatever its is_active). Leavers' sessions are ended by
        # intro_program's session middleware, which says why.
        user = session_user(user_id)
        return user if user is not None and user.is_active else None

    def verify_token(self, token, **kwargs):
        """Verify the signature and nonce (the parent), then that the token is ours and from our issuer."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        if settings.OIDC_ISSUER and payload.get("iss") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """Return the staff member's login, or None with the refusal kept on the request for the callback view."""
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        try:
            return services.staff_sign_in(
                email=claims.get(settings.OIDC_EMAIL_CLAIM, ""), today=clock.today(), actor=None
            )
        except SignInRefused as refusal:
            LOGGER.info("single sign-on refused: %s", refusal.reason)
            self.request.oidc_refusal = refusal
            return None


def provider_logout_url(request) -> str:
    """Return where logging out sends the browser: the provider's end-session endpoint after a single sign-on.

    mozilla-django-oidc calls this (OIDC_OP_LOGOUT_URL_METHOD) before it ends the local session.
    Without an ID token in the session, an end-session endpoint, or an answering provider, the
    browser goes straight to LOGOUT_REDIRECT_URL.
    """
    local = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not id_token or not is_enabled():
        return local
    try:
        end_session = endpoint("OIDC_OP_LOGOUT_ENDPOINT")
    except ProviderUnavailable:
        LOGGER.warning("single sign-on: the provider does not answer; logged out here only", exc_info=True)
        return local
    if not end_session:
        return local
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(local),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{end_session}{'&' if '?' in end_session else '?'}{query}"
