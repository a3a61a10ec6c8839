"""Single sign-on end to end: Chromium, the app and a real OpenID Connect provider (npm's oidc-provider) on 127.0.0.1.

The provider (intro_program/tests/oidc/provider.mjs, started by conftest.oidc_provider) runs the
whole protocol: discovery, the authorization code flow with PKCE, RS256 ID tokens, userinfo
and RP-initiated logout. Nothing of it is mocked here. The other tests in this module check the
login page's doors without a provider.
"""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import translation
from playwright.sync_api import expect

from conftest import OIDC_TEST_ACCOUNTS
from districts import clock
from districts.models import Role, StaffMember
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(autouse=True)
def swedish():
    """Build the world in Swedish, whatever language an earlier test's request left active in this thread."""
    with translation.override("sv"):
        yield


SSO_BUTTON = "Logga in med Testkommunens konto"


@pytest.fixture
def journey(sso, page, live_server):
    """The browser page of a single sign-on journey, whose app pages are checked at its end (conftest.page).

    Requested after `sso`, so the check runs while the provider is still configured; the provider's
    own pages are left out of it: they are the identity provider's, not this app's, and opening
    them again would replay the protocol (its end-session address signs the browser out there).
    """
    yield page
    app = urlsplit(live_server.url).netloc
    checker = page.page_checker
    checker.visited = [
        url
        for url in checker.visited
        if urlsplit(url).netloc == app and urlsplit(url).path != "/oidc/authenticate/"  # a redirect, not a page
    ]


