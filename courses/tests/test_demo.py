import pytest

from courses import demo, selectors, services
from courses.models import CourseKind, CourseRound, Nomination, NominationStatus, RoundStatus
from districts import clock
from districts import demo as districts_demo

pytestmark = pytest.mark.django_db


def test_demo_seed_makes_a_lively_programme_and_is_idempotent():
    today = clock.today()  # districts.demo dates its logins from the real today
    organisation = districts_demo.seed_organisation(today=today, staff_count=200).organisation
    services.programme_install_defaults(organisation=organisation)  # onboarding's step, as seed_demo runs it
    demo.seed(organisation=organisation, today=today)
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
