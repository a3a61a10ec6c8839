import datetime

import pytest

from districts.compiled import CompiledRead
from reports.filters import ReportFilters
from reports.suppression import Hidden, Suppressor
from reports.survey_results import (
    AnswersTable,
    count_invitations,
    counted_surveys_for,
    survey_overview_report,
    survey_result_report,
    surveys_counted,
    surveys_for,
)
from reports.tables import Column, Kind, Table
from surveys.tests.records import answer_r1_survey, build_records

pytestmark = pytest.mark.django_db

YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


def _only_survey(user, filters=YEAR_2025):
    """Return the one survey in scope with its counts, joined as the survey result page joins it."""
    survey = surveys_for(user=user, filters=filters).select_related("template", "course_round__course").get()
    return count_invitations([survey], user=user, filters=filters)[0]


def _result(records, threshold=0):
    survey = _only_survey(records.coordinator)
    report = survey_result_report(user=records.coordinator, survey=survey, suppress=Suppressor(threshold))
    return {table.title: table for table in report.tables}, report


def test_response_rate_per_round_and_course():
    records = build_records()
    answer_r1_survey(records)
    report, surveys = survey_overview_report(user=records.coordinator, filters=YEAR_2025)
    per_round, per_course, follow_ups, introductions = report.tables
    assert follow_ups.rows == [] and introductions.rows == []  # the follow-ups have their own part
    assert [row[2:] for row in per_round.rows] == [[8, 5, 5 / 8]]
    assert per_round.total[2:] == [8, 5, 5 / 8]
    assert per_course.rows == [["Del 1", 8, 5, 5 / 8]]


def test_rating_counts_means_and_share_three_to_five_with_dont_know_apart():
    records = build_records()
    answer_r1_survey(records)
    tables, _report = _result(records)
    ratings = {row[0]: row[1:] for row in tables["Betygsfrågor (1–5)"].rows}
    overall, module1, module2, module3 = list(ratings.values())
    # columns: 1, 2, 3, 4, 5, vet ej, answered, mean, share 3-5
    assert overall == [1, 0, 1, 2, 1, 0, 5, 17 / 5, 4 / 5]
    assert module1 == [0, 0, 0, 1, 2, 1, 3, 14 / 3, 1.0]
    assert module2 == [0, 0, 0, 0, 0, 0, 0, None, None]  # nobody answered: a row, no division by zero
    assert module3 == [0, 1, 0, 0, 0, 2, 1, 2.0, 0.0]


def test_yes_no_choices_and_free_text():
    records = build_records()
    answer_r1_survey(records)
    tables, _report = _result(records)
    assert tables["Ja/nej-frågor"].rows[0][1:] == [4, 1, 4 / 5, 1 / 5]
    deepen = next(table for title, table in tables.items() if title.startswith("Inom vilka områden"))
    counts = {row[0]: row[1:] for row in deepen.rows}
    # Three picked something (the fourth left it empty, the fifth skipped it).
    assert counts["Utredning"] == [3, 3 / 3]
    assert counts["Samverkan"] == [1, 1 / 3]
    assert counts["Insatser"] == [0, 0.0]
    assert counts["Annat"] == [1, 1 / 3]
    assert deepen.total[1] == 3
    assert tables["Vad var bäst med kursen?"].rows == [["Bra föreläsare"], ["Dialoggrupperna"]]  # sorted, not by time
    assert tables["Vad borde ändras till nästa omgång?"].rows == []


def test_no_answers_at_all_gives_rows_without_numbers():
    records = build_records()
    tables, report = _result(records)
    assert tables["Svarsfrekvens"].rows == [[8, 0, 0.0]]
    overall = tables["Betygsfrågor (1–5)"].rows[0]
    assert overall[7:] == [0, None, None]


