"""Tell a load balancer whether this web process can serve: `/health/` checks the database, broker, storage and worker.

It needs no login and answers no personal data: one word per check. It answers 503 when the
database, the broker or the file storage fails. Whether a Celery worker answered a ping within
HEALTH_WORKER_STALE_SECONDS is reported as "ok" or "stale"; it fails the answer only where
HEALTH_WORKER_REQUIRED is on, because a worker that is busy with a long export or being
redeployed must not take every web server out of the load balancer at once. Failures are
logged here with their reason; the answer itself names none (no host names, no versions).
"""

import logging
import time
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

LOGGER = logging.getLogger(__name__)
OK, FAILED, STALE = "ok", "fail", "stale"
_LAST_ANSWER_KEY = "health:worker-last-answer"
_PINGED_KEY = "health:worker-pinged"


def database() -> str:
    """Run a query on every configured database."""
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:
            LOGGER.exception("health: database %s does not answer", alias)
            connections[alias].close()  # the next request opens a fresh connection
            return FAILED
    return OK


def broker() -> str:
    """Connect to the Celery broker."""
    from intro_program.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=settings.HEALTH_TIMEOUT_SECONDS)
    except Exception:
        LOGGER.exception("health: the broker does not answer")
        return FAILED
    return OK


def storage() -> str:
    """Write, read back and delete a small file in the default storage (uploads, exports)."""
    name = None
    try:
        name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        with default_storage.open(name) as written:
            if written.read() != b"ok":
                raise OSError(f"{name} reads back differently")
    except Exception:
        LOGGER.exception("health: the file storage does not work")
        return FAILED
    finally:
        if name is not None:
            try:
                default_storage.delete(name)
            except Exception:
                LOGGER.exception("health: could not delete %s", name)
    return OK


def worker() -> str:
    """Return whether a Celery worker answered a ping within HEALTH_WORKER_STALE_SECONDS.

    Pings at most once per HEALTH_WORKER_PING_INTERVAL_SECONDS (per process), so a load
    balancer polling every few seconds does not wait for the ping's timeout each time.
    """
    from intro_program.celery import app

    if cache.add(_PINGED_KEY, True, settings.HEALTH_WORKER_PING_INTERVAL_SECONDS):
        try:
            answered = bool(app.control.ping(timeout=settings.HEALTH_WORKER_PING_TIMEOUT_SECONDS))
        except Exception:
            LOGGER.exception("health: could not ping the workers")
            answered = False
        if answered:
            cache.set(_LAST_ANSWER_KEY, time.time(), None)
    last_answer = cache.get(_LAST_ANSWER_KEY)
    if last_answer is None or time.time() - last_answer > settings.HEALTH_WORKER_STALE_SECONDS:
        return STALE
    return OK


@require_GET
@never_cache
@login_not_required
def health(request):
    """Answer 200 when this process can serve, 503 when the database, broker or storage fails."""
    checks = {"database": database(), "broker": broker(), "storage": storage(), "worker": worker()}
    required = ["database", "broker", "storage"] + (["worker"] if settings.HEALTH_WORKER_REQUIRED else [])
    healthy = all(checks[name] == OK for name in required)
    return JsonResponse({"status": OK if healthy else FAILED, "checks": checks}, status=200 if healthy else 503)
