import pytest

from conftest import browser_login
from districts.models import Role

pytestmark = pytest.mark.django_db


def test_login_page_is_swedish_by_default(client):
    response = client.get("/login/")
    assert "Logga in" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_user_logs_in_through_the_browser_and_sees_the_dashboard(page, world, screenshot_dir):
    browser_login(page, world.user(Role.ENHETSCHEF).username, world.password)
    assert page.url.endswith("/")
    assert page.get_by_role("heading", name="Välkommen, Enhetschef").is_visible()


def test_wrong_password_gets_a_swedish_message_and_no_session(client, world):
    response = client.post("/login/", {"username": world.user(Role.HR).username, "password": "fel-lösenord"})
    assert response.status_code == 200
    assert "korrekt användarnamn" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_leads_to_the_dashboard_and_logout_ends_the_session(client, world):
    response = client.post("/login/", {"username": world.user(Role.HR).username, "password": world.password})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/logout/")
    assert client.get("/").status_code == 302


# django-axes through the real login view: failures count per username and address together.
OFFICE = "192.0.2.10"  # one NAT address for a whole office (documentation range)
HOME = "198.51.100.7"


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10


def _attempt(client, username, password, address):
    from django.urls import reverse

    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_guesses_lock_the_account_even_with_the_attackers_own_logins_in_between(client, world, lockout):
    from django.test import Client

    victim = world.user(Role.HR).username
    attacker = world.user(Role.SOCIALSEKRETERARE).username
    statuses = []
    for guess in range(27):
        if guess % 5 == 4:  # the attacker's own successful login must not reset the victim's count
            assert _attempt(Client(), attacker, world.password, OFFICE).status_code == 302
        statuses.append(_attempt(client, victim, f"gissning-{guess}", OFFICE).status_code)
    assert statuses[:9] == [200] * 9
    assert statuses[9:] == [429] * 18
    locked = _attempt(client, victim, world.password, OFFICE)
    assert locked.status_code == 429
    assert "För många inloggningsförsök" in locked.content.decode()


def test_a_locked_account_does_not_lock_the_office_out(client, world, lockout):
    from django.test import Client

    victim = world.user(Role.HR).username
    for guess in range(10):
        _attempt(client, victim, f"gissning-{guess}", OFFICE)
    assert _attempt(client, victim, world.password, OFFICE).status_code == 429
    colleague = world.user(Role.ENHETSCHEF).username
    assert _attempt(Client(), colleague, world.password, OFFICE).status_code == 302
    assert _attempt(Client(), victim, world.password, HOME).status_code == 302


def test_a_successful_login_clears_only_its_own_failures(client, world, lockout):
    from django.test import Client

    user = world.user(Role.HR).username
    for guess in range(9):
        _attempt(client, user, f"fel-{guess}", OFFICE)
    assert _attempt(Client(), user, world.password, OFFICE).status_code == 302
    for guess in range(9):  # a fresh count after the user's own login
        assert _attempt(client, user, f"fel-igen-{guess}", OFFICE).status_code == 200
