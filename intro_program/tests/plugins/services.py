"""Real PostgreSQL and Redis for the tests that need them: skip without them, fail under CI."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
# Each pytest-xdist worker gets its own Redis database so that workers never share a queue.
_XDIST_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
# REDIS_TEST_DB_BASE lets two checkouts on one machine run their suites at once on other databases.
_REDIS_BASE = int(os.environ.get("REDIS_TEST_DB_BASE", "15"))
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", f"redis://127.0.0.1:6379/{_REDIS_BASE - _XDIST_INDEX}")


def _missing_service(reason: str):
    """Fail under CI (a missing service is a broken machine there), skip elsewhere."""
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def require_postgres(settings):
    """Skip (fail in CI) unless the tests run on PostgreSQL."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        _missing_service("this test needs PostgreSQL (set DATABASE_URL or run `make test` with PostgreSQL up)")


@pytest.fixture
def require_redis():
    if not _redis_answers(REDIS_TEST_URL):
        _missing_service(f"this test needs Redis at {REDIS_TEST_URL}")
    return REDIS_TEST_URL


def _database_url(settings_dict) -> str:
    """Return a DATABASE_URL that points a subprocess at the test database."""
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.postgresql":
        user = settings_dict.get("USER") or "postgres"
        password = settings_dict.get("PASSWORD") or ""
        credentials = f"{user}:{password}@" if password else f"{user}@"
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"
    return f"sqlite:///{settings_dict['NAME']}"
