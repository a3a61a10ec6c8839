"""Per-person records with totals worked out by hand, shared by the accuracy tests of reports 1-3.

They are courses' and surveys' rows, so they live here, in the highest app they need: the reports'
tests and the surveys demo test both import them downwards.

Three Del 1 rounds in 2025 (plus one in 2024, one cancelled and one held without anyone):

| round | enrolled (W/M) | completed (W/M) | dropped out | share |
|---|---|---|---|---|
| R1 2025-02-10 | 8 (6/2) | 5 (4/1) | 3 | 38 % |
| R2 2025-03-10 | 3 (3/0) | 0 (0/0) | 3 (everyone) | 100 % |
| R3 2025-04-10 | 4 (2/1) + 1 of unstated gender | 4 (2/1) | 0 | 0 % |
| total | 15 (11/3) | 9 (6/2) | 6 | 40 % |

R1's survey: 8 invited, 5 answered (63 %); see `answer_r1_survey`.
"""

import datetime
from dataclasses import dataclass, field

from courses.models import (
    Attendance,
    CourseRound,
    Nomination,
    NominationStatus,
    RoundSession,
    RoundStatus,
)
from courses.tests.factories import CourseRoundFactory, del1_of, del2_of
from districts.models import Area, Gender, Role
from districts.tests.factories import DistrictFactory, OrganisationFactory, StaffMemberFactory, UnitFactory
from surveys import services as survey_services
from surveys.models import Choice, QuestionKind, Survey
from surveys.services import AnswerInput
from surveys.tests.factories import default_evaluation


@dataclass
class Records:
    organisation: object
    coordinator: object
    district_a: object
    district_b: object
    unit_a: object
    unit_b: object
    rounds: dict = field(default_factory=dict)
    survey: Survey | None = None
    hires: dict = field(default_factory=dict)


def _person(unit, gender=Gender.KVINNA, **kwargs):
    return StaffMemberFactory(unit=unit, gender=gender, **kwargs)


def _round(organisation, title, day, status=RoundStatus.HELD):
    return CourseRoundFactory(course=del1_of(organisation), title=title, status=status, session_dates=[day])


def _nominate(course_round, staff, status, reason=""):
    return Nomination.objects.create(course_round=course_round, staff=staff, status=status, drop_out_reason=reason)


def build_records(*, threshold: int = 0) -> Records:
    organisation = OrganisationFactory(name="Provstad", slug="provstad", small_group_threshold=threshold)
    district_a = DistrictFactory(organisation=organisation, name="Angered")
    district_b = DistrictFactory(organisation=organisation, name="Lundby")
    unit_a = UnitFactory(district=district_a, name="Barn och unga A", area=Area.BARN_OCH_UNGA)
    unit_b = UnitFactory(district=district_b, name="Vuxna B", area=Area.VUXNA)
    UnitFactory(district=district_b, name="Försörjningsstöd B", area=Area.FORSORJNINGSSTOD)  # sends nobody
    coordinator = StaffMemberFactory(
        unit=unit_a, roles=[Role.UTBILDNINGSSAMORDNARE], with_login=True, work_email="samordnare@provstad.se"
    )
    records = Records(organisation, coordinator.user, district_a, district_b, unit_a, unit_b)

    r1 = _round(organisation, "R1", datetime.date(2025, 2, 10))
    r1_people = []
    for _ in range(4):
        r1_people.append(_nominate(r1, _person(unit_a), NominationStatus.COMPLETED))
    r1_people.append(_nominate(r1, _person(unit_b, Gender.MAN), NominationStatus.COMPLETED))
    for _ in range(2):
        r1_people.append(_nominate(r1, _person(unit_a), NominationStatus.DROPPED_OUT, "lack_of_time"))
    r1_people.append(_nominate(r1, _person(unit_b, Gender.MAN), NominationStatus.DROPPED_OUT, "changed_job"))
    _nominate(r1, _person(unit_a), NominationStatus.WAITLISTED)  # never held a seat
    _nominate(r1, _person(unit_a), NominationStatus.CANCELLED)  # gave the seat back

    r2 = _round(organisation, "R2", datetime.date(2025, 3, 10))
    for reason in ("illness", "other", "lack_of_time"):
        _nominate(r2, _person(unit_a), NominationStatus.DROPPED_OUT, reason)

    r3 = _round(organisation, "R3", datetime.date(2025, 4, 10))
    for person in (_person(unit_a), _person(unit_b), _person(unit_b, Gender.MAN), _person(unit_b, Gender.EJ_ANGIVET)):
        _nominate(r3, person, NominationStatus.COMPLETED)

    empty = _round(organisation, "Tom omgång", datetime.date(2025, 5, 12))
    old = _round(organisation, "R0 2024", datetime.date(2024, 11, 11))
    _nominate(old, _person(unit_a), NominationStatus.COMPLETED)
    cancelled = _round(organisation, "Inställd", datetime.date(2025, 6, 2), status=RoundStatus.CANCELLED)
    _nominate(cancelled, _person(unit_a), NominationStatus.CANCELLED)
    records.rounds = {"R1": r1, "R2": r2, "R3": r3, "empty": empty, "old": old}
    records.survey = survey_services.survey_open(course_round=r1, template=default_evaluation())
    return records


