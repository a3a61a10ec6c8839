"""The key-people register, the lecturer picker's order, a lecturer's own sessions and the days they teach."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import lecturers, services
from courses.models import KeyPerson, ProgrammeArea, RoundSession
from courses.tests.factories import CourseRoundFactory, del1_of, del2_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _session(course_round, *, day, start=9, end=16, lecturer=None, cancelled=False):
    session = RoundSession.objects.create(
        course_round=course_round,
        date=day,
        start_time=datetime.time(start),
        end_time=datetime.time(end),
        cancelled=cancelled,
    )
    if lecturer is not None:
        session.lecturer_staff.set([lecturer])
    return session


def test_a_key_person_is_named_by_work_email_once_per_area(world):
    coordinator = world.user("utbildningssamordnare")
    person = StaffMemberFactory(unit=world.own_unit, work_email="Erfaren.Kollega@example.se")
    added = lecturers.key_person_add(
        actor=coordinator, organisation=world.organisation, email="erfaren.kollega@example.se", area="samverkan"
    )
    assert added.staff == person and added.history.get().history_user == coordinator
    with pytest.raises(ValidationError, match="redan nyckelperson"):
        lecturers.key_person_add(
            actor=coordinator, organisation=world.organisation, email=person.work_email, area="samverkan"
        )
    with pytest.raises(ValidationError, match="Ingen anställd"):
        lecturers.key_person_add(
            actor=coordinator, organisation=world.organisation, email="okand@example.se", area="samverkan"
        )
    with pytest.raises(ValidationError, match="områden"):
        lecturers.key_person_add(
            actor=coordinator, organisation=world.organisation, email=person.work_email, area="nope"
        )
    assert KeyPerson.objects.count() == 1


def test_the_picker_offers_the_key_people_of_the_sessions_areas_first(world):
    coordinator = world.user("utbildningssamordnare")
    for email, area in (("a@example.se", ProgrammeArea.SAMVERKAN), ("b@example.se", ProgrammeArea.REGELVERK)):
        StaffMemberFactory(unit=world.own_unit, work_email=email)
        lecturers.key_person_add(actor=coordinator, organisation=world.organisation, email=email, area=area)
    course = del2_of(world.organisation)
    session = _session(CourseRoundFactory(course=course), day=clock.today())
    session.modules.set(course.modules.filter(area=ProgrammeArea.REGELVERK))
    choices = lecturers.lecturer_choices(user=coordinator, course_round=session.course_round, session=session)
    assert [choice.staff.work_email for choice in choices] == ["b@example.se", "a@example.se"]


def test_a_lecturer_sees_their_sessions_and_participants_and_nobody_elses(client, world):
    lecturer = world.people[Role.UTBILDARSTOD]
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 mars")
    mine = _session(course_round, day=clock.today(), lecturer=lecturer)
    theirs = _session(course_round, day=clock.today(), lecturer=world.other_unit_manager)
    services.round_nominate(course_round=course_round, staff=world.other_hire, actor=None)
    client.force_login(lecturer.user)
    listing = client.get(reverse("courses:my_sessions")).content.decode()
    assert "Del 1 mars" in listing
    detail = client.get(reverse("courses:my_session_detail", args=[mine.pk]))
    assert world.other_hire.full_name in detail.content.decode()  # participants from any district
    assert client.get(reverse("courses:my_session_detail", args=[theirs.pk])).status_code == 404


def test_days_taught_count_half_and_whole_days_and_leave_out_cancelled_sessions(world):
    lecturer = world.people[Role.UTBILDARSTOD]
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    today = clock.today()
    year = today.year
    past = datetime.date(year, 1, 2) if today > datetime.date(year, 1, 2) else today
    _session(course_round, day=past, lecturer=lecturer)  # a whole day
    _session(course_round, day=past, start=13, end=16, lecturer=lecturer)  # half a day
    _session(course_round, day=past, lecturer=lecturer, cancelled=True)
    _session(course_round, day=datetime.date(year - 1, 6, 1), lecturer=lecturer)  # another year
    days = lecturers.taught_days(lecturers=[lecturer.pk], year=year, today=today)[lecturer.pk]
    assert days.taught + days.planned == Decimal("1.5")


def test_the_share_of_a_post_is_the_persons_then_the_districts_then_two_tenths(world):
    coordinator = world.user("utbildningssamordnare")
    support = world.people[Role.UTBILDARSTOD]
    other = StaffMemberFactory(unit=world.other_unit, roles=[Role.UTBILDARSTOD])
    assert lecturers.trainer_shares(staff=[support, other]) == {support.pk: Decimal("0.2"), other.pk: Decimal("0.2")}
    lecturers.trainer_share_set(
        actor=coordinator, organisation=world.organisation, share=Decimal("0.3"), district=world.own_district
    )
    lecturers.trainer_share_set(
        actor=coordinator, organisation=world.organisation, share=Decimal("0.5"), email=other.work_email
    )
    assert lecturers.trainer_shares(staff=[support, other]) == {support.pk: Decimal("0.3"), other.pk: Decimal("0.5")}
    with pytest.raises(ValidationError, match="högst 1"):
        lecturers.trainer_share_set(
            actor=coordinator, organisation=world.organisation, share=Decimal("1.5"), district=world.own_district
        )
    with pytest.raises(ValidationError, match="antingen"):
        lecturers.trainer_share_set(actor=coordinator, organisation=world.organisation, share=Decimal("0.2"))


def test_the_register_page_refuses_bad_input_in_swedish(client, world):
    client.force_login(world.user("utbildningssamordnare"))
    page = client.post(reverse("courses:key_people"), {"email": "okand@example.se", "area": "samverkan"})
    assert page.status_code == 200 and "Ingen anställd i organisationen" in page.content.decode()
    page = client.post(reverse("courses:trainer_share_set"), {"share": "abc"})
    assert page.status_code == 200 and KeyPerson.objects.count() == 0


def test_mina_pass_costs_the_same_queries_for_more_sessions(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lecturer = world.people[Role.UTBILDARSTOD]
    client.force_login(lecturer.user)
    course_round = CourseRoundFactory(course=del2_of(world.organisation))
    counts = []
    for _batch in range(2):
        for _n in range(3):
            _session(course_round, day=clock.today(), lecturer=lecturer).modules.set(
                course_round.course.modules.all()[:2]
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("courses:my_sessions")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
