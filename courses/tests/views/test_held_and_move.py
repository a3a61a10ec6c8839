"""The mark-held page (outcomes on one form) and moving a booking, through the views."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from courses import services
from courses.models import NominationStatus, RoundStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _coordinator(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _started_round(world, people=2):
    today = clock.today()
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), session_dates=[today - datetime.timedelta(days=1), today]
    )
    nominations = [
        services.round_nominate(course_round=course_round, staff=StaffMemberFactory(unit=world.own_unit), actor=None)
        for _ in range(people)
    ]
    return course_round, nominations


def _form_data(nominations, outcomes):
    data = {
        "utfall-TOTAL_FORMS": str(len(nominations)),
        "utfall-INITIAL_FORMS": str(len(nominations)),
        "utfall-MIN_NUM_FORMS": "0",
        "utfall-MAX_NUM_FORMS": "1000",
    }
    for index, (nomination, (outcome, reason, text)) in enumerate(zip(nominations, outcomes, strict=True)):
        data |= {
            f"utfall-{index}-nomination": str(nomination.pk),
            f"utfall-{index}-outcome": outcome,
            f"utfall-{index}-reason": reason,
            f"utfall-{index}-text": text,
        }
    return data


def test_the_page_proposes_outcomes_from_attendance_and_holding_settles_them(
    client, world, django_assert_max_num_queries
):
    course_round, (present, absent) = _started_round(world)
    sessions = list(course_round.sessions.all())
    services.attendance_record(
        course_round=course_round, present={(sessions[0].pk, present.pk), (sessions[0].pk, absent.pk)}, actor=None
    )
    services.attendance_record(
        course_round=course_round,
        present={(sessions[0].pk, present.pk), (sessions[1].pk, present.pk), (sessions[0].pk, absent.pk)},
        actor=None,
    )
    present.refresh_from_db()
    assert present.status == NominationStatus.COMPLETED  # attended both: completed by the attendance already
    late = services.round_nominate(course_round=course_round, staff=StaffMemberFactory(unit=world.own_unit), actor=None)
    _coordinator(client, world)
    url = reverse("courses:round_mark_held", kwargs={"pk": course_round.pk})
    with django_assert_max_num_queries(20):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert absent.staff.full_name in html and late.staff.full_name in html and present.staff.full_name not in html
    assert "närvarande 1 av 2 tillfällen" in html
    proposed = page.context["formset"].initial
    assert [row["outcome"] for row in proposed] == ["not_completed", "not_completed"]

    response = client.post(
        url,
        _form_data(
            [page.context["rows"][0][0].nomination, page.context["rows"][1][0].nomination],
            [("not_completed", "changed_job", ""), ("completed", "", "")],
        ),
    )
    assert response.status_code == 302
    assert _messages(response) == ["Kursomgången är markerad som genomförd."]
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.HELD
    statuses = {n.pk: (n.status, n.drop_out_reason) for n in course_round.nominations.all()}
    first, second = (row[0].nomination.pk for row in page.context["rows"])
    assert statuses[first] == (NominationStatus.DROPPED_OUT, "changed_job")
    assert statuses[second] == (NominationStatus.COMPLETED, "")


def test_not_completed_without_a_reason_shows_the_form_again_and_changes_nothing(client, world):
    course_round, nominations = _started_round(world)
    _coordinator(client, world)
    url = reverse("courses:round_mark_held", kwargs={"pk": course_round.pk})
    response = client.post(url, _form_data(nominations, [("completed", "", ""), ("not_completed", "", "")]))
    assert response.status_code == 200
    assert "Välj en orsak till att deltagaren inte slutförde." in response.content.decode()
    response = client.post(url, _form_data(nominations, [("completed", "", ""), ("not_completed", "other", "")]))
    assert "Beskriv orsaken när du väljer Annat." in response.content.decode()
    response = client.post(url, _form_data(nominations[:1], [("completed", "", "")]))  # someone left out
    assert response.status_code == 200
    assert f"Ange om {nominations[1].staff.full_name} slutförde omgången." in response.content.decode()
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.OPEN
    assert set(course_round.nominations.values_list("status", flat=True)) == {NominationStatus.BOOKED}


@pytest.mark.frozen_dates
def test_a_round_not_started_offers_no_mark_held_and_refuses_it(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))  # 30 days ahead
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    _coordinator(client, world)
    detail = client.get(reverse("courses:round_detail", kwargs={"pk": course_round.pk})).content.decode()
    assert 'data-testid="mark-held"' not in detail and 'data-testid="mark-held-later"' in detail
    url = reverse("courses:round_mark_held", kwargs={"pk": course_round.pk})
    for response in (client.get(url), client.post(url, _form_data([nomination], [("completed", "", "")]))):
        assert response.status_code == 302
        assert _messages(response)[0].startswith("Omgången har inte börjat än.")
    course_round.refresh_from_db()
    nomination.refresh_from_db()
    assert course_round.status == RoundStatus.OPEN and nomination.status == NominationStatus.BOOKED
    started, _nominations = _started_round(world, people=0)
    assert (
        'data-testid="mark-held"'
        in client.get(reverse("courses:round_detail", kwargs={"pk": started.pk})).content.decode()
    )


def test_nominating_someone_already_on_del1_is_refused_on_the_page(client, world):
    course = del1_of(world.organisation)
    first = CourseRoundFactory(course=course, title="Del 1 mars")
    second = CourseRoundFactory(course=course, title="Del 1 april")
    services.round_nominate(course_round=first, staff=world.hire, actor=None)
    _coordinator(client, world)
    response = client.post(reverse("courses:nominate", kwargs={"staff_pk": world.hire.pk}), {"course_round": second.pk})
    assert response.status_code == 200
    assert "har redan en plats på Del 1 (Del 1 mars). Flytta den i stället." in response.content.decode()
    response = client.post(reverse("courses:round_nominate", kwargs={"pk": second.pk}), {"staff": world.hire.pk})
    assert any("har redan en plats på Del 1" in text for text in _messages(response))
    assert not second.nominations.exists()


def test_moving_a_booking_on_the_page_keeps_the_history(client, world, django_assert_max_num_queries):
    course = del1_of(world.organisation)
    today = clock.today()
    source = CourseRoundFactory(
        course=course, title="Del 1 januari", session_dates=[today + datetime.timedelta(days=20)]
    )
    target = CourseRoundFactory(
        course=course, title="Del 1 februari", session_dates=[today + datetime.timedelta(days=50)]
    )
    full = CourseRoundFactory(
        course=course, title="Del 1 mars", capacity=1, session_dates=[today + datetime.timedelta(days=80)]
    )
    services.round_nominate(course_round=full, staff=StaffMemberFactory(unit=world.own_unit), actor=None)
    booking = services.round_nominate(course_round=source, staff=world.hire, actor=None)
    _coordinator(client, world)
    detail = client.get(reverse("courses:nomination_detail", kwargs={"pk": booking.pk})).content.decode()
    url = reverse("courses:nomination_move", kwargs={"pk": booking.pk})
    assert url in detail
    assert url in client.get(reverse("courses:round_detail", kwargs={"pk": source.pk})).content.decode()
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert list(page.context["form"].fields["course_round"].queryset) == [target, full]

    refused = client.post(url, {"course_round": full.pk})
    assert refused.status_code == 200
    assert "Del 1 mars är fullbokad." in refused.content.decode()
    booking.refresh_from_db()
    assert booking.status == NominationStatus.BOOKED and booking.course_round == source

    response = client.post(url, {"course_round": target.pk})
    moved = target.nominations.get(staff=world.hire)
    assert response.status_code == 302 and response["Location"] == reverse(
        "courses:nomination_detail", kwargs={"pk": moved.pk}
    )
    assert _messages(response) == [f"{world.hire.full_name} är flyttad till Del 1 februari: bokad."]
    history = client.get(response["Location"]).content.decode()
    assert "Flyttad från Del 1 januari till Del 1 februari." in history and "Del 1 januari" in history
    old = client.get(reverse("courses:nomination_detail", kwargs={"pk": booking.pk})).content.decode()
    assert 'data-testid="moved-to"' in old
    again = client.get(url)
    assert again.status_code == 302  # the old nomination is cancelled: nothing left to move


def test_the_mark_held_page_reads_the_same_number_of_queries_for_more_participants(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    course_round, _nominations = _started_round(world, people=2)
    _coordinator(client, world)
    url = reverse("courses:round_mark_held", kwargs={"pk": course_round.pk})
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
        for _ in range(6):
            services.round_nominate(
                course_round=course_round, staff=StaffMemberFactory(unit=world.own_unit), actor=None
            )
    assert counts[0] == counts[1]