def _keep_the_browser_on_this_machine(page) -> list[str]:
    """Abort every request that would leave 127.0.0.1; return the list of aborted addresses."""
    outside = []

    def route(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", route)
    return outside


def _back_at_the_app(page, live_server):
    """Wait until the browser has come back from the provider to the app (a dashboard or a refusal)."""
    app = urlsplit(live_server.url).netloc
    page.wait_for_url(lambda url: urlsplit(url).netloc == app and urlsplit(url).path in {"/", "/oidc/callback/"})


def _sign_in_at_the_provider(page, live_server, login: str):
    """Press the login page's single sign-on button and sign in on the provider's own form."""
    page.goto("/login/")
    page.get_by_role("link", name=SSO_BUTTON).click()
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(OIDC_TEST_ACCOUNTS[login]["password"])
    page.get_by_role("button", name="Sign in").click()
    _back_at_the_app(page, live_server)


def _path(page) -> str:
    return urlsplit(page.url).path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_unit_manager_signs_in_with_the_provider_and_logging_out_ends_the_provider_session(
    journey, live_server, world, sso, screenshot_dir
):
    page = journey
    outside = _keep_the_browser_on_this_machine(page)
    _sign_in_at_the_provider(page, live_server, "enhetschef")

    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", name="Välkommen, Enhetschef").is_visible()
    assert page.get_by_text("Nyanställda på din enhet").is_visible()  # the enhetschef's own panel
    page.screenshot(path=screenshot_dir / "sso-enhetschef-dashboard.png", full_page=True)

    page.get_by_role("button", name="Logga ut").click()
    # The provider asks before it ends its session (RP-initiated logout), then sends the browser back.
    page.wait_for_url(f"{sso['issuer']}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/login/")

    page.goto("/")
    assert _path(page) == "/login/", "the app's session has ended"
    page.get_by_role("link", name=SSO_BUTTON).click()
    # The provider's session has ended: it asks for the password again.
    expect(page.get_by_label("Password")).to_be_visible()
    assert not outside, f"the browser tried to leave this machine: {outside}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_without_a_login_gets_one_on_the_first_sign_in_matched_by_work_email(
    journey, live_server, world, sso
):
    page = journey
    coordinator = StaffMemberFactory(
        unit=world.own_unit,
        roles=[Role.UTBILDNINGSSAMORDNARE],
        work_email="siri.samordnare@example.se",  # the provider sends Siri.Samordnare@Example.se
        first_name="Siri",
        last_name="Samordnare",
    )
    outside = _keep_the_browser_on_this_machine(page)
    _sign_in_at_the_provider(page, live_server, "siri")

    assert _path(page) == "/"
    assert page.get_by_role("heading", name="Välkommen, Siri").is_visible()
    assert page.get_by_text("Organisationen i siffror").is_visible()  # the coordinator's panel
    coordinator.refresh_from_db()
    assert coordinator.user is not None and coordinator.user.username == "siri.samordnare@example.se"
    assert not coordinator.user.has_usable_password()

    # While the provider's session lasts, signing in again needs no password there: that is what
    # the unit manager's logout above ends.
    page.context.clear_cookies(domain="localhost")
    page.goto("/login/")
    page.get_by_role("link", name=SSO_BUTTON).click()
    _back_at_the_app(page, live_server)
    assert _path(page) == "/" and page.get_by_role("heading", name="Välkommen, Siri").is_visible()
    assert get_user_model().objects.filter(email__iexact="siri.samordnare@example.se").count() == 1
    assert not outside, f"the browser tried to leave this machine: {outside}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_someone_the_provider_knows_but_the_staff_register_does_not_is_refused_and_gets_no_account(
    journey, live_server, world, sso, screenshot_dir
):
    page = journey
    users_before = get_user_model().objects.count()
    _sign_in_at_the_provider(page, live_server, "okand")

    assert page.get_by_role("heading", name="Du kan inte logga in").is_visible()
    assert page.get_by_test_id("sso-refusal").inner_text() == (
        "Det finns ingen medarbetare med e-postadressen okand@example.se i Introduktionsprogrammet. "
        "Kontakta HR eller utbildningssamordnaren om du ska ha tillgång."
    )
    page.screenshot(path=screenshot_dir / "sso-unknown-refused.png", full_page=True)
    assert get_user_model().objects.count() == users_before
    page.goto("/")
    assert _path(page) == "/login/"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_leaver_is_refused_with_the_end_of_employment_and_gets_no_account(journey, live_server, world, sso):
    page = journey
    today = clock.today()
    leaver = StaffMemberFactory(
        unit=world.own_unit,
        work_email="slutat@example.se",
        employment_start=today.replace(year=today.year - 2),
        employment_end=today.fromordinal(today.toordinal() - 1),
    )
    users_before = get_user_model().objects.count()
    _sign_in_at_the_provider(page, live_server, "slutat")

    assert page.get_by_role("heading", name="Du kan inte logga in").is_visible()
    assert "Din anställning upphörde" in page.get_by_test_id("sso-refusal").inner_text()
    assert get_user_model().objects.count() == users_before
    assert StaffMember.objects.get(pk=leaver.pk).user is None
    page.goto("/")
    assert _path(page) == "/login/"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_id_token_that_has_expired_by_the_apps_clock_is_refused_not_an_error(journey, live_server, world, sso):
    page = journey
    users_before = get_user_model().objects.count()
    # The app's clock two hours ahead of the provider's: its one-hour ID token has expired on arrival.
    two_hours_ahead = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2)
    with (
        time_machine.travel(two_hours_ahead, tick=True),
        page.expect_response(lambda response: "/oidc/callback/" in response.url) as callback,
    ):
        _sign_in_at_the_provider(page, live_server, "enhetschef")

    assert callback.value.status == 400
    assert page.get_by_test_id("sso-refusal").inner_text() == (
        "Inloggningen avbröts eller kunde inte slutföras. Försök igen."
    )
    assert get_user_model().objects.count() == users_before
    page.goto("/")
    assert _path(page) == "/login/"


# --- the login page's doors, without a provider ---


@pytest.fixture
def configured(settings):
    """Single sign-on configured with a provider that nothing answers for (the discard port)."""
    from django.core.cache import cache

    cache.clear()
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID = "app"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_PROVIDER_NAME = "Testkommunens konto"
    return settings


def test_the_login_page_offers_the_provider_when_single_sign_on_is_configured(client, configured):
    page = client.get("/login/?next=/kurser/").content.decode()
    assert SSO_BUTTON in page
    assert 'href="/oidc/authenticate/?next=/kurser/"' in page
    assert 'name="password"' in page, "the password form stays while PASSWORD_LOGIN is on"


def test_the_login_page_has_no_provider_button_without_single_sign_on(client):
    page = client.get("/login/").content.decode()
    assert "Logga in med" not in page and 'name="password"' in page


