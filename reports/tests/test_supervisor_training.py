import pytest

from districts.models import Role

pytestmark = pytest.mark.django_db


def test_the_report_lists_each_supervisor_with_the_state_of_their_training(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    page = client.get("/rapporter/handledarnas-utbildning/").content.decode()
    assert world.people[Role.FORSTE_SOCIALSEKRETERARE].full_name in page
    assert "Inte påbörjad" in page and "0 av 1 handledare" in page
    csv = client.get("/rapporter/handledarnas-utbildning/?format=csv")
    assert csv.status_code == 200 and "Inte påbörjad" in csv.content.decode("utf-8-sig")
