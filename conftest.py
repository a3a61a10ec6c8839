"""Fixtures shared by every app's tests: the access world here, the rest one plugin module a concern.

The plugins (intro_program/tests/plugins/): `clock` (the frozen clock, `frozen_dates`), `services`
(real PostgreSQL and Redis), `celery_worker`, `browser` (Playwright with the page checks), `sso`
(a real OpenID Connect provider), `translations`, `shared_rows` (rows seeded once for a module)
`fast_flush` (a transactional test's tables emptied by DELETE) and `schedule` (the longest files first).
The names tests import from here stay here.
"""

# ruff: noqa: E402 (the plugins are marked for assertion rewriting before the names below import them)
import pytest

pytest.register_assert_rewrite("intro_program.tests.plugins")

from districts.tests.world import build_world
from intro_program.tests.plugins.browser import browser_login
from intro_program.tests.plugins.celery_worker import CeleryWorkerProcess, _point_app_at_broker
from intro_program.tests.plugins.clock import DEFAULT_DATE, FROZEN_DATES, travel_to
from intro_program.tests.plugins.services import REDIS_TEST_URL, _database_url, _missing_service
from intro_program.tests.plugins.sso import OIDC_TEST_ACCOUNTS

pytest_plugins = [
    "intro_program.tests.plugins.clock",
    "intro_program.tests.plugins.services",
    "intro_program.tests.plugins.celery_worker",
    "intro_program.tests.plugins.browser",
    "intro_program.tests.plugins.sso",
    "intro_program.tests.plugins.translations",
    "intro_program.tests.plugins.shared_rows",
    "intro_program.tests.plugins.fast_flush",
    "intro_program.tests.plugins.schedule",
]

__all__ = [
    "DEFAULT_DATE",
    "FROZEN_DATES",
    "OIDC_TEST_ACCOUNTS",
    "REDIS_TEST_URL",
    "CeleryWorkerProcess",
    "_database_url",
    "_missing_service",
    "_point_app_at_broker",
    "browser_login",
    "travel_to",
]


@pytest.fixture
def world(db):
    """Two districts of one organisation with a login for every role in the first (see districts.tests.world)."""
    return build_world()
