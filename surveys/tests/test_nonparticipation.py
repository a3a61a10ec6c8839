import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from courses.models import CourseRound, NominationStatus
from districts import clock
from districts.models import Role
from districts.tests.factories import DistrictFactory, OrganisationFactory, StaffMemberFactory, UnitFactory
from surveys import nonparticipation, tasks
from surveys.models import NonParticipationInquiry, NonParticipationReason
from surveys.tests.factories import held_del1_round

pytestmark = pytest.mark.django_db


def test_the_half_year_asked_about_is_the_one_that_ended_last():
    assert nonparticipation.half_year_before(datetime.date(2026, 12, 1)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
    )
    assert nonparticipation.half_year_before(datetime.date(2027, 1, 5)) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 12, 31),
    )
    assert nonparticipation.half_year_before(datetime.date(2026, 7, 1))[1] == datetime.date(2026, 6, 30)


@pytest.fixture
def city():
    """Two districts: Angered, where one unit sent somebody and one did not; Lundby, where nobody went."""
    organisation = OrganisationFactory()
    angered = DistrictFactory(organisation=organisation, name="Angered")
    lundby = DistrictFactory(organisation=organisation, name="Lundby")
    sending = UnitFactory(district=angered, name="Barn och unga Angered")
    silent = UnitFactory(district=angered, name="Vuxna Angered")
    lundby_unit = UnitFactory(district=lundby, name="Vuxna Lundby")
    UnitFactory(district=lundby, name="Tom enhet")  # no staff: nobody to send, nothing to ask
    start, _end = nonparticipation.half_year_before(clock.today())
    day = start + datetime.timedelta(days=40)
    course_round = held_del1_round(organisation, participants=[StaffMemberFactory(unit=sending)], day=day)
    CourseRound.objects.filter(pk=course_round.pk).update(starts_on=day, ends_on=day)
    people = {
        "silent_manager": StaffMemberFactory(unit=silent, roles=[Role.ENHETSCHEF], with_login=True),
        "lundby_manager": StaffMemberFactory(unit=lundby_unit, roles=[Role.ENHETSCHEF]),
        "area_manager": StaffMemberFactory(unit=lundby_unit, roles=[Role.OMRADESCHEF]),
        "sending_manager": StaffMemberFactory(unit=sending, roles=[Role.ENHETSCHEF]),
    }
    return organisation, {"sending": sending, "silent": silent, "lundby": lundby_unit}, people


@pytest.mark.frozen_dates
def test_units_and_districts_that_sent_nobody_are_asked_why_once(city, django_capture_on_commit_callbacks):
    organisation, units, people = city
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_follow_ups()["non_participation_questions"] == 3
    asked = {
        (inquiry.district.name, inquiry.unit.name if inquiry.unit else None)
        for inquiry in NonParticipationInquiry.objects.all()
    }
    assert asked == {("Angered", "Vuxna Angered"), ("Lundby", "Vuxna Lundby"), ("Lundby", None)}
    questions = [message for message in mail.outbox if "Varför deltog ingen" in message.subject]
    recipients = sorted(address for message in questions for address in message.to)
    assert recipients == sorted(
        [people["silent_manager"].work_email, people["lundby_manager"].work_email, people["area_manager"].work_email]
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_follow_ups()["non_participation_questions"] == 0
    assert NonParticipationInquiry.objects.count() == 3
    assert len([message for message in mail.outbox if "Varför deltog ingen" in message.subject]) == 3


def test_nothing_is_asked_for_a_half_year_without_rounds(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    StaffMemberFactory(unit=UnitFactory(district__organisation=organisation), roles=[Role.ENHETSCHEF])
    with django_capture_on_commit_callbacks(execute=True):
        assert nonparticipation.inquiries_open_due() == 0
    assert not NonParticipationInquiry.objects.exists()


def test_an_organisation_that_switched_the_question_off_is_not_asked(city, django_capture_on_commit_callbacks):
    from surveys.followup import follow_up_settings_update

    organisation, _units, _people = city
    follow_up_settings_update(
        organisation_id=organisation.pk, actor=None, follow_up_after_months=6, ask_non_participating=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert nonparticipation.inquiries_open_due() == 0


def _inquiry(city):
    organisation, units, _people = city
    nonparticipation.inquiries_open(organisation_id=organisation.pk)
    return NonParticipationInquiry.objects.get(unit=units["silent"])


def test_an_answer_records_the_reasons_and_who_gave_them(city):
    _organisation, _units, people = city
    inquiry = _inquiry(city)
    answered = nonparticipation.inquiry_answer(
        inquiry=inquiry,
        actor=people["silent_manager"].user,
        knew_of_programme=True,
        reasons=[NonParticipationReason.OTHER, NonParticipationReason.HIGH_WORKLOAD],
        other_text="  Omorganisation  ",
    )
    assert answered.reasons == ["high_workload", "other"] and answered.other_text == "Omorganisation"
    assert answered.answered_by == people["silent_manager"] and answered.answered_at is not None
    assert answered.history.count() == 1


@pytest.mark.parametrize(
    ("reasons", "other_text", "field"),
    [([], "", "reasons"), (["other"], "", "other_text"), (["no_such_reason"], "", "reasons")],
)
def test_an_incomplete_answer_is_refused_and_nothing_is_stored(city, reasons, other_text, field):
    _organisation, _units, people = city
    inquiry = _inquiry(city)
    with pytest.raises(ValidationError) as error:
        nonparticipation.inquiry_answer(
            inquiry=inquiry,
            actor=people["silent_manager"].user,
            knew_of_programme=True,
            reasons=reasons,
            other_text=other_text,
        )
    assert field in error.value.error_dict
    inquiry.refresh_from_db()
    assert inquiry.answered_at is None


def test_the_manager_answers_in_the_app_and_the_dashboard_stops_asking(city, client):
    _organisation, _units, people = city
    inquiry = _inquiry(city)
    client.force_login(people["silent_manager"].user)
    assert "Varför deltog ingen?" in client.get("/").content.decode()
    url = f"/utvardering/uteblivet-deltagande/{inquiry.pk}/"
    refused = client.post(url, {"knew_of_programme": "yes"})
    assert refused.status_code == 200 and "Välj minst ett skäl." in refused.content.decode()
    done = client.post(url, {"knew_of_programme": "yes", "reasons": ["high_workload", "no_time"]})
    assert done.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.reasons == ["high_workload", "no_time"]
    assert "Varför deltog ingen?" not in client.get("/").content.decode()


def test_a_manager_who_did_not_know_of_the_courses_needs_no_reason(city):
    _organisation, _units, people = city
    answered = nonparticipation.inquiry_answer(
        inquiry=_inquiry(city), actor=people["silent_manager"].user, knew_of_programme=False, reasons=["no_time"]
    )
    assert answered.knew_of_programme is False and answered.reasons == []


def test_a_unit_with_only_dropouts_still_counts_as_having_sent_somebody(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    unit = UnitFactory(district__organisation=organisation)
    start, _end = nonparticipation.half_year_before(clock.today())
    course_round = held_del1_round(
        organisation, participants=[StaffMemberFactory(unit=unit)], day=start, status=NominationStatus.DROPPED_OUT
    )
    CourseRound.objects.filter(pk=course_round.pk).update(starts_on=start, ends_on=start)
    assert nonparticipation.inquiries_open(organisation_id=organisation.pk) == []
