"""The regional report's equality and survey tables, with numbers worked out by hand."""

import datetime

import pytest

from districts.models import Region, RegionalReader
from districts.tests.factories import DistrictFactory, OrganisationFactory, StaffMemberFactory, UnitFactory, UserFactory
from reports.regional import RegionalFilters, regional_report
from reports.suppression import Hidden
from surveys import services as survey_services
from surveys.models import Invitation, QuestionKind
from surveys.services import AnswerInput
from surveys.tests.factories import default_evaluation, held_del1_round

pytestmark = pytest.mark.django_db

PERIOD = RegionalFilters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
TODAY = datetime.date(2026, 12, 1)  # the frozen clock's day


@pytest.fixture
def region():
    region = Region.objects.create(name="Göteborgsregionen", slug="gr")
    region.reader = UserFactory(username="region@example.se")
    RegionalReader.objects.create(user=region.reader, region=region)
    return region


def _municipality(name, region, *, threshold=5):
    organisation = OrganisationFactory(name=name, slug=name.lower(), small_group_threshold=threshold)
    organisation.region = region
    organisation.save(update_fields=["region"])
    return organisation, UnitFactory(district=DistrictFactory(organisation=organisation))


def _hires(unit, count, start):
    return [StaffMemberFactory(unit=unit, employment_start=start) for _n in range(count)]


def _tables(region):
    report = regional_report(user=region.reader, filters=PERIOD, today=TODAY)
    by_title = {table.title: table for table in report.tables}
    return by_title["Likabehandling per kommun"], by_title["Kursutvärderingar per kommun"]


def _rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_equality_per_municipality_counts_del1_in_time_and_the_overdue_as_the_citys_report(region):
    city, city_unit = _municipality("Storstad", region)
    town, town_unit = _municipality("Mölndal", region)
    # Storstad: 12 hires from 1 February (Del 1 deadline 1 June): 6 complete Del 1 in May, 1 in July (late),
    # 5 never (overdue today). Mölndal: 8 hires from 1 March (deadline 1 July), all complete in June.
    city_hires = _hires(city_unit, 12, datetime.date(2026, 2, 1))
    held_del1_round(city, participants=city_hires[:6], day=datetime.date(2026, 5, 12))
    held_del1_round(city, participants=city_hires[6:7], day=datetime.date(2026, 7, 10))
    held_del1_round(town, participants=_hires(town_unit, 8, datetime.date(2026, 3, 1)), day=datetime.date(2026, 6, 10))

    equality, _surveys = _tables(region)
    rows = _rows(equality)
    # Hires, Del 1 within four months (of those whose deadline passed), whole Del 2 within two years, overdue.
    # Del 2's deadline (two years) has passed for nobody and nobody attended every theme: no share yet.
    assert rows["Storstad"] == [12, pytest.approx(6 / 12), None, 5]
    assert rows["Mölndal"] == [8, pytest.approx(8 / 8), None, 0]
    assert equality.total == ["Regionen", 20, pytest.approx(14 / 20), None, 5]
    assert [column.label for column in equality.columns][1:] == [
        "Nyanställda",
        "Del 1 inom fyra månader",
        "Hela Del 2 inom två år",
        "Försenade i dag",
    ]
    assert "Som stadens rapport om likabehandling" in equality.note


def test_a_small_municipality_in_the_equality_table_cannot_be_worked_out_from_the_region(region):
    city, city_unit = _municipality("Storstad", region)
    small, small_unit = _municipality("Liten", region)
    _hires(city_unit, 9, datetime.date(2026, 10, 1))
    _hires(small_unit, 2, datetime.date(2026, 10, 1))

    equality, _surveys = _tables(region)
    rows = _rows(equality)
    assert str(rows["Liten"][0]) == "< 5" and rows["Liten"][1] is None  # nobody's Del 1 deadline has passed yet
    # 9 + 2 = 11: with Liten hidden, Storstad's 9 or the region's 11 is withheld too.
    assert isinstance(rows["Storstad"][0], Hidden) or isinstance(equality.total[1], Hidden)


