"""The survey report's own section for the follow-ups: months after a round, and the introduction's evaluation.

The follow-up belongs to a round, as the evaluation does, and is counted the same way (survey_results).
The introduction evaluation has no round: it is one survey per organisation and year, and a year is in the
period when it overlaps it. Both are shown with the same small-group rule as every survey result: below the
threshold of respondents no answer is shown (survey_results.results_report).
"""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from districts import access
from districts.compiled import CompiledRead, field_names
from reports import selectors
from reports.enrolment import round_label
from reports.filters import ReportFilters
from reports.survey_results import count_invitations, responses_count, results_report, surveys_for
from reports.tables import Column, Kind, Report, Table
from surveys.models import Survey, SurveyPurpose, SurveyTemplate


def follow_up_surveys_for(*, user, filters: ReportFilters) -> list[Survey]:
    """Return the follow-ups of the period's rounds, with the invitations the user may count."""
    surveys = surveys_for(user=user, filters=filters).filter(template__purpose=SurveyPurpose.FOLLOW_UP)
    return count_invitations(surveys.select_related("template", "course_round__course"), user=user, filters=filters)


def introduction_surveys_for(*, user, filters: ReportFilters) -> list[Survey]:
    """Return the yearly introduction evaluations overlapping the period, with the invitations the user may count,
    each with its template's name."""
    using = Survey.objects.db
    surveys = []
    for row in _introduction_surveys_read.rows(user=user, filters=filters):
        survey = Survey.from_db(using, _SURVEY_FIELDS, [row[name] for name in _SURVEY_FIELDS])
        survey.template = SurveyTemplate.from_db(using, ["id", "name"], [row["template_id"], row["template__name"]])
        survey.invited, survey.answered, survey.responded = row["invited"], row["answered"], row["responded"]
        surveys.append(survey)
    return surveys


_SURVEY_FIELDS = field_names(Survey)


def _introduction_surveys_values(*, user, filters: ReportFilters) -> QuerySet[Survey]:
    staff = selectors.staff_condition(user=user, filters=filters, path="invitations__staff")
    surveys = access.restrict_by_organisation(user, Survey.objects.all(), "organisation").filter(
        course_round__isnull=True,
        template__purpose=SurveyPurpose.INTRODUCTION,
        opened_on__lte=filters.end,
        opened_on__gte=datetime.date(filters.start.year, 1, 1),
    )
    if filters.organisation_id:
        surveys = surveys.filter(organisation_id=filters.organisation_id)
    return (
        surveys.annotate(
            invited=Count("invitations", filter=staff),
            answered=Count("invitations", filter=staff & Q(invitations__answered_at__isnull=False)),
            responded=responses_count(),
        )
        .filter(invited__gt=0)
        .order_by("opened_on", "pk")
        .values(*_SURVEY_FIELDS, "template__name", "invited", "answered", "responded")
    )


# Its SQL built once per reader and filters (districts.compiled): building and compiling the counted, annotated
# queryset cost the survey overview ~1.5 ms a request, for well under a millisecond of PostgreSQL's.
_introduction_surveys_read = CompiledRead(_introduction_surveys_values)


def rate_table(*, title: str, surveys: list[Survey], label, suppress, empty_text: str) -> Table:
    """Return one row per survey with invited, answered and the response rate, and their total."""

    def counts(invited, answered):
        return [suppress.count(invited), suppress.count(answered), suppress.share(answered, invited)]

    return Table(
        title=title,
        columns=[
            Column(_("Enkät"), Kind.TEXT),
            Column(_("Inbjudna"), Kind.COUNT),
            Column(_("Svarande"), Kind.COUNT),
            Column(_("Svarsfrekvens"), Kind.SHARE),
        ],
        rows=[[label(survey), *counts(survey.invited, survey.answered)] for survey in surveys],
        total=[_("Totalt"), *counts(sum(s.invited for s in surveys), sum(s.answered for s in surveys))]
        if surveys
        else None,
        empty_text=empty_text,
        derived={3: (1, 2)},
    )


def overview_tables(*, user, filters: ReportFilters, suppress, round_surveys: list[Survey]) -> list[Table]:
    """Return the follow-up section of the survey overview: the response rates of both kinds of follow-up.

    `round_surveys`: the overview's surveys of the period's rounds, counted (`follow_up_surveys_for` of the same
    filters); its follow-ups are taken from them, not found and counted a second time.
    """
    return [
        rate_table(
            title=_("Uppföljning efter kursen: svarsfrekvens"),
            surveys=[survey for survey in round_surveys if survey.template.purpose == SurveyPurpose.FOLLOW_UP],
            label=lambda survey: round_label(survey.course_round),
            suppress=suppress,
            empty_text=_("Inga uppföljningar i perioden."),
        ),
        rate_table(
            title=_("Utvärdering av introduktionen: svarsfrekvens"),
            surveys=introduction_surveys_for(user=user, filters=filters),
            label=lambda survey: _("%(name)s %(year)s") % {"name": survey.template.name, "year": survey.opened_on.year},
            suppress=suppress,
            empty_text=_("Ingen utvärdering av introduktionen i perioden."),
        ),
    ]


def follow_up_report(*, user, filters: ReportFilters) -> Report:
    """Build the answers of the period's follow-ups and introduction evaluations, each kind as its own part."""
    suppress = selectors.suppressor_for(user=user, filters=filters)
    district_reader = not selectors.reads_whole_organisation(user=user)
    tables = []
    for heading, surveys in (
        (_("Uppföljning efter kursen"), list(follow_up_surveys_for(user=user, filters=filters))),
        (_("Utvärdering av introduktionen"), introduction_surveys_for(user=user, filters=filters)),
    ):
        part = results_report(
            surveys=surveys, title=heading, suppress=suppress, slug="", district_reader=district_reader
        )
        for table in part.tables:
            table.title = f"{heading}: {table.title}"
        tables.extend(part.tables)
    return Report(
        title=_("Uppföljning och utvärdering av introduktionen"),
        tables=tables,
        filters_text=filters.describe,
        intro=_(
            "Uppföljningen skickas en tid efter omgången till dem som slutförde den; utvärderingen av hela "
            "introduktionen när den nyanställdas andra år är slut. Svaren är anonyma och visas bara när tillräckligt "
            "många har svarat."
        ),
        slug="uppfoljning",
    )
