"""Read the deployment's settings from the environment, in one place."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def secret_key(*, debug: bool) -> str:
    """Return SECRET_KEY; only a development server may run on the built-in default."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if debug:
        return "development-only-secret-key-never-use-in-production"
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")


def broker_url() -> str:
    """Return the Celery broker: Redis when configured, else kombu's filesystem transport."""
    # A hostname, though the filesystem transport ignores it, keeps kombu from warning that none was given.
    return os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "filesystem://localhost//"


def filesystem_broker_folder() -> Path:
    folder = Path(os.environ.get("CELERY_FILESYSTEM_BROKER_DIR", BASE_DIR / "var" / "broker"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def proxy_ssl_header() -> tuple[str, str] | None:
    """Return SECURE_PROXY_SSL_HEADER from "HEADER,value" (e.g. "HTTP_X_FORWARDED_PROTO,https"), or None."""
    value = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
    if not value:
        return None
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts) or not parts[0].startswith("HTTP_"):
        raise ImproperlyConfigured(
            'SECURE_PROXY_SSL_HEADER must read "HTTP_HEADER_NAME,value", e.g. "HTTP_X_FORWARDED_PROTO,https".'
        )
    return parts[0], parts[1]


def origins(*urls: str) -> list[str]:
    """Return the distinct scheme://host[:port] of the non-empty URLs, in order (for a CSP source list)."""
    found = []
    for url in urls:
        parts = urlsplit(url or "")
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
        if origin and origin not in found:
            found.append(origin)
    return found


def check_single_sign_on(*, password_login: bool) -> None:
    """Refuse to start on a half-done single sign-on configuration, or on one that leaves no way in."""
    client_id = os.environ.get("OIDC_RP_CLIENT_ID")
    provider = os.environ.get("OIDC_ISSUER") or os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT")
    if bool(client_id) != bool(provider):
        raise ImproperlyConfigured(
            "Single sign-on needs both OIDC_RP_CLIENT_ID and OIDC_ISSUER (or the OIDC_OP_* endpoints)."
        )
    if provider and not os.environ.get("OIDC_ISSUER"):
        needed = ["OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT"]
        if not os.environ.get("OIDC_RP_SIGN_ALGO", "RS256").startswith("HS") and not os.environ.get(
            "OIDC_RP_IDP_SIGN_KEY"
        ):
            needed.append("OIDC_OP_JWKS_ENDPOINT")  # to check the provider's signature
        missing = [name for name in needed if not os.environ.get(name)]
        if missing:
            raise ImproperlyConfigured(f"Without OIDC_ISSUER, single sign-on also needs {', '.join(missing)}.")
    if not provider and not password_login:
        raise ImproperlyConfigured("PASSWORD_LOGIN=false leaves no way in: configure single sign-on (OIDC_ISSUER).")
