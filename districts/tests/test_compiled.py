"""Reads compiled once (districts.compiled): the SQL is kept per scope and inputs, the rows are read every time."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from districts import access
from districts.compiled import BuildReadTheDatabase, CompiledRead
from districts.models import Role, StaffMember
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _started_since(*, user, since: datetime.date):
    # An annotation between two fields: a row's values come in the order values() names them.
    return (
        access.visible_staff(user)
        .filter(employment_start__gte=since)
        .annotate(name=Concat(F("first_name"), Value(" "), F("last_name")))
        .order_by("last_name", "pk")
        .values("pk", "name", "employment_start")
    )


def _coordinator(organisation=None):
    unit = UnitFactory(district__organisation=organisation) if organisation else UnitFactory()
    return StaffMemberFactory(unit=unit, roles=[Role.UTBILDNINGSSAMORDNARE], with_login=True)


def test_a_compiled_read_gives_the_rows_values_gives_and_sees_each_write_after_it_was_compiled(
    django_assert_num_queries,
):
    coordinator = _coordinator()
    since = datetime.date(2020, 1, 1)
    read = CompiledRead(_started_since)
    first = StaffMemberFactory(unit=coordinator.unit, last_name="Ahl", employment_start=datetime.date(2024, 3, 1))
    assert read.rows(user=coordinator.user, since=since) == list(_started_since(user=coordinator.user, since=since))
    later = StaffMemberFactory(unit=coordinator.unit, last_name="Berg", employment_start=datetime.date(2025, 5, 1))
    StaffMember.objects.filter(pk=first.pk).update(first_name="Ada")
    with django_assert_num_queries(1):
        rows = read.rows(user=coordinator.user, since=since)
    assert [(row["pk"], row["name"]) for row in rows][:2] == [(first.pk, "Ada Ahl"), (later.pk, later.full_name)]
    assert rows == list(_started_since(user=coordinator.user, since=since))


def test_each_scope_and_each_input_has_its_own_sql():
    mine, theirs = _coordinator(), _coordinator(OrganisationFactory())
    read = CompiledRead(_started_since)
    StaffMemberFactory(unit=theirs.unit, employment_start=datetime.date(2023, 1, 1))
    early = datetime.date(2000, 1, 1)
    for user in (mine.user, theirs.user):
        assert read.rows(user=user, since=early) == list(_started_since(user=user, since=early))
    late = datetime.date(2023, 6, 1)
    assert read.rows(user=theirs.user, since=late) == list(_started_since(user=theirs.user, since=late))
    assert {row["pk"] for row in read.rows(user=mine.user, since=early)}.isdisjoint(
        row["pk"] for row in read.rows(user=theirs.user, since=early)
    )


def test_a_read_that_can_match_nothing_asks_the_database_nothing(django_assert_num_queries):
    read = CompiledRead(lambda *, user: StaffMember.objects.none().values("pk"))
    user = _coordinator().user
    access.scope_for(user)  # the scope is read once a request, before any panel
    with django_assert_num_queries(0):
        assert read.rows(user=user) == []


def test_a_read_must_be_of_values():
    read = CompiledRead(lambda *, user: StaffMember.objects.all())
    with pytest.raises(TypeError):
        read.rows(user=_coordinator().user)


def test_what_a_build_noted_is_kept_with_its_sql_and_the_build_runs_once_per_scope_and_inputs():
    built = []

    def build(*, user, since):
        built.append(since)
        return _started_since(user=user, since=since), f"since {since}"

    read = CompiledRead(build)
    user = _coordinator().user
    since = datetime.date(2020, 1, 1)
    for _ in range(2):
        rows, noted = read.rows_and_noted(user=user, since=since)
        assert (rows, noted) == (list(_started_since(user=user, since=since)), "since 2020-01-01")
    assert read.rows(user=user, since=datetime.date(2999, 1, 1)) == []
    assert built == [since, datetime.date(2999, 1, 1)]


def test_a_build_that_reads_the_database_is_refused_and_nothing_is_kept():
    # A value read while building would be baked into the kept SQL and go stale after the next write.
    def build(*, user):
        newest = StaffMember.objects.order_by("-pk").values_list("pk", flat=True).first()
        return StaffMember.objects.filter(pk=newest).values("pk")

    read = CompiledRead(build)
    user = _coordinator().user
    access.scope_for(user)
    with pytest.raises(BuildReadTheDatabase):
        read.rows(user=user)
    assert StaffMember.objects.exists()  # the connection answers again after the refusal
    with pytest.raises(BuildReadTheDatabase):
        read.rows(user=user)


def _started_between(*, user, since: datetime.date, until: datetime.date):
    return access.visible_staff(user).filter(employment_start__gte=since, employment_start__lte=until).values("pk")


def test_a_varying_input_is_given_to_the_kept_sql_on_each_run(django_assert_num_queries):
    coordinator = _coordinator()
    built = []

    def build(**arguments):
        built.append(arguments)
        return _started_between(**arguments)

    read = CompiledRead(build, varying=("until",))
    early = StaffMemberFactory(unit=coordinator.unit, employment_start=datetime.date(2024, 3, 1))
    later = StaffMemberFactory(unit=coordinator.unit, employment_start=datetime.date(2025, 5, 1))
    since = datetime.date(2020, 1, 1)
    access.scope_for(coordinator.user)  # the scope is read once a request, before any panel
    for until, expected in (
        (datetime.date(2024, 12, 31), {early.pk}),
        (datetime.date(2025, 12, 31), {early.pk, later.pk}),
        (datetime.date(2023, 1, 1), set()),
    ):
        with django_assert_num_queries(1):
            rows = read.rows(user=coordinator.user, since=since, until=until)
        assert {row["pk"] for row in rows} == expected
    assert len(built) == 1  # compiled on the first run only


def test_a_varying_input_that_does_not_reach_the_sql_as_given_is_built_on_every_call_and_stays_correct():
    # As on SQLite, where a datetime reaches the SQL as text: no kept SQL could take the next call's value.
    coordinator = _coordinator()
    built = []

    def build(*, user, until):
        built.append(until)
        return _started_between(user=user, since=datetime.date(2020, 1, 1), until=until - datetime.timedelta(days=1))

    read = CompiledRead(build, varying=("until",))
    hired = StaffMemberFactory(unit=coordinator.unit, employment_start=datetime.date(2024, 3, 1))
    assert read.rows(user=coordinator.user, until=datetime.date(2024, 3, 1)) == []
    assert read.rows(user=coordinator.user, until=datetime.date(2024, 3, 2)) == [{"pk": hired.pk}]
    assert len(built) == 2
    with pytest.raises(TypeError):
        read.rows(user=coordinator.user)


def _marked_from(*, user, since_pk: int):
    # The constant 1 is a parameter of the SQL, as the varying input is.
    return (
        access.visible_staff(user).filter(pk__gte=since_pk).annotate(mark=Value(1)).order_by("pk").values("pk", "mark")
    )


def test_a_small_integer_input_is_not_taken_for_a_constant_equal_to_it():
    # Python shares the object 1: were its SQL kept from since_pk=1, the next call's value would replace the mark too.
    coordinator = _coordinator()
    read = CompiledRead(_marked_from, varying=("since_pk",))
    pks = sorted(row["pk"] for row in _marked_from(user=coordinator.user, since_pk=0))
    for since_pk in (1, pks[-1], 10**6, 1):
        assert read.rows(user=coordinator.user, since_pk=since_pk) == [
            {"pk": pk, "mark": 1} for pk in pks if pk >= since_pk
        ]


def _executed(sql_list: list[str]) -> list[str]:
    return [sql.split()[0] for sql in sql_list]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # to close the connection, as a request past CONN_MAX_AGE does
def test_on_postgresql_the_kept_sql_is_prepared_once_a_connection_and_again_after_a_reconnect():
    coordinator = _coordinator()
    since = datetime.date(2020, 1, 1)
    read = CompiledRead(_started_since)
    expected = list(_started_since(user=coordinator.user, since=since))
    with CaptureQueriesContext(connection) as first:
        assert read.rows(user=coordinator.user, since=since) == expected
        assert read.rows(user=coordinator.user, since=since) == expected
    assert _executed([query["sql"] for query in first.captured_queries])[-2:] == ["PREPARE", "EXECUTE"]
    connection.close()  # a new connection has none of the old one's statements
    with CaptureQueriesContext(connection) as again:
        assert read.rows(user=coordinator.user, since=since) == expected
    assert _executed([query["sql"] for query in again.captured_queries])[-1] == "PREPARE"


def _named_noll(*, user):
    # Divides by zero on each row it finds: an error only when the statement runs, after it was prepared.
    return (
        access.visible_staff(user)
        .filter(last_name="Noll")
        .annotate(broken=F("pk") / (F("pk") - F("pk")))
        .values("pk", "broken")
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_read_that_failed_after_its_statement_was_prepared_runs_again_once_it_can():
    coordinator = _coordinator()
    read = CompiledRead(_named_noll)
    noll = StaffMemberFactory(unit=coordinator.unit, last_name="Noll")
    with pytest.raises(DatabaseError), transaction.atomic():
        read.rows(user=coordinator.user)
    noll.delete()
    assert read.rows(user=coordinator.user) == []  # not prepared a second time ("already exists")
    assert read.rows(user=coordinator.user) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_read_refused_in_an_aborted_transaction_is_prepared_after_it():
    # The PREPARE itself was refused there: the next read must not take the statement for prepared.
    coordinator = _coordinator()
    since = datetime.date(2020, 1, 1)
    read = CompiledRead(_started_since)
    expected = list(_started_since(user=coordinator.user, since=since))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        with pytest.raises(DatabaseError), transaction.atomic(savepoint=False):
            cursor.execute("SELECT 1 / 0")
        read.rows(user=coordinator.user, since=since)
    assert read.rows(user=coordinator.user, since=since) == expected
    assert read.rows(user=coordinator.user, since=since) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_behind_a_pooler_the_kept_sql_is_sent_as_it_is(settings):
    # DATABASE_PREPARED_STATEMENTS=0: a pooler in transaction mode may send EXECUTE to a connection that never
    # saw the PREPARE.
    settings.COMPILED_READS_PREPARED = False
    coordinator = _coordinator()
    since = datetime.date(2020, 1, 1)
    read = CompiledRead(_started_since)
    expected = list(_started_since(user=coordinator.user, since=since))
    with CaptureQueriesContext(connection) as captured:
        assert read.rows(user=coordinator.user, since=since) == expected
        assert read.rows(user=coordinator.user, since=since) == expected
    assert _executed([query["sql"] for query in captured.captured_queries])[-2:] == ["SELECT", "SELECT"]