def answer_r1_survey(records: Records) -> None:
    """Five of R1's eight answer (hand-computed results in test_survey_results)."""
    survey = records.survey
    questions = {question.order: question for question in survey.template.questions.all()}
    overall, modules_q, recommend, deepen, best, change = (questions[n] for n in range(1, 7))
    assert modules_q.kind == QuestionKind.RATING and modules_q.per_module and change.kind == QuestionKind.FREE_TEXT
    modules = list(records.rounds["R1"].course.modules.order_by("order", "pk"))
    choice = {c.label: c.pk for c in Choice.objects.filter(question=deepen)}
    overall_ratings = [5, 4, 4, 3, 1]
    module1 = [5, 5, "vet ej", 4, None]
    module3 = [2, "vet ej", "vet ej", None, None]
    recommends = [True, True, True, True, False]
    deepens = [(["Utredning"], ""), (["Utredning", "Samverkan"], ""), (["Utredning"], "Barnsamtal"), ([], ""), None]
    bests = ["Dialoggrupperna", "", "Bra föreläsare", "", ""]
    invitations = list(survey.invitations.order_by("pk"))[:5]
    for index, invitation in enumerate(invitations):
        answers = [AnswerInput(question_id=overall.pk, rating=overall_ratings[index])]
        for module, values in ((modules[0], module1), (modules[2], module3)):
            value = values[index]
            if value == "vet ej":
                answers.append(AnswerInput(question_id=modules_q.pk, module_id=module.pk, dont_know=True))
            elif value is not None:
                answers.append(AnswerInput(question_id=modules_q.pk, module_id=module.pk, rating=value))
        answers.append(AnswerInput(question_id=recommend.pk, yes=recommends[index]))
        if deepens[index] is not None:
            labels, other = deepens[index]
            answers.append(
                AnswerInput(question_id=deepen.pk, choice_ids=[choice[label] for label in labels], other_text=other)
            )
        answers.append(AnswerInput(question_id=best.pk, text=bests[index]))
        survey_services.response_submit(token=invitation.token, answers=answers)


def build_hires(records: Records) -> dict:
    """Four socialsekreterare hired in 2025 (and one in 2026), with their Del 1 and Del 2 records.

    Judged on 2027-06-01:
    - h1 (Angered, 15 Jan 2025): Del 1 done 10 Mar 2025 (in time); all 19 Del 2 themes on 10 Sep 2026 (in time).
    - h2 (Angered, 31 Jan 2025): Del 1 done 10 Jun 2025 (deadline 31 May: late); 18 of 19 themes: overdue.
    - h3 (Angered, 31 Oct 2025): no Del 1 (deadline 28 Feb 2026 passed: overdue); Del 2 window still open.
    - h5 (Lundby, 1 Mar 2025, left 1 Apr 2025): no Del 1, no Del 2; left during 2025, so no new hire of 2025.
    - h6 (Lundby, 2026): outside a 2025 filter.
    """
    organisation, unit_a, unit_b = records.organisation, records.unit_a, records.unit_b

    def hire(unit, start, end=None):
        return StaffMemberFactory(unit=unit, employment_start=start, employment_end=end, roles=[Role.SOCIALSEKRETERARE])

    h1 = hire(unit_a, datetime.date(2025, 1, 15))
    h2 = hire(unit_a, datetime.date(2025, 1, 31))
    h3 = hire(unit_a, datetime.date(2025, 10, 31))
    h5 = hire(unit_b, datetime.date(2025, 3, 1), datetime.date(2025, 4, 1))
    h6 = hire(unit_b, datetime.date(2026, 2, 1))
    early = _round(organisation, "Del 1 mars", datetime.date(2025, 3, 10))
    late = _round(organisation, "Del 1 juni", datetime.date(2025, 6, 10))
    _nominate(early, h1, NominationStatus.COMPLETED)
    _nominate(late, h2, NominationStatus.COMPLETED)
    del2 = CourseRound.objects.create(
        course=del2_of(organisation),
        title="Del 2 2026",
        status=RoundStatus.HELD,
        starts_on=datetime.date(2026, 9, 10),
        ends_on=datetime.date(2026, 9, 10),
    )
    themes = list(del2.course.modules.order_by("order"))
    assert len(themes) == 19
    session = RoundSession.objects.create(
        course_round=del2, date=datetime.date(2026, 9, 10), start_time=datetime.time(9), end_time=datetime.time(16)
    )
    session.modules.set(themes)
    short_session = RoundSession.objects.create(
        course_round=del2, date=datetime.date(2026, 9, 11), start_time=datetime.time(9), end_time=datetime.time(16)
    )
    short_session.modules.set(themes[:18])
    for staff, attended in ((h1, session), (h2, short_session)):
        nomination = _nominate(del2, staff, NominationStatus.BOOKED)
        Attendance.objects.create(session=attended, nomination=nomination, present=True)
    records.hires = {"h1": h1, "h2": h2, "h3": h3, "h5": h5, "h6": h6}
    return records.hires
