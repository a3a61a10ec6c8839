"""Settings for the test suite: the real settings with fast hashing, eager tasks and captured mail."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from intro_program.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True  # tests that need a real worker start one (see conftest.celery_worker)
AXES_ENABLED = False
SECURE_SSL_REDIRECT = False  # the test client and the live server speak plain HTTP
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(BASE_DIR / "var" / "test-media"))  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
