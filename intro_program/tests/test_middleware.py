import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_swedish(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()


def test_the_language_switch_is_honoured(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="sv")
    assert '<html lang="en">' in response.content.decode()