def test_fewer_answers_than_the_threshold_hides_every_answer():
    records = build_records()
    answer_r1_survey(records)
    tables, report = _result(records, threshold=6)
    # The rate is withheld with the number answering: 8 invited at 62.5 % would give the hidden 5 away.
    assert tables["Svarsfrekvens"].rows == [[8, Hidden(6), Hidden(6, complementary=True)]]
    assert "Betygsfrågor (1–5)" not in tables
    assert "Vad var bäst med kursen?" not in tables


def test_small_cells_are_hidden_but_large_ones_shown():
    records = build_records()
    answer_r1_survey(records)
    tables, _report = _result(records, threshold=2)
    overall = tables["Betygsfrågor (1–5)"].rows[0]
    assert overall[1:] == [Hidden(2), 0, Hidden(2), 2, Hidden(2), 0, 5, 17 / 5, 4 / 5]


def test_result_query_count_is_constant(django_assert_max_num_queries):
    from surveys import services
    from surveys.models import Question, QuestionKind

    records = build_records()
    answer_r1_survey(records)
    survey = _only_survey(records.coordinator)
    with django_assert_max_num_queries(9) as five:
        survey_result_report(user=records.coordinator, survey=survey, suppress=Suppressor(0))

    # The three who had not answered answer every kind of question: more rows, no more queries.
    questions = Question.objects.filter(template=survey.template)
    overall = questions.get(kind=QuestionKind.RATING, per_module=False)
    per_module = questions.get(kind=QuestionKind.RATING, per_module=True)
    recommend = questions.get(kind=QuestionKind.YES_NO)
    free_text = questions.filter(kind=QuestionKind.FREE_TEXT).order_by("order").first()
    modules = list(survey.course_round.course.modules.all())
    for invitation in survey.invitations.filter(answered_at__isnull=True):
        answers = [
            services.AnswerInput(question_id=overall.pk, rating=4),
            services.AnswerInput(question_id=recommend.pk, yes=True),
            services.AnswerInput(question_id=free_text.pk, text="Mer om samverkan"),
        ]
        answers += [services.AnswerInput(question_id=per_module.pk, module_id=m.pk, rating=3) for m in modules]
        services.response_submit(token=invitation.token, answers=answers)
    assert survey.responses.count() == 8
    with django_assert_max_num_queries(len(five.captured_queries)):
        report = survey_result_report(user=records.coordinator, survey=survey, suppress=Suppressor(0))
    ratings = next(table for table in report.tables if table.title == "Betygsfrågor (1–5)")
    answered = {row[0]: row[7] for row in ratings.rows}
    assert max(answered.values()) == 8  # the report did count the new answers


def test_a_courses_surveys_are_added_up_across_rounds(client):
    from django.urls import reverse

    from courses.models import NominationStatus
    from districts.tests.factories import StaffMemberFactory
    from surveys import services
    from surveys.tests.factories import default_evaluation, held_del1_round

    records = build_records()
    answer_r1_survey(records)
    people = [StaffMemberFactory(unit=records.unit_a) for _ in range(2)]
    other_round = held_del1_round(records.organisation, participants=people, status=NominationStatus.COMPLETED)
    other_round.starts_on = datetime.date(2025, 9, 8)
    other_round.save()
    survey = services.survey_open(course_round=other_round, template=default_evaluation())
    overall = survey.template.questions.get(order=1)
    for invitation in survey.invitations.all():
        services.response_submit(token=invitation.token, answers=[services.AnswerInput(overall.pk, rating=5)])
    client.force_login(records.coordinator)
    url = reverse("reports:survey_course_result", kwargs={"course_pk": other_round.course_id}) + "?year=2025&format=csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    rate = rows[rows.index(["Inbjudna", "Svarande", "Svarsfrekvens"]) + 1]
    assert rate == ["10", "7", "70\xa0%"]
    overall_row = next(row for row in rows if row and row[0].startswith("Vilket helhetsbetyg"))
    assert overall_row[1:] == ["1", "0", "1", "2", "3", "0", "7", "3,9", "86\xa0%"]  # (17 + 10) / 7, 6 of 7