def _answer(survey, *, grades, recommends):
    questions = {question.kind: question for question in survey.template.questions.filter(per_module=False)}
    tokens = Invitation.objects.filter(survey=survey).order_by("pk").values_list("token", flat=True)
    for token, grade, yes in zip(tokens, grades, recommends, strict=False):
        survey_services.response_submit(
            token=token,
            answers=[
                AnswerInput(question_id=questions[QuestionKind.RATING].pk, rating=grade),
                AnswerInput(question_id=questions[QuestionKind.YES_NO].pk, yes=yes),
            ],
        )


def _evaluated_round(organisation, unit, *, invited, grades, recommends, day=datetime.date(2026, 9, 10)):
    people = [StaffMemberFactory(unit=unit) for _n in range(invited)]
    course_round = held_del1_round(organisation, participants=people, day=day)
    survey = survey_services.survey_open(course_round=course_round, template=default_evaluation())
    _answer(survey, grades=grades, recommends=recommends)
    return survey


def test_the_survey_table_gives_response_rate_grade_and_recommendation_per_municipality(region):
    city, city_unit = _municipality("Storstad", region)
    town, town_unit = _municipality("Mölndal", region)
    # Storstad: 10 invited, 8 answer with grades summing to 32 (7 of them 3-5), 6 of 8 would recommend.
    _evaluated_round(city, city_unit, invited=10, grades=[5, 4, 4, 3, 5, 2, 4, 5], recommends=[True] * 6 + [False] * 2)
    # Mölndal: 6 invited, 6 answer with grades summing to 23 (5 of them 3-5), all would recommend.
    _evaluated_round(town, town_unit, invited=6, grades=[2, 3, 4, 4, 5, 5], recommends=[True] * 6)
    # A round before the period is not counted.
    _evaluated_round(town, town_unit, invited=5, grades=[1] * 5, recommends=[False] * 5, day=datetime.date(2025, 11, 3))

    _equality, surveys = _tables(region)
    rows = _rows(surveys)
    # Invited, answering, response rate, mean grade, share 3-5, share who would recommend.
    assert rows["Storstad"] == [10, 8, pytest.approx(0.8), pytest.approx(4.0), pytest.approx(7 / 8), 0.75]
    assert rows["Mölndal"] == [6, 6, 1.0, pytest.approx(23 / 6), pytest.approx(5 / 6), 1.0]
    assert surveys.total == [
        "Regionen",
        16,
        14,
        pytest.approx(14 / 16),
        pytest.approx(55 / 14),
        pytest.approx(12 / 14),
        pytest.approx(12 / 14),
    ]


def test_a_municipality_with_few_answers_shows_none_and_the_region_hides_its_pooled_answers(region):
    city, city_unit = _municipality("Storstad", region)
    small, small_unit = _municipality("Liten", region, threshold=3)  # the region takes the strictest: 5
    _evaluated_round(city, city_unit, invited=10, grades=[4] * 8, recommends=[True] * 8)
    _evaluated_round(small, small_unit, invited=4, grades=[1, 1], recommends=[False, False])

    _equality, surveys = _tables(region)
    rows = _rows(surveys)
    assert [str(cell) for cell in rows["Liten"]] == ["< 5"] * 6
    assert rows["Storstad"][3:] == [4.0, 1.0, 1.0]
    # Storstad's answers and the region's pooled ones would give Liten's away: the region's are withheld.
    assert [str(cell) for cell in surveys.total[4:]] == ["..", "..", ".."]
    assert isinstance(rows["Storstad"][0], Hidden) or isinstance(surveys.total[1], Hidden)


def test_the_new_tables_are_in_the_page_and_the_csv_and_excel_downloads(client, region):
    city, city_unit = _municipality("Storstad", region)
    _evaluated_round(city, city_unit, invited=10, grades=[5, 4, 4, 3, 5, 2, 4, 5], recommends=[True] * 8)
    client.force_login(region.reader)
    page = client.get("/rapporter/region/").content.decode()
    assert "Likabehandling per kommun" in page and "Kursutvärderingar per kommun" in page
    assert "Svaren är anonyma" in page
    csv = client.get("/rapporter/region/?format=csv").content.decode("utf-8-sig")
    assert "Kursutvärderingar per kommun" in csv and "Likabehandling per kommun" in csv
    assert "4,0" in csv  # Storstad's mean grade: 32 / 8
    excel = client.get("/rapporter/region/?format=xlsx")
    assert excel.status_code == 200 and "spreadsheetml" in excel["Content-Type"]
