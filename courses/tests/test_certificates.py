"""Certificates: issued when a round is held, one per completed nomination, downloadable and checkable."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from courses import certificates, services
from courses.models import (
    CERTIFICATE_CODE_ALPHABET,
    Certificate,
    CourseKind,
    Nomination,
    NominationStatus,
    RoundStatus,
)
from courses.outcomes import Outcome
from courses.tests.factories import CourseFactory, CourseRoundFactory, del1_of, held_round_with_certificates
from districts import clock
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _deepening(world, **extra):
    return CourseFactory(organisation=world.organisation, kind=CourseKind.DEEPENING, **extra)


def test_a_session_of_up_to_four_hours_is_half_a_day_and_a_longer_one_a_whole_day():
    assert certificates.session_days(datetime.time(9), datetime.time(13)) == Decimal("0.5")
    assert certificates.session_days(datetime.time(9), datetime.time(13, 1)) == Decimal("1")
    assert certificates.certificate_days(module_days=[], sessions=[(datetime.time(9), datetime.time(16))] * 3) == 3
    assert certificates.certificate_days(module_days=[Decimal("1.5"), Decimal("1")], sessions=[]) == Decimal("2.5")


def test_holding_a_round_issues_one_certificate_per_completed_participant(world):
    course = _deepening(world, name="Samtal med barn", credits=Decimal("7.5"))
    round_ = CourseRoundFactory(course=course)
    done, stopped = world.hire, StaffMemberFactory(unit=world.own_unit)
    nominations = [services.round_nominate(course_round=round_, staff=p, actor=None) for p in (done, stopped)]
    day = clock.today() - datetime.timedelta(days=1)
    round_.sessions.update(date=day)
    type(round_).objects.filter(pk=round_.pk).update(starts_on=day, ends_on=day)
    coordinator = world.user("utbildningssamordnare")
    services.round_mark_held(
        course_round=round_,
        actor=coordinator,
        outcomes={nominations[0].pk: Outcome(completed=True), nominations[1].pk: Outcome(False, "illness")},
    )
    issued = Certificate.objects.get()
    assert issued.nomination.staff == done
    assert (issued.course_name, issued.credits, issued.days) == ("Samtal med barn", Decimal("7.5"), Decimal("1"))
    assert issued.first_day == issued.last_day == day and issued.issued_on == clock.today()
    assert len(issued.code) == 12 and set(issued.code) <= set(CERTIFICATE_CODE_ALPHABET)
    assert issued.history.get().history_user == coordinator
    # Issuing again (a second call, a retried task) adds nothing.
    round_.refresh_from_db()
    assert certificates.certificates_issue_for_round(course_round=round_, actor=None) == []
    assert Certificate.objects.count() == 1


def test_days_are_the_modules_the_round_taught(world):
    course = del1_of(world.organisation)  # 1.5 + 0.5 + 0.5 days of modules
    round_ = held_round_with_certificates(course, participants=[world.hire])
    round_.sessions.get().modules.set(course.modules.all())
    Certificate.objects.all().delete()
    Nomination.objects.filter(course_round=round_).update(status=NominationStatus.COMPLETED)
    certificates.certificates_issue_for_round(course_round=round_, actor=None)
    assert Certificate.objects.get().days == sum(module.days for module in course.modules.all()) == Decimal("2.5")


def test_a_nomination_has_at_most_one_certificate_and_codes_are_unique(world):
    round_ = held_round_with_certificates(_deepening(world), participants=[world.hire, world.other_hire])
    first, second = Certificate.objects.order_by("pk")
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(nomination=first.nomination, issued_on=clock.today(), course_name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=second.pk).update(code=first.code)
    assert round_.status == RoundStatus.HELD


def test_a_typed_code_is_read_as_printed():
    assert certificates.normalise_code(" abcd-efgh-jkmo ") == "ABCDEFGHJKM0"
    assert certificates.normalise_code("il") == "11"
    assert certificates.grouped("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"
    assert certificates.certificate_by_code("not a code at all") is None


def test_the_person_downloads_their_certificate_and_the_download_is_recorded(client, world):
    held_round_with_certificates(_deepening(world, name="Utredningsmetodik"), participants=[world.hire])
    certificate = Certificate.objects.get()
    client.force_login(world.hire.user)
    assert "Utredningsmetodik" in client.get(reverse("courses:my_certificates")).content.decode()
    response = client.get(reverse("courses:certificate_download", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.download_count == 1
    assert certificate.history.latest("history_date").history_user == world.hire.user


def test_the_check_page_says_genuine_and_nothing_about_the_person(client, world):
    cache.clear()
    held_round_with_certificates(_deepening(world, name="Samverkan i praktiken"), participants=[world.hire])
    code = Certificate.objects.get().code
    page = client.get(reverse("courses:certificate_check"), {"kod": certificates.grouped(code).lower()})
    text = page.content.decode()
    assert page.status_code == 200 and "Intyget är äkta." in text and "Samverkan i praktiken" in text
    assert world.hire.last_name not in text and world.hire.first_name not in text
    followed = client.get(reverse("courses:certificate_check_code", args=[code]))
    assert "Intyget är äkta." in followed.content.decode()


@pytest.mark.parametrize("typed", ["ABCDEFGHJKMN", "x" * 30, "'; drop table --", "ÅÄÖ"])
def test_an_unknown_or_malformed_code_gets_a_clear_answer_not_an_error(client, typed):
    cache.clear()
    page = client.get(reverse("courses:certificate_check"), {"kod": typed})
    assert page.status_code == 404
    assert "Det finns inget intyg med den koden." in page.content.decode()


def test_guessing_codes_is_slowed_down_per_address(client):
    cache.clear()
    url = reverse("courses:certificate_check")
    answers = [client.get(url, {"kod": f"ABCDEFGHJK{n:02d}"}).status_code for n in range(32)]
    assert answers[:30] == [404] * 30 and answers[30:] == [429, 429]
    cache.clear()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_backfill_issues_certificates_for_rounds_held_before(require_postgres, world):
    course = _deepening(world, credits=Decimal("15"))
    round_ = CourseRoundFactory(course=course, status=RoundStatus.HELD, session_dates=[clock.today()])
    Nomination.objects.create(course_round=round_, staff=world.hire, status=NominationStatus.COMPLETED)
    Nomination.objects.create(
        course_round=round_, staff=world.other_hire, status=NominationStatus.DROPPED_OUT, drop_out_reason="illness"
    )
    try:
        _migrate([("courses", "0009_certificates_key_people_trainer_shares")])
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    certificate = Certificate.objects.get()
    assert certificate.nomination.staff == world.hire and certificate.credits == Decimal("15")
    assert certificate.history.count() == 1


def _queries(client, url) -> int:
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_hrs_list_of_a_rounds_certificates_costs_the_same_queries_for_more_participants(client, world):
    client.force_login(world.user("hr"))
    small = held_round_with_certificates(_deepening(world), participants=[world.hire])
    people = [StaffMemberFactory(unit=world.own_unit) for _ in range(4)]
    large = held_round_with_certificates(_deepening(world), participants=people)
    one = _queries(client, reverse("courses:round_certificates", args=[small.pk]))
    assert _queries(client, reverse("courses:round_certificates", args=[large.pk])) == one