def test_a_district_reader_counts_invitations_of_their_district_and_sees_the_rounds_answers():
    from districts.models import Role
    from districts.tests.factories import StaffMemberFactory

    records = build_records()
    answer_r1_survey(records)
    trainer = StaffMemberFactory(unit=records.unit_b, roles=[Role.UTBILDARSTOD], with_login=True).user
    survey = _only_survey(trainer)
    assert (survey.invited, survey.answered) == (2, 1)  # Lundby's two men in R1; the first of them answered
    for user, counts in ((trainer, (2, 1)), (records.coordinator, (8, 5))):  # the result page counts in its query
        counted = counted_surveys_for(user=user, filters=YEAR_2025).get()
        assert (counted.invited, counted.answered) == counts
    report = survey_result_report(user=trainer, survey=survey, suppress=Suppressor(0))
    tables = {table.title: table for table in report.tables}
    assert tables["Svarsfrekvens"].rows == [[2, 1, 0.5]]
    assert tables["Betygsfrågor (1–5)"].rows[0][7] == 5  # all five answers of the round, anonymous


@pytest.mark.parametrize(("threshold", "answers_shown"), [(5, True), (6, False)])
def test_a_district_reader_sees_the_rounds_answers_only_when_the_round_has_enough_respondents(threshold, answers_shown):
    from districts.models import Role
    from districts.tests.factories import StaffMemberFactory

    records = build_records()
    answer_r1_survey(records)  # five answer in the round, one of them from Lundby
    trainer = StaffMemberFactory(unit=records.unit_b, roles=[Role.UTBILDARSTOD], with_login=True).user
    survey = _only_survey(trainer)
    report = survey_result_report(user=trainer, survey=survey, suppress=Suppressor(threshold))
    tables = {table.title: table for table in report.tables}
    assert ("Betygsfrågor (1–5)" in tables) is answers_shown
    assert ("Svar" in tables) is not answers_shown
    assert "Svaren nedan gäller hela omgången" in tables["Svarsfrekvens"].note
    coordinator_report = survey_result_report(user=records.coordinator, survey=survey, suppress=Suppressor(threshold))
    assert coordinator_report.tables[0].note == ""


def test_the_dashboards_latest_surveys_are_the_latest_in_scope_with_the_reports_counts(
    django_assert_max_num_queries,
):
    """The panel finds its three surveys before counting, and shows what the survey report counts for them."""
    import datetime as _datetime

    from reports.filters import ReportFilters
    from reports.survey_results import latest_surveys
    from surveys import services as survey_services
    from surveys.tests.factories import default_evaluation
    from surveys.tests.records import build_records

    records = build_records()
    for key in ("R2", "R3", "empty", "old"):
        survey_services.survey_open(course_round=records.rounds[key], template=default_evaluation())
    everything = ReportFilters(start=_datetime.date(1900, 1, 1), end=_datetime.date(2999, 12, 31))
    expected = sorted(
        count_invitations(
            surveys_for(user=records.coordinator, filters=everything).select_related("course_round"),
            user=records.coordinator,
            filters=everything,
        ),
        key=lambda s: (s.course_round.starts_on, s.pk),
    )
    expected = list(reversed(expected))[:3]
    with django_assert_max_num_queries(4):
        latest = latest_surveys(user=records.coordinator)
    assert [(s.pk, s.invited, s.answered) for s in latest] == [(s.pk, s.invited, s.answered) for s in expected]
    # The round nobody was invited to has no survey row in the panel, however recent.
    assert records.rounds["empty"].pk not in {s.course_round_id for s in latest}


