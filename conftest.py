"""Fixtures shared by every app's tests: real services, a Celery worker, a browser and the access world."""

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import time_machine

from districts.clock import STOCKHOLM
from districts.tests.world import build_world

BASE_DIR = Path(__file__).resolve().parent
IN_CI = os.environ.get("CI", "").lower() == "true"
# Each pytest-xdist worker gets its own Redis database so that workers never share a queue.
_XDIST_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
# REDIS_TEST_DB_BASE lets two checkouts on one machine run their suites at once on other databases.
_REDIS_BASE = int(os.environ.get("REDIS_TEST_DB_BASE", "15"))
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", f"redis://127.0.0.1:6379/{_REDIS_BASE - _XDIST_INDEX}")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Every test runs on a frozen clock (ticking from 09:00 Stockholm time), so none passes or fails with the
# day it runs. Tests marked `frozen_dates` run once on each of FROZEN_DATES: the first of December (the
# month's round is a week ahead), early January (after the holidays) and a leap day.
DEFAULT_DATE = datetime.date(2026, 12, 1)
FROZEN_DATES = (datetime.date(2026, 12, 1), datetime.date(2027, 1, 5), datetime.date(2028, 2, 29))


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("frozen_dates"):
        metafunc.parametrize("frozen_clock", FROZEN_DATES, indirect=True, ids=str)


def travel_to(day: datetime.date):
    """Travel to 09:00 in Stockholm on `day`, ticking (so timeouts still pass)."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=STOCKHOLM), tick=True)


@pytest.fixture(autouse=True)
def _celery_outside_a_task():
    """Start every test outside a Celery task.

    A test that runs a worker in this process leaves Celery's process-wide "inside a task" flag set, and then
    every later `result.get()` in that pytest worker raises "Never call result.get() within a task!", depending
    on which tests ran before (xdist's order)."""
    from celery import _state

    _state._set_task_join_will_block(False)
    yield


@pytest.fixture(autouse=True)
def _swedish_to_begin_with():
    """Start every test in the default language: a request in English leaves its language active in the thread
    (LocaleMiddleware activates, nothing deactivates), and a later test building a report outside a request
    would read English labels, depending on which test ran before."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def frozen_clock(request):
    """Freeze the clock at 09:00 in Stockholm on the test's date."""
    day = getattr(request, "param", DEFAULT_DATE)
    with travel_to(day):
        yield day


@pytest.fixture(scope="module")
def module_clock():
    """Freeze the clock on DEFAULT_DATE for a module-scoped fixture, which is set up before a test's frozen_clock."""
    with travel_to(DEFAULT_DATE):
        yield DEFAULT_DATE


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


# Start `celery` with the clock travelled to the test's instant (ticking), as time-machine does in the test.
_WORKER_ON_THE_TESTS_CLOCK = (
    "import datetime, os, sys, time_machine; "
    "time_machine.travel(datetime.datetime.fromisoformat(os.environ['TEST_FROZEN_AT']), tick=True).start(); "
    "from celery.__main__ import main; sys.argv[0] = 'celery'; sys.exit(main())"
)


class CeleryWorkerProcess:
    """A real `celery worker` subprocess on Redis, against the test database."""

    def __init__(self, broker_url: str, database_url: str, media_root: str):
        self.broker_url = broker_url
        self.database_url = database_url
        self.media_root = media_root
        self.process: subprocess.Popen | None = None
        self.log_path = BASE_DIR / "var" / "test-worker.log"

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="intro_program.settings_test",
            DATABASE_URL=self.database_url,
            CELERY_BROKER_URL=self.broker_url,
            CELERY_TASK_ALWAYS_EAGER="false",
            # The worker lives on the test's frozen clock too (see _WORKER_ON_THE_TESTS_CLOCK).
            TEST_FROZEN_AT=datetime.datetime.now(datetime.UTC).isoformat(),
            TEST_MEDIA_ROOT=self.media_root,
            DATABASE_CONN_MAX_AGE="0",
        )
        return env

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _WORKER_ON_THE_TESTS_CLOCK,
                    "-A",
                    "intro_program",
                    "worker",
                    "--pool=solo",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                    "-l",
                    "info",
                ],
                cwd=BASE_DIR,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 90):  # a loaded 2-core machine can take a while
        from celery import Celery

        # A separate app that must not become the current one: tasks resolve the current app.
        probe = Celery(broker=self.broker_url, set_as_current=False)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"celery worker exited; see {self.log_path}")
                if probe.control.ping(timeout=0.5):
                    return
            raise RuntimeError(f"celery worker did not answer within {timeout}s; see {self.log_path}")
        finally:
            probe.close()

    def kill(self):
        """Stop the worker abruptly, as a crash or a redeploy would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def celery_worker(require_redis, transactional_db, settings, tmp_path):
    """Start a real Celery worker on Redis; tasks queued by the test go to it, not eagerly.

    Tests using it must commit their data (the fixture pulls in `transactional_db`).
    """
    import redis

    from intro_program.celery import app

    redis.Redis.from_url(require_redis).flushdb()
    # Read what to restore before changing the settings: the app loads its configuration from them lazily,
    # so in a process whose first task runs here it would otherwise remember eager=False for every later test.
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _point_app_at_broker(app, require_redis, always_eager=False)
    from django.db import connection

    worker = CeleryWorkerProcess(require_redis, _database_url(connection.settings_dict), settings.MEDIA_ROOT)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        _point_app_at_broker(app, previous[0], always_eager=previous[1])


def _point_app_at_broker(app, broker_url: str, *, always_eager: bool):
    """Point the Celery app at another broker with fresh connection pools.

    kombu keeps connection and producer pools in process-wide registries, so closing one
    pool would leave a closed pool for the next test that sends a task; reset them all.
    """
    from kombu import pools

    app.conf.broker_url = broker_url
    app.conf.task_always_eager = always_eager
    pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        _missing_service(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser page; `page.base_url` is the live server's address.

    Every page the journey loads is checked with axe-core (WCAG 2.1 AA: no serious or critical violation)
    and at 375 px wide (no sideways scrolling); the test fails at its end naming each page and problem.
    Mark a test `no_page_check` only where it visits pages on purpose broken (none does today).
    """
    from intro_program.tests.pagecheck import PageChecker

    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport={"width": 1366, "height": 900})
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    checker = PageChecker(context)
    if not request.node.get_closest_marker("no_page_check"):
        new_page.on("load", lambda loaded: checker.record(loaded.url))
    new_page.page_checker = checker
    yield new_page
    if not new_page.is_closed():
        new_page.evaluate("1")  # a round trip, so the last page's load event is handled before the check
    checker.check_all()
    problems = checker.report()
    context.close()
    if problems:
        pytest.fail(f"pages the journey visited fail the accessibility or phone check:\n{problems}", pytrace=False)


