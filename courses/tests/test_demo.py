import pytest

from courses import demo, selectors, services
from courses.models import CourseKind, CourseRound, Nomination, NominationStatus, RoundStatus
from districts import clock
from districts import demo as districts_demo

pytestmark = [pytest.mark.django_db, pytest.mark.long_running(15)]  # seeds the demo: first under -n


def _seed(today):
    organisation = districts_demo.seed_organisation(today=today, staff_count=200).organisation
    services.programme_install_defaults(organisation=organisation)  # onboarding's step, as seed_demo runs it
    demo.seed(organisation=organisation, today=today)
    return organisation


@pytest.fixture(scope="module")
def seeded(seed_for_module, module_clock):
    """The demo programme, seeded once for the module on the tests' date (districts.demo dates its logins from
    the real today); each test's writes roll back (see plugins.shared_rows). The frozen-dates story seeds its
    own on each date: test_demo_story.py."""
    yield from seed_for_module(lambda: _seed(module_clock))


def test_demo_seed_makes_a_lively_programme_and_is_idempotent(seeded):
    today = clock.today()
    organisation = seeded
    rounds = CourseRound.objects.filter(course__organisation=organisation)
    counts = (rounds.count(), Nomination.objects.count())
    assert rounds.filter(status=RoundStatus.HELD, course__kind=CourseKind.DEL1).count() >= 5
    assert rounds.filter(course__kind=CourseKind.DEL1, starts_on__gt=today).count() == 9
    assert Nomination.objects.filter(status=NominationStatus.COMPLETED).exists()
    assert Nomination.objects.filter(status=NominationStatus.BOOKED).exists()
    hires = Nomination.objects.filter(course_round__course__kind=CourseKind.DEL2).values_list("staff_id", flat=True)
    assert any(attended for attended, _total in selectors.del2_progress(staff_ids=hires).values())
    demo.seed(organisation=organisation, today=today)
    assert (rounds.count(), Nomination.objects.count()) == counts


def test_demo_has_certificates_for_held_rounds_a_key_people_register_and_lecturers_with_days(seeded):
    from courses import lecturers
    from courses.models import Certificate, KeyPerson, RoundSession

    today = clock.today()
    organisation = seeded
    completed = Nomination.objects.filter(status=NominationStatus.COMPLETED, course_round__status=RoundStatus.HELD)
    assert completed.count() == Certificate.objects.count() > 0
    assert KeyPerson.objects.values("area").distinct().count() == 5
    taught = RoundSession.objects.filter(lecturer_staff__isnull=False, course_round__course__organisation=organisation)
    assert taught.exists()
    lecturer_ids = set(taught.values_list("lecturer_staff", flat=True))
    days = lecturers.taught_days(lecturers=lecturer_ids, year=today.year, today=today)
    per_person = [row.taught + row.planned for row in days.values()]
    assert per_person and max(per_person) < 60  # a handful of days each, not a full-time job
    register, issued = KeyPerson.objects.count(), Certificate.objects.count()
    demo.seed(organisation=organisation, today=today)
    assert (KeyPerson.objects.count(), Certificate.objects.count()) == (register, issued)