def test_the_pages_of_many_surveys_find_those_surveys_for_finds_with_the_same_counts():
    """`surveys_counted` leaves out, once counted, a survey with no invitation the reader may count, as surveys_for
    leaves it out: here a district reader's, of a round whose participants are all of the other district."""
    from districts.models import Role
    from districts.tests.factories import StaffMemberFactory
    from surveys.tests.factories import opened_survey

    records = build_records()
    answer_r1_survey(records)
    opened_survey(records.organisation, people=3, unit=records.unit_a)  # nobody of Lundby's
    trainer = StaffMemberFactory(unit=records.unit_b, roles=[Role.UTBILDARSTOD], with_login=True).user
    every_year = ReportFilters(start=datetime.date(2000, 1, 1), end=datetime.date(2100, 12, 31))
    for user, shown in ((records.coordinator, 2), (trainer, 1)):
        expected = count_invitations(surveys_for(user=user, filters=every_year), user=user, filters=every_year)
        found = surveys_counted(user=user, filters=every_year)
        assert len(found) == shown
        assert [(s.pk, s.invited, s.answered, s.responded) for s in found] == [
            (s.pk, s.invited, s.answered, s.responded) for s in expected
        ]


def test_the_invitations_tally_gives_the_counts_of_the_invitations_themselves(monkeypatch):
    """Counted over surveys.InvitationTally (without an area filter), a reader's invited and answered are those of the
    invitations counted one by one: for an organisation-wide reader (with staff of no unit), a district reader, and
    the district filter."""
    import dataclasses

    from districts.models import Role
    from districts.tests.factories import StaffMemberFactory
    from reports import survey_results
    from surveys.tests.factories import opened_survey

    records = build_records()
    answer_r1_survey(records)
    unitless = StaffMemberFactory(organisation=records.organisation, unit=None)
    opened_survey(records.organisation, participants=[unitless, StaffMemberFactory(unit=records.unit_b)])
    trainer = StaffMemberFactory(unit=records.unit_b, roles=[Role.UTBILDARSTOD], with_login=True).user
    every_year = ReportFilters(start=datetime.date(2000, 1, 1), end=datetime.date(2100, 12, 31))
    in_district_a = dataclasses.replace(every_year, district_id=records.district_a.pk)

    def counts(user, filters):
        found = surveys_for(user=user, filters=filters)
        one_query = {s.pk: (s.invited, s.answered) for s in counted_surveys_for(user=user, filters=filters)}
        grouped = {s.pk: (s.invited, s.answered) for s in count_invitations(found, user=user, filters=filters)}
        assert one_query == grouped
        return grouped

    cases = [(records.coordinator, every_year), (records.coordinator, in_district_a), (trainer, every_year)]
    tallied = [counts(user, filters) for user, filters in cases]
    # The dashboard's panel of the latest surveys sums the same tally rows.
    readers = (records.coordinator, trainer)
    latest = {u: [(s.pk, s.invited, s.answered) for s in survey_results.latest_surveys(user=u)] for u in readers}
    monkeypatch.setattr(survey_results, "_tallies_in_scope", lambda **kwargs: None)  # the invitations counted
    # ... by a count compiled afresh: the kept one's SQL counts the tally
    fresh = CompiledRead(survey_results._invitations_counted, varying=("survey_ids",))
    monkeypatch.setattr(survey_results, "_invitations_counted_read", fresh)
    assert tallied == [counts(user, filters) for user, filters in cases]
    for user, rows in latest.items():
        counted = counts(user, every_year)
        assert rows and [(invited, answered) for _pk, invited, answered in rows] == [counted[pk] for pk, *_ in rows]
    # The organisation-wide reader counts the survey's invitation to the person of no unit; the district reader not.
    assert sum(invited for invited, _answered in tallied[0].values()) == 8 + 2
    assert sum(invited for invited, _answered in tallied[2].values()) == 2 + 1


def test_the_kept_count_of_invitations_counts_the_surveys_of_each_call():
    """The grouped count's SQL is kept for a reader and filters; each call counts its own surveys, not the first's."""
    from surveys.tests.factories import opened_survey

    records = build_records()
    answer_r1_survey(records)
    opened_survey(records.organisation, people=3, unit=records.unit_a)
    every_year = ReportFilters(start=datetime.date(2000, 1, 1), end=datetime.date(2100, 12, 31))
    user = records.coordinator
    surveys = list(surveys_for(user=user, filters=every_year))
    expected = {s.pk: (s.invited, s.answered) for s in counted_surveys_for(user=user, filters=every_year)}
    assert len(surveys) == 2 and len(set(expected.values())) == 2
    for chosen in ([surveys[0]], [surveys[1]], surveys, []):
        counted = count_invitations(
            [surveys_for(user=user, filters=every_year).get(pk=s.pk) for s in chosen], user=user, filters=every_year
        )
        assert {s.pk: (s.invited, s.answered) for s in counted} == {s.pk: expected[s.pk] for s in chosen}


