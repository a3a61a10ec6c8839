import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_swedish(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()


def test_the_language_switch_is_honoured(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="sv")
    assert '<html lang="en">' in response.content.decode()


# A NUL byte cannot be stored or looked up (PostgreSQL refuses it): a link or a form that carries one
# gets a clear Swedish answer, whichever page it is sent to.
NUL_REQUESTS = [
    ("get", "/kurser/kalender/abc%00def.ics", {}),
    ("get", "/utvardering/svar/abc%00def/", {}),
    ("get", "/organisation/medarbetare/?q=%00", {}),
    ("post", "/login/", {"username": "hr\x00@example.se", "password": "x"}),
]


@pytest.mark.parametrize(("method", "url", "data"), NUL_REQUESTS, ids=[url for _m, url, _d in NUL_REQUESTS])
def test_a_nul_byte_in_a_path_query_or_form_answers_400_in_swedish(client, world, method, url, data):
    from districts.models import Role

    client.force_login(world.user(Role.HR))
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert "otillåtet tecken" in response.content.decode()


def test_a_nul_byte_in_a_cookie_answers_400(client):
    client.cookies["sessionid"] = "abc\x00"
    assert client.get("/login/").status_code == 400