@pytest.fixture
def screenshot_dir():
    folder = BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def browser_login(page, username: str, password: str):
    """Log in through the real login form."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    if hasattr(page, "page_checker"):
        page.page_checker.login = (username, password)


@pytest.fixture
def world(db):
    """Two districts of one organisation with a login for every role in the first (see districts.tests.world)."""
    return build_world()


# --- single sign-on: a real OpenID Connect provider (npm's oidc-provider) on 127.0.0.1 ---
OIDC_TEST_CLIENT_ID = "introduktionsprogrammet"
# The identity provider's accounts: a login and password at the provider, and the e-mail claim it sends.
OIDC_TEST_ACCOUNTS = {
    "enhetschef": {"password": "idp-enhetschef", "email": "enhetschef@example.se", "name": "Enhetschef Testsson"},
    "siri": {"password": "idp-siri", "email": "Siri.Samordnare@Example.se", "name": "Siri Samordnare"},
    "okand": {"password": "idp-okand", "email": "okand@example.se", "name": "Okänd Person"},
    "slutat": {"password": "idp-slutat", "email": "slutat@example.se", "name": "Slutat Person"},
}


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """Start intro_program/tests/oidc/provider.mjs with node for the live server; yield its issuer and client."""
    import json
    import shutil

    import requests

    node = shutil.which("node")
    if node is None:
        _missing_service("the single sign-on tests need node (apt-get install nodejs npm)")
    if not (BASE_DIR / "node_modules" / "oidc-provider").is_dir():
        _missing_service("the single sign-on tests need node_modules/oidc-provider (make install runs npm ci)")
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    secret = os.urandom(16).hex()
    client = {
        "client_id": OIDC_TEST_CLIENT_ID,
        "client_secret": secret,
        "redirect_uris": [f"{live_server.url}/oidc/callback/"],
        "post_logout_redirect_uris": [f"{live_server.url}/login/"],
    }
    accounts = [{"login": login, **account} for login, account in OIDC_TEST_ACCOUNTS.items()]
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [node, str(BASE_DIR / "intro_program" / "tests" / "oidc" / "provider.mjs")],
            cwd=BASE_DIR,
            env={
                **os.environ,
                "OIDC_TEST_PORT": str(port),
                "OIDC_TEST_CLIENT": json.dumps(client),
                "OIDC_TEST_ACCOUNTS": json.dumps(accounts),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the OpenID Connect provider exited: {log_path.read_text()}")
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the OpenID Connect provider did not answer within 30s: {log_path.read_text()}")
            time.sleep(0.1)
        yield {"issuer": issuer, "client_id": OIDC_TEST_CLIENT_ID, "client_secret": secret}
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, oidc_provider):
    """Point the app (and the in-process live server) at the test provider, on the provider's clock.

    The provider signs its tokens and sets its cookies with the real time, and Chromium judges
    cookie expiry by it too, so these tests travel from the frozen clock to the real now.
    """
    from django.core.cache import cache

    from intro_program import env

    settings.OIDC_ISSUER = oidc_provider["issuer"]
    settings.OIDC_RP_CLIENT_ID = oidc_provider["client_id"]
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider["client_secret"]
    settings.OIDC_PROVIDER_NAME = "Testkommunens konto"
    # As settings.py does for OIDC_ISSUER: the logout form may be redirected on to the provider.
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **directives,
            "form-action": [*directives["form-action"], *env.origins(oidc_provider["issuer"])],
        },
    }
    cache.clear()  # the discovery document of an earlier run's provider
    real_now = datetime.datetime.fromtimestamp(time_machine.escape_hatch.time.time(), datetime.UTC)
    with time_machine.travel(real_now, tick=True):
        time.time()  # time-machine starts ticking at the first reading; from now, not when a later fixture reads it
        yield oidc_provider


PO_PATH = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


@pytest.fixture(scope="module")
def english_catalogue():
    """Make sure the compiled catalogue matches the .po (`make test` compiles it; a bare pytest may not have)."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            pytest.fail(f"{MO_PATH.relative_to(BASE_DIR)} is stale and msgfmt is missing; run `make messages`")
        handle, temporary = tempfile.mkstemp(dir=MO_PATH.parent, suffix=".mo")
        os.close(handle)
        try:
            subprocess.run([msgfmt, "--check-format", "-o", temporary, str(PO_PATH)], check=True)
            os.replace(temporary, MO_PATH)  # atomic, so parallel workers never read half a file
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        from django.utils.translation import trans_real

        trans_real._translations = {}  # drop catalogues a test may already have loaded
        trans_real._default = None
    yield MO_PATH