def test_each_survey_result_counts_its_own_surveys_answers():
    """The answers' counts are compiled once per set of questions: each report counts its own survey's answers, not
    those of the survey first counted."""
    from surveys.tests.factories import opened_survey

    records = build_records()
    answer_r1_survey(records)
    unanswered = opened_survey(records.organisation, people=3, unit=records.unit_a)
    user = records.coordinator
    every_year = ReportFilters(start=datetime.date(2000, 1, 1), end=datetime.date(2100, 12, 31))

    def counts(survey):
        counted = counted_surveys_for(user=user, filters=every_year).get(pk=survey.pk)
        tables = survey_result_report(user=user, survey=counted, suppress=Suppressor(0)).tables
        return [row[1:] for table in tables[1:] if table.columns[-1].kind != "text" for row in table.rows]

    answered = counts(records.survey)
    assert answered != counts(unanswered)
    assert all(cell in (0, None) for row in counts(unanswered) for cell in row)
    assert counts(records.survey) == answered


@pytest.mark.parametrize("texts", [['<b>Bra</b> & "tydligt"', "Lärorikt, 'mycket'", "Inget att\ntillägga"], []])
def test_answers_table_writes_what_table_writes(texts):
    """The free-text answers' table gives the page the markup a Table of the same texts gives, escaping included."""
    arguments = {"title": "Vad var bäst?", "columns": [Column("Svar", Kind.TEXT)], "empty_text": "Ingen har svarat."}
    expected = Table(rows=[[text] for text in texts], **arguments).html()
    assert AnswersTable(rows=[[text] for text in texts], **arguments).html() == expected


def test_answers_table_refuses_numbers():
    """A table with a number column would skip its suppression: an answers table does not take one."""
    with pytest.raises(ValueError):
        AnswersTable(title="Antal", columns=[Column("Svar", Kind.TEXT), Column("Antal", Kind.COUNT)], rows=[])


def test_the_labelled_surveys_read_as_their_models_and_share_each_course():
    """`surveys_counted(labelled=True)` gives each survey's ids, counts and labels as the Survey, its template, round
    and course read as models; the surveys of one course share its one course, so the overview's list of courses
    (reports.survey_list.survey_courses) groups them as it grouped the models, equal by pk."""
    from reports.survey_list import survey_courses
    from surveys.tests.factories import opened_survey

    records = build_records()
    answer_r1_survey(records)
    opened_survey(records.organisation, people=3, unit=records.unit_a)
    every_year = ReportFilters(start=datetime.date(2000, 1, 1), end=datetime.date(2100, 12, 31))
    user = records.coordinator
    found = surveys_counted(user=user, filters=every_year, labelled=True)
    models = surveys_for(user=user, filters=every_year).select_related("template", "course_round__course")
    expected = count_invitations(models, user=user, filters=every_year)

    def read(s):
        course_round = s.course_round
        return (
            (s.pk, s.template_id, s.course_round_id, s.round_course_id, s.responded, s.invited, s.answered),
            (s.template.pk, s.template.name, s.template.purpose),
            (course_round.pk, course_round.title, course_round.starts_on),
            (course_round.course.pk, course_round.course.name),
        )

    assert len(found) == 2
    assert [read(s) for s in found] == [read(s) for s in expected]
    courses = survey_courses(surveys=found)
    assert [(c.pk, c.name) for c in courses] == [(c.pk, c.name) for c in survey_courses(surveys=expected)]
    assert len(courses) == 1