def test_with_password_login_off_the_form_is_gone_and_a_posted_password_is_refused(client, world, configured):
    configured.PASSWORD_LOGIN = False
    page = client.get("/login/").content.decode()
    assert SSO_BUTTON in page and 'name="password"' not in page

    response = client.post("/login/", {"username": world.user(Role.HR).username, "password": world.password})
    assert response.status_code == 403
    assert "Inloggning med lösenord är avstängd här." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_with_password_login_off_the_admins_password_form_sends_to_the_login_page(client, configured):
    configured.PASSWORD_LOGIN = False
    response = client.get("/admin/login/?next=/admin/districts/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=%2Fadmin%2Fdistricts%2F"
    assert client.post("/admin/login/", {"username": "admin", "password": "x"}).status_code == 302


def test_the_admins_own_login_page_works_while_passwords_are_allowed(client, world):
    superuser = get_user_model().objects.create_superuser("root@example.se", "root@example.se", "root-password-1")
    assert 'name="password"' in client.get("/admin/login/").content.decode()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": superuser.username, "password": "root-password-1"}
    )
    assert response.status_code == 302 and client.get("/admin/").status_code == 200


def test_the_provider_views_are_not_found_without_single_sign_on(client):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=c&state=s").status_code == 404


def test_a_provider_that_does_not_answer_gets_a_swedish_page_not_an_error(client, configured):
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503
    assert "Inloggningstjänsten svarar inte just nu." in response.content.decode()


def test_a_sign_in_cancelled_at_the_provider_is_refused_with_a_way_back(client, configured):
    response = client.get("/oidc/callback/?error=access_denied&state=s")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Inloggningen avbröts eller kunde inte slutföras." in page and 'href="/login/"' in page


def test_an_answer_to_a_sign_in_this_browser_did_not_start_is_refused(client, configured):
    session = client.session
    session["oidc_states"] = {"mine": {"nonce": "n", "code_verifier": None, "added_on": 0}}
    session.save()
    response = client.get("/oidc/callback/?code=c&state=someone-elses")
    assert response.status_code == 400
    assert "Inloggningen avbröts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("english_catalogue")
def test_the_refusal_and_the_provider_button_are_english_when_english_is_chosen(client, configured):
    client.cookies[configured.LANGUAGE_COOKIE_NAME] = "en"
    configured.OIDC_PROVIDER_NAME = "Gothenburg ID"
    # The requests leave English active in this thread; the override puts the language back afterwards.
    with translation.override(configured.LANGUAGE_CODE):
        login_page = client.get("/login/").content.decode()
        refusal_page = client.get("/oidc/callback/?error=access_denied&state=s").content.decode()
    assert "Log in with Gothenburg ID" in login_page
    assert "You cannot log in" in refusal_page
    assert "The login was cancelled or could not be completed." in refusal_page


@pytest.mark.parametrize(
    "environment",
    [
        {"OIDC_RP_CLIENT_ID": "app"},
        {"OIDC_ISSUER": "https://login.example.se"},
        {"OIDC_RP_CLIENT_ID": "app", "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.se/auth"},
        {"PASSWORD_LOGIN": "false"},
    ],
    ids=["client id only", "issuer only", "endpoints without token and keys", "no door left"],
)
def test_a_half_done_single_sign_on_configuration_refuses_to_start(monkeypatch, environment):
    from django.core.exceptions import ImproperlyConfigured

    from intro_program import env

    for name in ("OIDC_RP_CLIENT_ID", "OIDC_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured):
        env.check_single_sign_on(password_login=env.env_bool("PASSWORD_LOGIN", default=True))


def test_an_issuer_and_a_client_id_are_enough(monkeypatch):
    from intro_program import env

    monkeypatch.setenv("OIDC_ISSUER", "https://login.example.se")
    monkeypatch.setenv("OIDC_RP_CLIENT_ID", "app")
    env.check_single_sign_on(password_login=False)


def test_the_logout_form_may_lead_on_to_the_provider_that_the_environment_names(tmp_path):
    """The Content-Security-Policy's form-action lets the logout's redirect reach the provider, and only that."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intro_program.settings", "DEBUG": "1"}
    env.update(OIDC_ISSUER="https://login.example.se/realms/stad", OIDC_RP_CLIENT_ID="app")
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']))"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["'self'", "https://login.example.se"]
