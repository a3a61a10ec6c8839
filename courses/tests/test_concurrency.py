"""Seats and planning under concurrent requests, on PostgreSQL and with a real Celery worker."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from courses import services
from courses.models import CourseKind, CourseRound, Nomination, NominationStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_nominations_for_twenty_five_seats(require_postgres):
    organisation = OrganisationFactory()
    course_round = CourseRoundFactory(course=del1_of(organisation), capacity=25)
    unit = UnitFactory(district__organisation=organisation)
    people = [StaffMemberFactory(unit=unit) for _ in range(50)]
    barrier = threading.Barrier(50)
    errors = []

    def nominate(person):
        try:
            barrier.wait()
            services.round_nominate(course_round=course_round, staff=person, actor=None)
        except (ValidationError, threading.BrokenBarrierError) as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=nominate, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    statuses = list(course_round.nominations.values_list("status", flat=True))
    assert statuses.count(NominationStatus.BOOKED) == 25
    assert statuses.count(NominationStatus.WAITLISTED) == 25
    course_round.refresh_from_db()
    assert course_round.status == "full"


@pytest.mark.django_db(transaction=True)
def test_the_same_person_nominated_twice_at_once_gets_one_nomination(require_postgres):
    organisation = OrganisationFactory()
    course_round = CourseRoundFactory(course=del1_of(organisation), capacity=25)
    person = StaffMemberFactory(unit=UnitFactory(district__organisation=organisation))
    barrier = threading.Barrier(4)
    outcomes = []

    def nominate():
        try:
            barrier.wait()
            services.round_nominate(course_round=course_round, staff=person, actor=None)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=nominate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert course_round.nominations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_nominations_to_different_del1_rounds_keep_one(require_postgres):
    organisation = OrganisationFactory()
    course = del1_of(organisation)
    rounds = [CourseRoundFactory(course=course, capacity=5) for _ in range(2)]
    person = StaffMemberFactory(unit=UnitFactory(district__organisation=organisation))
    barrier = threading.Barrier(2)
    outcomes = []

    def nominate(course_round):
        try:
            barrier.wait()
            services.round_nominate(course_round=course_round, staff=person, actor=None)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=nominate, args=(course_round,)) for course_round in rounds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    (refusal,) = [outcome for outcome in outcomes if outcome != "ok"]
    assert "har redan en plats på Del 1" in refusal
    assert Nomination.objects.filter(staff=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_planning_from_two_threads_at_once_creates_each_round_once(require_postgres):
    organisation = OrganisationFactory()
    barrier = threading.Barrier(2)
    created = []

    def plan():
        try:
            barrier.wait()
            created.append(services.rounds_plan(organisation=organisation, today=datetime.date(2026, 11, 23)))
        finally:
            connection.close()

    threads = [threading.Thread(target=plan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(created) == 10
    assert CourseRound.objects.filter(course__organisation=organisation).count() == 10


@pytest.mark.worker
@pytest.mark.frozen_dates
def test_the_periodic_task_sent_twice_to_two_real_workers_keeps_nine_del1_rounds(celery_worker, require_postgres):
    from conftest import CeleryWorkerProcess
    from courses import tasks

    second_worker = CeleryWorkerProcess(celery_worker.broker_url, celery_worker.database_url, celery_worker.media_root)
    second_worker.start()
    try:
        organisation = OrganisationFactory()
        tasks.plan_all_organisations.delay()
        tasks.plan_all_organisations.delay()
        rounds = CourseRound.objects.filter(course__organisation=organisation)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not (rounds.count() >= 10 and _queue_drained(celery_worker.broker_url)):
            time.sleep(0.5)
        time.sleep(1)
    finally:
        second_worker.stop()
    today = clock.today()
    del1 = rounds.filter(course__kind=CourseKind.DEL1)
    assert del1.count() == 9
    assert all(today < round_.starts_on <= today + datetime.timedelta(days=366) for round_ in del1)
    assert len({round_.starts_on.month for round_ in del1}) == 9
    assert not {round_.starts_on.month for round_ in del1} & {6, 7, 8}
    assert rounds.filter(course__kind=CourseKind.DEL2).count() == 1
    assert rounds.count() == 10
    for name in list(connections):
        connections[name].close()


def _queue_drained(broker_url: str) -> bool:
    """True when no task waits in the queue and none is delivered but unacknowledged (still running)."""
    import redis

    client = redis.Redis.from_url(broker_url)
    return client.llen("celery") == 0 and client.hlen("unacked") == 0
