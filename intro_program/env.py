"""Read the deployment's settings from the environment, in one place."""

import os
from pathlib import Path

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
    return os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "filesystem://"


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
