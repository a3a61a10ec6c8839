"""The Historik pages: every change shows who, when, which fields and before -> after; nobody can change it."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklists import services as checklist_services
from checklists.tests.factories import ensure_default_template, plan_for
from courses import services as course_services
from courses.models import RoundSession
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import audit, services
from districts.models import ImportRecord, Role, StaffMember
from districts.tests.factories import DistrictFactory, OrganisationFactory, StaffMemberFactory, UnitFactory
from districts.tests.test_views import _edit_data

pytestmark = pytest.mark.django_db


def _entries(response) -> list[str]:
    assert response.status_code == 200
    rows = re.findall(r'<tr data-testid="history-entry">(.*?)</tr>', response.content.decode(), flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def test_an_edit_on_the_staff_page_shows_who_which_field_and_before_and_after(client, world):
    client.force_login(world.user(Role.HR))
    url = reverse("districts:staff_edit", kwargs={"pk": world.hire.pk})
    data = _edit_data(world.hire, last_name="Gift-Nyanställd", roles=[Role.SOCIALSEKRETERARE])
    assert client.post(url, data).status_code == 302

    entries = _entries(client.get(reverse("staff_history", kwargs={"pk": world.hire.pk})))
    edit = next(entry for entry in entries if "Ändrad" in entry)
    assert "HR Testsson" in edit  # the web request's user, through HistoryRequestMiddleware
    assert "Efternamn: Nyanställd → Gift-Nyanställd" in edit
    assert "Förnamn" not in edit  # unchanged fields are not listed
    assert len([entry for entry in entries if "HR Testsson" in entry]) == 1 and any(
        "Skapad" in entry for entry in entries
    )


def test_role_changes_are_on_the_persons_history(client, world):
    services.staff_update(
        staff=world.hire,
        actor=world.user(Role.HR),
        roles=[Role.SOCIALSEKRETERARE, Role.UTBILDARSTOD],
        **{
            key: getattr(world.hire, key)
            for key in (
                "first_name",
                "last_name",
                "work_email",
                "unit",
                "employment_start",
                "employment_end",
                "employment_type",
                "competence_level",
                "introduction_profile",
                "gender",
                "supervisor",
                "mentor",
            )
        },
    )
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    entries = _entries(client.get(reverse("staff_history", kwargs={"pk": world.hire.pk})))
    assert any("Roll: Utbildarstöd" in entry and "HR Testsson" in entry for entry in entries)


def test_a_service_run_by_a_task_names_the_actor_it_was_given(world):
    """Outside a request the history user is whoever `audit.acting` names, not nobody."""
    with audit.acting(world.user(Role.UTBILDNINGSSAMORDNARE), reason="Omorganisation"):
        world.hire.competence_level = "kunnig"
        world.hire.save()
    last = world.hire.history.order_by("-history_id").first()
    assert last.history_user == world.user(Role.UTBILDNINGSSAMORDNARE)
    assert last.history_change_reason == "Omorganisation"


def test_an_import_is_one_record_and_its_rows_name_the_file_and_the_actor(client, world):
    unit = f"Angered;{world.own_unit.name};Barn och unga"
    content = (
        "förnamn;efternamn;e-post;stadsdel;enhet;område;roller;anställningsdatum\r\n"
        f"Sara;Holm;sara.holm@example.se;{unit};Socialsekreterare;2025-09-01\r\n"
        f"Nora;Nyanställd;{world.hire.work_email};{unit};Socialsekreterare;2026-10-01\r\n"
    ).encode()
    hr = world.user(Role.HR)
    services.staff_import_apply(organisation=world.organisation, actor=hr, content=content, filename="höst.csv")

    record = ImportRecord.objects.get()
    assert (record.filename, record.actor, record.created, record.updated, record.unchanged) == (
        "höst.csv",
        hr,
        1,
        1,
        0,
    )
    sara = StaffMember.objects.get(work_email="sara.holm@example.se")
    for person in (sara, world.hire):
        last = person.history.order_by("-history_id").first()
        assert last.history_user == hr and last.history_change_reason == f"Import {record.pk}: höst.csv"
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    entries = _entries(client.get(reverse("staff_history", kwargs={"pk": world.hire.pk})))
    imported = next(entry for entry in entries if f"Import {record.pk}: höst.csv" in entry)
    assert "Anställningens början" in imported and "HR Testsson" in imported
    page = client.get(reverse("districts:staff_import")).content.decode()
    listed = re.search(r'data-testid="recent-imports">(.*?)</table>', page, flags=re.S).group(1)
    assert "höst.csv" in listed and "HR Testsson" in listed


def test_a_tick_shows_on_the_plans_history(client, world):
    plan = plan_for(world.hire)
    item = plan.items.filter(responsible_role="enhetschef").first()
    client.force_login(world.user(Role.ENHETSCHEF))
    response = client.post(
        reverse("checklists:item_tick", kwargs={"item_id": item.pk}), {"done": "1", "version": item.version}
    )
    assert response.status_code == 302
    client.force_login(world.user(Role.HR))
    entries = _entries(client.get(reverse("plan_history", kwargs={"plan_id": plan.pk})))
    tick = next(entry for entry in entries if item.title in entry and "Klar:" in entry)
    assert "Enhetschef Testsson" in tick and "Klar: okänt → Ja" in tick  # laid out in bulk, before any change
    client.force_login(world.user(Role.ENHETSCHEF))
    item.refresh_from_db()
    client.post(reverse("checklists:item_tick", kwargs={"item_id": item.pk}), {"done": "0", "version": item.version})
    client.force_login(world.user(Role.HR))
    entries = _entries(client.get(reverse("plan_history", kwargs={"plan_id": plan.pk})))
    assert any(item.title in entry and "Klar: Ja → Nej" in entry for entry in entries)


def test_a_round_and_a_nomination_have_their_history(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 mars", capacity=5)
    nomination = course_services.round_nominate(
        course_round=course_round, staff=world.hire, actor=world.user(Role.ENHETSCHEF)
    )
    client.force_login(world.user(Role.ENHETSCHEF))
    assert client.post(reverse("courses:nomination_cancel", kwargs={"pk": nomination.pk})).status_code == 302
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    entries = _entries(client.get(reverse("nomination_history", kwargs={"pk": nomination.pk})))
    assert any("Status: Bokad → Avbokad" in entry and "Enhetschef Testsson" in entry for entry in entries)
    entries = _entries(client.get(reverse("round_history", kwargs={"pk": course_round.pk})))
    assert any("Skapad" in entry and "Del 1 mars" in entry for entry in entries)


def test_template_history_lists_items_added_to_a_draft(client, world):
    version = ensure_default_template(world.organisation)
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    with audit.acting(coordinator):
        draft = checklist_services.template_version_draft(template=version.template, actor=coordinator)
        checklist_services.template_item_create(
            version=draft,
            phase=draft.phases.first(),
            title="Genomgång av sekretess",
            responsible_role="enhetschef",
            due_day=3,
            profiles=["nyexaminerad"],
        )
    client.force_login(coordinator)
    entries = _entries(client.get(reverse("template_history", kwargs={"template_id": version.template_id})))
    assert "Genomgång av sekretess" in entries[0] and "Utbildningssamordnare Testsson" in entries[0]


def test_another_organisations_coordinator_finds_nothing(client, world):
    elsewhere = OrganisationFactory(name="Borås", slug="boras")
    unit = UnitFactory(district=DistrictFactory(organisation=elsewhere))
    outsider = StaffMemberFactory(unit=unit, roles=[Role.UTBILDNINGSSAMORDNARE], with_login=True)
    client.force_login(outsider.user)
    plan = plan_for(world.hire)
    assert client.get(reverse("staff_history", kwargs={"pk": world.hire.pk})).status_code == 404
    assert client.get(reverse("plan_history", kwargs={"plan_id": plan.pk})).status_code == 404


def test_the_history_pages_are_linked_for_those_who_may_read_them(client, world):
    client.force_login(world.user(Role.HR))
    page = client.get(reverse("districts:staff_detail", kwargs={"pk": world.hire.pk})).content.decode()
    assert reverse("staff_history", kwargs={"pk": world.hire.pk}) in page
    client.force_login(world.user(Role.ENHETSCHEF))
    page = client.get(reverse("districts:staff_detail", kwargs={"pk": world.hire.pk})).content.decode()
    assert reverse("staff_history", kwargs={"pk": world.hire.pk}) not in page


def _queries_for_plan_history(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("plan_history", kwargs={"plan_id": plan.pk})).status_code == 200
    return len(queries)


def test_the_plans_history_page_costs_the_same_queries_with_ten_times_the_history(client, world):
    plan = plan_for(world.hire)
    items = list(plan.items.filter(responsible_role="enhetschef")[:3])
    manager = world.user(Role.ENHETSCHEF)

    def tick_all(times: int):
        for _round in range(times):
            for item in items:
                item.refresh_from_db()
                checklist_services.plan_item_tick(
                    item_id=item.pk, actor=manager, done=not item.done, expected_version=item.version
                )

    client.force_login(world.user(Role.HR))
    tick_all(2)
    few = _queries_for_plan_history(client, plan)
    tick_all(20)
    many = _queries_for_plan_history(client, plan)
    # A page shows at most 25 rows of at most four kinds; more history only means more pages.
    assert many <= few, f"{few} queries with a short history, {many} with ten times as much"
    response = client.get(reverse("plan_history", kwargs={"plan_id": plan.pk}))
    assert response.context["page"].paginator.count > 60 and len(_entries(response)) == 25


def test_the_history_page_is_english_when_english_is_chosen(client, world):
    client.force_login(world.user(Role.HR))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("staff_history", kwargs={"pk": world.hire.pk})).content.decode()
    assert "History of Nora Nyanställd" in page and "Changes (before → after)" in page and "Created" in page
    assert "Historik för" not in page


def test_a_service_decorated_with_records_actor_names_its_actor_even_inside_another_request(rf, world):
    """The actor argument wins over the request's user: an automatic change in a request is the system's."""
    from simple_history.models import HistoricalRecords

    @audit.records_actor
    def rename(*, staff, actor):
        staff.last_name = "Omdöpt"
        staff.save()

    request = rf.get("/")
    request.user = world.user(Role.UTBILDNINGSSAMORDNARE)
    HistoricalRecords.context.request = request
    try:
        rename(staff=world.hire, actor=None)
        system_row = world.hire.history.order_by("-history_id").first()
        rename(staff=world.other_hire, actor=world.user(Role.HR))
        hr_row = world.other_hire.history.order_by("-history_id").first()
        world.hire.first_name = "Utan aktör"
        world.hire.save()
        request_row = world.hire.history.order_by("-history_id").first()
    finally:
        del HistoricalRecords.context.request
    assert system_row.history_user is None
    assert hr_row.history_user == world.user(Role.HR)
    assert request_row.history_user == world.user(Role.UTBILDNINGSSAMORDNARE)


def test_course_services_record_the_actor_they_are_given_outside_a_request(world):
    """No request: a command or task names its actor, and the round's and nomination's history carry it."""
    coordinator, manager = world.user(Role.UTBILDNINGSSAMORDNARE), world.user(Role.ENHETSCHEF)
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 april", capacity=5)
    course_services.round_move(actor=coordinator, course_round=course_round, new_start=datetime.date(2027, 4, 13))
    nomination = course_services.round_nominate(course_round=course_round, staff=world.hire, actor=manager)
    course_services.nomination_drop_out(nomination=nomination, reason="other", text="Flyttar", actor=manager)

    moved = course_round.history.order_by("-history_id").first()
    assert moved.history_user == coordinator and moved.starts_on == datetime.date(2027, 4, 13)
    session_rows = RoundSession.history.filter(course_round_id=course_round.pk, history_type="~")
    assert session_rows.exists() and all(row.history_user == coordinator for row in session_rows)
    assert {row.history_user for row in nomination.history.all()} == {manager}
