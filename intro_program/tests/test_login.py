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
