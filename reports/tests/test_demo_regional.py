"""The demo's region (Göteborgsregionen, the city and three neighbours) fills the regional report's equality and
survey tables with believable numbers, for its reader region@demo.se."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from reports.forms import RegionalReportForm
from reports.regional import regional_report
from reports.suppression import Hidden

pytestmark = pytest.mark.django_db


def test_the_demo_region_shows_equality_and_evaluations_for_every_municipality():
    from surveys.tests.factories import default_evaluation

    default_evaluation()  # installed by a data migration, which a flushing test before this one may have removed
    call_command("seed_demo", "--staff", "200", stdout=io.StringIO())
    reader = get_user_model().objects.get(username="region@demo.se")
    report = regional_report(user=reader, filters=RegionalReportForm().filters())  # the page's default: a year
    tables = {table.title: table for table in report.tables}
    equality, surveys = tables["Likabehandling per kommun"], tables["Kursutvärderingar per kommun"]
    names = {"Göteborgs Stad", "Mölndals stad", "Kungälvs kommun", "Partille kommun"}
    shown = f"{equality.rows}\n{equality.total}\n{surveys.rows}\n{surveys.total}"
    assert {row[0] for row in equality.rows} == {row[0] for row in surveys.rows} == names, shown
    for name, hires, del1_in_time, _del2_in_time, overdue in equality.rows:
        # Every municipality hired enough in the year to be shown; most of them made Del 1 in time.
        assert hires >= 5, (name, shown)
        assert del1_in_time is None or 0.4 <= del1_in_time <= 1, (name, shown)
        assert isinstance(overdue, Hidden) or 0 <= overdue < hires, (name, shown)
    assert equality.total[1] >= 40 and 0.6 <= equality.total[2] <= 0.95, shown
    for name, invited, _answered, rate, grade, three_to_five, recommend in surveys.rows:
        assert invited >= 5 and 0.4 <= rate <= 0.95, (name, shown)
        assert 3 <= grade <= 5 and 0.7 <= three_to_five <= 1 and 0.6 <= recommend <= 1, (name, shown)
    assert surveys.total[1] == sum(row[1] for row in surveys.rows), shown
    assert 0.6 <= surveys.total[3] <= 0.8 and 3.5 <= surveys.total[4] <= 4.5, shown
