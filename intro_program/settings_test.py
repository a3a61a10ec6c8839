"""Settings for the test suite: the real settings with fast hashing, eager tasks and captured mail."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from intro_program.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Captured in memory; a test with a real SMTP server points its worker at it (test_worker_mail_retry).
EMAIL_BACKEND = os.environ.get("TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Tests run tasks eagerly; those that need a real worker start one (conftest.celery_worker), whose environment
# says false, so that a task it queues itself (a retry, a reminder per invitation) goes to the broker too.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "true").lower() == "true"
AXES_ENABLED = False
SECURE_SSL_REDIRECT = False  # the test client and the live server speak plain HTTP
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(BASE_DIR / "var" / "test-media"))  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if CELERY_VISIBILITY_TIMEOUT < 60 and "visibility_timeout" in CELERY_BROKER_TRANSPORT_OPTIONS:  # noqa: F405
    # A worker test that kills a worker shortens the timeout; let the surviving worker sweep every second
    # (kombu's default sweep, every 100 s, suits the production timeout of two hours).
    CELERY_BROKER_TRANSPORT_OPTIONS |= {"unacked_restore_interval": 1, "unacked_restore_throttle": 1}  # noqa: F405
# Each test process keeps its own shared cache (a file or Redis cache would carry remembered tables from one test,
# or one run, into the next); reports/tests/test_suppression_cache.py runs the shared tier on a real Redis.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}
