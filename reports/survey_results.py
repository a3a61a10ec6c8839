"""Report 2: survey results per round and course: response rates, ratings, yes/no, choices and free text.

Answers are anonymous and belong to the round, not to a district (an answer does not know whose it
is, so it cannot be split by district). The rule for a district-scoped reader: they count the
invitations of their own district (invited, answered), and see the round's answers as a whole only
when the round has at least the organisation's small-group threshold of respondents, the same rule
as for everybody; below it every answer is withheld. The page says which numbers are whose.
"""

import datetime
import html
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from courses.models import CourseModule, CourseRound
from districts import arrays
from districts.compiled import CompiledRead, field_names
from districts.panels import SubqueryCount
from reports import charts, selectors
from reports.enrolment import round_label
from reports.filters import ReportFilters
from reports.suppression import Suppressor
from reports.tables import Column, Kind, Report, Table
from surveys.models import (
    RATING_VALUES,
    Answer,
    AnswerTally,
    Choice,
    ChoiceTally,
    Invitation,
    InvitationTally,
    Question,
    QuestionKind,
    Response,
    Survey,
)


def responses_count() -> Coalesce:
    """Count a survey's responses as a subquery, not a second join: joined to the invitations too, it would count
    each response once per invitation.

    COUNT(*), not of the ids: counted from the survey index alone (ten years of Del 1 on the national seed, 597
    surveys and 10,972 responses: 5.1 -> 1.9 ms, EXPLAIN ANALYZE)."""
    return Coalesce(
        Subquery(Response.objects.filter(survey=OuterRef("pk")).values("survey").annotate(n=Count("*")).values("n")),
        0,
    )


def _invitations_in_scope(*, user, filters: ReportFilters) -> QuerySet[Invitation]:
    return Invitation.objects.filter(selectors.staff_condition(user=user, filters=filters, path="staff"))


def _tallies_in_scope(*, user, filters: ReportFilters) -> QuerySet[InvitationTally] | None:
    """Return the invitations' tally rows (surveys.models.InvitationTally) of the staff the user may count, or None
    when the filters need the invitations themselves (an area).

    The same counts as the invitations': counting ten years of Del 1's (16,837 of them on the national seed) joined
    every staff member of the database to find whose district each was in (~20-29 ms on both seeds).
    """
    condition = selectors.district_row_condition(user=user, filters=filters)
    return None if condition is None else InvitationTally.objects.filter(condition)


def surveys_for(*, user, filters: ReportFilters) -> QuerySet[Survey]:
    """Return the surveys of the period's rounds with an invitation the user may count, with `responded` and their
    round's course (`round_course_id`); `count_invitations` counts the invitations.

    Nothing is joined beyond the round: a caller that shows labels selects the template and course itself. The ten
    years of Del 1 (597 surveys on the national seed) need neither, and building a template, a round and a course
    for each cost more than the query.
    """
    tallied = _tallies_in_scope(user=user, filters=filters)
    if tallied is None:
        in_scope = _invitations_in_scope(user=user, filters=filters).filter(survey=OuterRef("pk"))
    else:
        in_scope = tallied.filter(survey=OuterRef("pk"), invited__gt=0)
    # invited > 0, without counting a second time
    return _round_surveys(user=user, filters=filters).filter(Exists(in_scope))


def _round_surveys(*, user, filters: ReportFilters) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(course_round__in=selectors.rounds_for(user=user, filters=filters).values("pk"))
        .annotate(responded=responses_count(), round_course_id=F("course_round__course_id"))
        .order_by("course_round__starts_on", "pk")
    )


def surveys_counted(*, user, filters: ReportFilters, labelled: bool = False) -> list["RoundSurvey"]:
    """Return `surveys_for`'s surveys with their invitations counted (`count_invitations`), in two queries.

    The period's round surveys are found first and a survey none of whose invitations the user may count is left
    out once they are counted, as `surveys_for` leaves it out: its check of each survey's invitations cost as much
    as finding the surveys (ten years of Del 1 on the national seed, 597 surveys: ~17 of 35 ms). `labelled`: with
    each survey's template (name, purpose) and its round (title, start) and course (name), for the pages that show
    them. Each is a `RoundSurvey`, not a Survey.
    """
    rows = _round_surveys_read.rows(user=user, filters=filters, labelled=labelled)
    found = _round_surveys_of(rows) if labelled else [RoundSurvey(row) for row in rows]
    return [survey for survey in count_invitations(found, user=user, filters=filters) if survey.invited]


class RoundSurvey:
    """A round's survey as the pages of many surveys read it: its ids, `responded`, `invited` and `answered`, and
    (labelled) its template and its round with the round's course, each a `Label`.

    Not a Survey: a national year's ~60 surveys built as a Survey, a template, a round and a course each through
    Model.from_db cost the overview ~1 ms, five times the city's, for a handful of attributes read.
    """

    __slots__ = ("pk", "template_id", "course_round_id", "round_course_id", "responded", "invited", "answered")

    def __init__(self, row: dict):
        self.pk, self.template_id, self.course_round_id = row["id"], row["template_id"], row["course_round_id"]
        self.responded, self.round_course_id = row["responded"], row["round_course_id"]

    @property
    def id(self) -> int:
        return self.pk


class _LabelledRoundSurvey(RoundSurvey):
    __slots__ = ("template", "course_round")


class Label:
    """A template, round or course as the survey pages show it: its pk and the few fields read (attributes)."""

    def __init__(self, pk: int, **fields):
        self.pk = pk
        self.__dict__.update(fields)


def _round_surveys_of(rows: list[dict]) -> list[_LabelledRoundSurvey]:
    """Return the rows as labelled surveys, one Label a template, round and course shared by their surveys (so that
    the list's courses group by course as Model instances, equal by pk, did)."""
    templates: dict[int, Label] = {}
    rounds: dict[int, Label] = {}
    courses: dict[int, Label] = {}
    surveys = []
    for row in rows:
        survey = _LabelledRoundSurvey(row)
        template = templates.get(survey.template_id)
        if template is None:
            template = templates[survey.template_id] = Label(
                survey.template_id, name=row["template__name"], purpose=row["template__purpose"]
            )
        course_round = rounds.get(survey.course_round_id)
        if course_round is None:
            course = courses.get(survey.round_course_id)
            if course is None:
                course = courses[survey.round_course_id] = Label(
                    survey.round_course_id, name=row["course_round__course__name"]
                )
            course_round = rounds[survey.course_round_id] = Label(
                survey.course_round_id,
                course_id=survey.round_course_id,
                course=course,
                title=row["course_round__title"],
                starts_on=row["course_round__starts_on"],
            )
        survey.template, survey.course_round = template, course_round
        surveys.append(survey)
    return surveys


_LABELS = (
    "template__name",
    "template__purpose",
    "course_round__title",
    "course_round__starts_on",
    "course_round__course__name",
)


def _round_surveys_values(*, user, filters: ReportFilters, labelled: bool) -> QuerySet[Survey]:
    # Only the fields RoundSurvey keeps: each further column is a further key in each row's dict.
    return _round_surveys(user=user, filters=filters).values(
        "id", "template_id", "course_round_id", "responded", "round_course_id", *(_LABELS if labelled else ())
    )


# Its SQL built once per reader and filters (districts.compiled), and its rows made into surveys here: the ORM's
# building, compiling and making of ten years of Del 1's 597 surveys cost ~4 ms, 15 times PostgreSQL's time.
_round_surveys_read = CompiledRead(_round_surveys_values)


def counted_surveys_for(*, user, filters: ReportFilters) -> QuerySet[Survey]:
    """Return `surveys_for` with `invited` and `answered` counted by subqueries of each survey, in the same query.

    For a page of one survey: `count_invitations`' grouped count is a second query, which for one survey cost more
    in building and sending than in counting.
    """
    tallied = _tallies_in_scope(user=user, filters=filters)
    if tallied is not None:
        rows = tallied.filter(survey=OuterRef("pk")).order_by().values("survey")
        return surveys_for(user=user, filters=filters).annotate(
            invited=Coalesce(Subquery(rows.annotate(n=Sum("invited")).values("n")), 0),
            answered=Coalesce(Subquery(rows.annotate(n=Sum("answered")).values("n")), 0),
        )
    in_scope = _invitations_in_scope(user=user, filters=filters).filter(survey=OuterRef("pk")).order_by()
    return surveys_for(user=user, filters=filters).annotate(
        invited=SubqueryCount(in_scope.values("pk")),
        answered=SubqueryCount(in_scope.filter(answered_at__isnull=False).values("pk")),
    )


def count_invitations(
    surveys: Iterable["Survey | RoundSurvey"], *, user, filters: ReportFilters
) -> list["Survey | RoundSurvey"]:
    """Return the surveys (Survey or RoundSurvey) with `invited` and `answered` set from one grouped count of the
    invitations the user may count (one query once the surveys are found), over their tally unless an area is asked
    for.

    As two subqueries per survey, each of ten years' invitations had its staff member and unit looked up once for
    each count (598 surveys of Del 1, 16,825 invitations on the national seed).
    """
    surveys = list(surveys)
    rows = _invitations_counted_read.rows(user=user, filters=filters, survey_ids=[survey.pk for survey in surveys])
    counted = {row["survey_id"]: row for row in rows}
    for survey in surveys:
        row = counted.get(survey.pk, {})
        survey.invited, survey.answered = row.get("invited", 0), row.get("answered", 0)
    return surveys


def _invitations_counted(*, user, filters: ReportFilters, survey_ids: list[int]) -> QuerySet:
    among = arrays.AmongIds("survey_id", survey_ids)
    tallied = _tallies_in_scope(user=user, filters=filters)
    if tallied is not None:
        rows = tallied.filter(among).values("survey_id").annotate(invited=Sum("invited"), answered=Sum("answered"))
    else:
        rows = (
            _invitations_in_scope(user=user, filters=filters)
            .filter(among)
            .values("survey_id")
            .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        )
    return rows.order_by()


# Its SQL built once per reader and filters (districts.compiled), each call's surveys swapped in: building and
# compiling the grouped count was ~1 ms of the survey pages, more than PostgreSQL takes to count a year's surveys.
_invitations_counted_read = CompiledRead(_invitations_counted, varying=("survey_ids",))


def _latest_surveys_counted(*, user, limit: int) -> QuerySet[Survey]:
    every_period = ReportFilters(start=datetime.date(1900, 1, 1), end=datetime.date(2999, 12, 31))
    # The surveys' tally rows of the districts the user may count (the same counts as the invitations', as
    # `surveys_for` reads them): testing each survey's invitations for one in scope joined every invitation of the
    # district's staff against the surveys of every round walked (an enhetschef, national seed: 2,461 of the
    # panel's 3,253 buffers, ~2.4 of its ~3 ms).
    tallied = _tallies_in_scope(user=user, filters=every_period).filter(survey=OuterRef("pk")).order_by()
    latest = (
        Survey.objects.filter(course_round__in=selectors.rounds_for(user=user, filters=every_period).values("pk"))
        .filter(Exists(tallied.filter(invited__gt=0)))
        .order_by("-course_round__starts_on", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    # `latest` stays a subquery (LIMIT inside IN): one query for the ids and their counts, summed from the three
    # surveys' own rows; and only the round the panel names is joined (no template, course or response count: the
    # panel shows none).
    return (
        Survey.objects.filter(pk__in=latest)
        .annotate(
            invited=Coalesce(Subquery(tallied.values("survey").annotate(n=Sum("invited")).values("n")), 0),
            answered=Coalesce(Subquery(tallied.values("survey").annotate(n=Sum("answered")).values("n")), 0),
        )
        .order_by("-course_round__starts_on", "-pk")
        .values("pk", "course_round_id", "course_round__title", "invited", "answered")
    )


# Its SQL built once per reader (districts.compiled): building and compiling its nested subqueries was ~4 ms of the
# dashboard, for ~2 ms of PostgreSQL's.
_latest_surveys_read = CompiledRead(_latest_surveys_counted)


def latest_surveys(*, user, limit: int = 3) -> list[Survey]:
    """Return the user's most recent surveys with their invitations' counts (`invited`, `answered`), for the dashboard.

    The latest surveys with an invitation the user may count are found first (an index walk that stops at
    `limit`), and only their invitations are counted: the panel costs its three rows, not every invitation. Each
    survey is read with its round's title only (the other fields deferred).
    """
    return [_survey_of(row) for row in _latest_surveys_read.rows(user=user, limit=limit)]


def _survey_of(row: dict) -> Survey:
    using = Survey.objects.db
    survey = Survey.from_db(using, ["id", "course_round_id"], [row["pk"], row["course_round_id"]])
    survey.course_round = CourseRound.from_db(
        using, ["id", "title"], [row["course_round_id"], row["course_round__title"]]
    )
    survey.invited, survey.answered = row["invited"], row["answered"]
    return survey


def survey_overview_report(*, user, filters: ReportFilters) -> tuple[Report, list[RoundSurvey]]:
    """Build the list of surveys with response rates, per round and per course."""
    suppress = selectors.suppressor_for(user=user, filters=filters)
    # Only what the tables and the list show: the rounds', courses' and templates' long texts were read and built
    # into each of a national year's ~60 surveys for nothing.
    surveys = surveys_counted(user=user, filters=filters, labelled=True)
    columns = [
        Column(_("Inbjudna"), Kind.COUNT),
        Column(_("Svarande"), Kind.COUNT),
        Column(_("Svarsfrekvens"), Kind.SHARE),
    ]

    def counts(invited, answered):
        return [suppress.count(invited), suppress.count(answered), suppress.share(answered, invited)]

    per_round = Table(
        title=_("Svarsfrekvens per kursomgång"),
        columns=[Column(_("Kursomgång"), Kind.TEXT), Column(_("Enkät"), Kind.TEXT), *columns],
        rows=[[round_label(s.course_round), s.template.name, *counts(s.invited, s.answered)] for s in surveys],
        total=[_("Totalt"), "", *counts(sum(s.invited for s in surveys), sum(s.answered for s in surveys))]
        if surveys
        else None,
        empty_text=_("Inga enkäter i perioden."),
        derived={4: (2, 3)},
    )
    by_course: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for survey in surveys:
        by_course[survey.course_round.course.name][0] += survey.invited
        by_course[survey.course_round.course.name][1] += survey.answered
    per_course = Table(
        title=_("Svarsfrekvens per kurs"),
        columns=[Column(_("Kurs"), Kind.TEXT), *columns],
        rows=[[name, *counts(invited, answered)] for name, (invited, answered) in sorted(by_course.items())],
        derived={3: (1, 2)},
    )
    from reports.follow_up_results import overview_tables  # the follow-ups' own section; it builds on this module

    report = Report(
        title=_("Enkätresultat"),
        tables=[
            per_round,
            per_course,
            *overview_tables(user=user, filters=filters, suppress=suppress, round_surveys=surveys),
        ],
        filters_text=filters.describe,
        slug="enkatresultat",
    )
    return report, surveys


def survey_result_report(*, user, survey: Survey, suppress: Suppressor) -> Report:
    """Build the results of one survey: response rate, then every question's answers."""
    return results_report(
        surveys=[survey],
        title=_("Enkätresultat: %(round)s") % {"round": round_label(survey.course_round)},
        suppress=suppress,
        slug=f"enkat-{survey.course_round.title}",
        district_reader=not selectors.reads_whole_organisation(user=user),
    )


def results_report(
    *, surveys: list[Survey], title: str, suppress: Suppressor, slug: str, district_reader: bool = False
) -> Report:
    """Aggregate the answers of one or more surveys with a constant number of queries."""
    survey_ids = [survey.pk for survey in surveys]
    invited = sum(survey.invited for survey in surveys)
    answered = sum(survey.answered for survey in surveys)
    responses = Answer.objects.filter(arrays.among("response__survey_id", survey_ids))
    response_count = sum(survey.responded for survey in surveys)
    rate = Table(
        title=_("Svarsfrekvens"),
        columns=[
            Column(_("Inbjudna"), Kind.COUNT),
            Column(_("Svarande"), Kind.COUNT),
            Column(_("Svarsfrekvens"), Kind.SHARE),
        ],
        rows=[[suppress.count(invited), suppress.count(answered), suppress.share(answered, invited)]],
        derived={2: (0, 1)},
        note=_(
            "Inbjudna och svarande i din stadsdel. Svaren nedan gäller hela omgången och visas bara när minst "
            "%(n)s har svarat i omgången."
        )
        % {"n": suppress.threshold}
        if district_reader
        else "",
    )
    template_ids = {survey.template_id for survey in surveys}
    questions = _questions_of_templates(tuple(sorted(template_ids)))
    tables = [rate]
    if suppress.is_small(response_count):
        tables.append(
            Table(
                title=_("Svar"),
                columns=[Column(_("Resultat"), Kind.TEXT)],
                rows=[[_("Färre än %(n)s har svarat, så svaren visas inte.") % {"n": suppress.threshold}]],
            )
        )
        return Report(title=title, tables=tables, slug=slug)

    counted = _answer_counts(survey_ids, questions)
    rating_rows, rating_labels = _rating_table_rows(questions, counted, surveys, suppress)
    if rating_rows:
        rating_table = Table(
            title=_("Betygsfrågor (1–5)"),
            columns=[
                Column(_("Fråga"), Kind.TEXT),
                *[Column(str(value), Kind.COUNT) for value in RATING_VALUES],
                Column(_("Vet ej"), Kind.COUNT),
                Column(_("Antal svar"), Kind.COUNT),
                Column(_("Medelvärde"), Kind.MEAN),
                Column(_("Andel 3–5"), Kind.SHARE),
            ],
            rows=rating_rows,
            row_sums={7: (1, 2, 3, 4, 5)},
            note=_("Medelvärde och andel 3–5 räknas på svaren 1–5; ”vet ej” räknas för sig."),
        )
        # Drawn from the table's cells, so the chart hides every mean the table hides.
        rating_table.chart = charts.bar_chart(
            title=_("Medelvärde per betygsfråga (1–5)"),
            categories=rating_labels,
            series=[charts.Series(_("Medelvärde"), rating_table.column(8))],
            kind=Kind.MEAN,
            max_value=5,
        )
        tables.append(rating_table)
    yes_no = [q for q in questions if q.kind == QuestionKind.YES_NO]
    if yes_no:
        rows = []
        for question in yes_no:
            row = _per_question(counted, question, "yes_count", "no_count")
            both = row["yes_count"] + row["no_count"]
            rows.append(
                [
                    question.text,
                    suppress.count(row["yes_count"]),
                    suppress.count(row["no_count"]),
                    suppress.share(row["yes_count"], both),
                    suppress.share(row["no_count"], both),
                ]
            )
        tables.append(
            Table(
                title=_("Ja/nej-frågor"),
                columns=[
                    Column(_("Fråga"), Kind.TEXT),
                    Column(_("Ja"), Kind.COUNT),
                    Column(_("Nej"), Kind.COUNT),
                    Column(_("Andel ja"), Kind.SHARE),
                    Column(_("Andel nej"), Kind.SHARE),
                ],
                rows=rows,
                derived={3: (1, 2), 4: (1, 2)},
            )
        )
    multiple = [q for q in questions if q.kind == QuestionKind.MULTIPLE_CHOICE]
    if multiple:
        tables_and_charts = _multiple_choice_tables(multiple, survey_ids, counted, suppress)
        for table, chart in tables_and_charts:
            table.chart = chart
            tables.append(table)
    free = [q for q in questions if q.kind == QuestionKind.FREE_TEXT]
    if free:
        texts = defaultdict(list)
        # Sorted by text, never by time or id, so the order says nothing about who answered when.
        for question_id, text in (
            responses.filter(question__in=free)
            .exclude(text="")
            .order_by("question_id", "text")
            .values_list("question_id", "text")
        ):
            texts[question_id].append(text)
        for question in free:
            tables.append(
                AnswersTable(
                    title=question.text,
                    columns=[Column(_("Svar"), Kind.TEXT)],
                    rows=[[text] for text in texts[question.pk]],
                    empty_text=_("Ingen har svarat på frågan."),
                )
            )
    return Report(title=title, tables=tables, slug=slug)


COUNTED_KINDS = (QuestionKind.RATING, QuestionKind.YES_NO, QuestionKind.MULTIPLE_CHOICE)


def _answer_counts(survey_ids, questions) -> dict[tuple[int, int | None], dict]:
    """Count the answers per question and module: ratings, yes and no, who answered a choice question and who wrote
    "other" (one query, over the surveys' tallies: a few rows a survey, where ten years of answers were 419,000)."""
    counted = tuple(q.pk for q in questions if q.kind in COUNTED_KINDS)
    if not counted:
        return {}
    rows = _answer_counts_read.rows(question_ids=counted, survey_ids=survey_ids)
    return {(row["question_id"], row["module_id"]): row for row in rows}


def _answer_counts_of(*, question_ids: tuple[int, ...], survey_ids: list[int]) -> QuerySet[AnswerTally]:
    return (
        AnswerTally.objects.filter(arrays.AmongIds("survey_id", survey_ids), question__in=question_ids)
        .values("question_id", "module_id")
        .annotate(
            **{f"n{value}": Sum(f"rated_{value}") for value in RATING_VALUES},
            dont_know_count=Sum("dont_know"),
            rating_sum=Sum("rating_sum"),
            yes_count=Sum("yes"),
            no_count=Sum("no"),
            answering=Sum("answers"),
            other=Sum("other"),
        )
        .order_by()
    )


# Its SQL built once per set of questions (districts.compiled), each call's surveys swapped in: building and
# compiling its nine sums cost each survey page ~1 ms, more than PostgreSQL takes for one survey's tallies.
_answer_counts_read = CompiledRead(_answer_counts_of, varying=("survey_ids",))


def _per_question(counted: dict, question, *names: str) -> dict[str, int]:
    """Add up a question's counts over its modules (a question asked once has the one module None)."""
    rows = [row for (question_id, _module), row in counted.items() if question_id == question.pk]
    return {name: sum(row[name] for row in rows) for name in names}


def _rating_table_rows(questions, aggregates, surveys, suppress: Suppressor):
    ratings = [q for q in questions if q.kind == QuestionKind.RATING]
    if not ratings:
        return [], []
    course_ids = {survey.round_course_id for survey in surveys if survey.course_round_id}
    modules = [(row["id"], row["title"]) for row in _modules_read.rows(course_ids=tuple(sorted(course_ids)))]
    module_titles = dict(modules)
    rows, labels = [], []
    for question in ratings:
        targets = [(pk, f"{question.text}: {title}") for pk, title in modules] if question.per_module else []
        targets = targets or [(None, question.text)]
        for module_id, label in targets:
            row = aggregates.get((question.pk, module_id), {})
            per_value = [row.get(f"n{value}", 0) for value in RATING_VALUES]
            rated = sum(per_value)
            three_to_five = sum(per_value[2:])
            mean = suppress.mean(row.get("rating_sum") or 0, rated)
            rows.append(
                [
                    label,
                    *[suppress.count(count) for count in per_value],
                    suppress.count(row.get("dont_know_count", 0)),
                    suppress.count(rated),
                    mean,
                    suppress.share(three_to_five, rated),
                ]
            )
            labels.append(module_titles[module_id] if module_id else question.text)
    return rows, labels


def _multiple_choice_tables(questions, survey_ids, counted, suppress: Suppressor):
    choices = _choices_picked_read.rows(question_ids=tuple(q.pk for q in questions), survey_ids=survey_ids)
    result = []
    for question in questions:
        counts = _per_question(counted, question, "answering", "other")
        answering = counts["answering"]
        options = [(choice["label"], choice["picked"]) for choice in choices if choice["question_id"] == question.pk]
        if question.allow_other:
            options.append((_("Annat"), counts["other"]))
        table = Table(
            title=question.text,
            columns=[
                Column(_("Alternativ"), Kind.TEXT),
                Column(_("Antal"), Kind.COUNT),
                Column(_("Andel av de som svarade"), Kind.SHARE),
            ],
            rows=[[label, suppress.count(picked), suppress.share(picked, answering)] for label, picked in options],
            total=[_("Svarade på frågan"), suppress.count(answering), None],
            summed=(),  # several options can be picked: the total is who answered, not a sum
            derived={2: (1,)},
        )
        chart = charts.bar_chart(
            title=question.text,
            categories=[label for label, _picked in options],
            series=[charts.Series(_("Antal"), table.column(1))],  # the table's cells: it hides what the table hides
        )
        result.append((table, chart))
    return result


class AnswersTable(Table):
    """A free-text question's answers: one column of texts, written as Table writes such a column, without its
    per-cell machinery.

    Ten years of Del 1 on the national seed show 5,533 answers: Table's pass over every row for a withheld number
    and its writer of each cell cost ~4 ms a question, for a table with no number in it to withhold.
    """

    def __post_init__(self):
        # Nothing to protect or drop: the cells are the answers' texts (str), never a count or a Hidden cell.
        if self.total is not None or [column.kind for column in self.columns] != [Kind.TEXT]:
            raise ValueError("an answers table has one text column and no totals row")

    def body_html(self) -> SafeString:
        """Return the rows as Table.body_html writes a text column's cells (html.escape of each text)."""
        return mark_safe(  # noqa: S308 (every text is escaped)
            "".join([f'<tr><td class="">{html.escape(text)}</td></tr>' for (text,) in self.rows])
        )


def _choices_picked_of(*, question_ids: tuple[int, ...], survey_ids: list[int]) -> QuerySet[Choice]:
    # The surveys' tallies of the options picked, not the picks themselves: summed for each option in the query that
    # reads the options (a subquery of each; the options are a few).
    tallied = (
        ChoiceTally.objects.filter(arrays.AmongIds("survey_id", survey_ids), choice=OuterRef("pk"))
        .values("choice")
        .annotate(n=Sum("picked"))
        .values("n")
        .order_by()
    )
    return (
        Choice.objects.filter(question__in=question_ids)
        .annotate(picked=Coalesce(Subquery(tallied), 0))
        .order_by("question_id", "order", "pk")
        .values("question_id", "label", "picked")
    )


# Its SQL built once per set of questions, each call's surveys swapped in (as _answer_counts_read).
_choices_picked_read = CompiledRead(_choices_picked_of, varying=("survey_ids",))


def _questions_of_templates(template_ids: tuple[int, ...]) -> list[Question]:
    """Return the templates' questions in their order (each template's in turn)."""
    using = Question.objects.db
    return [
        Question.from_db(using, _QUESTION_FIELDS, [row[name] for name in _QUESTION_FIELDS])
        for row in _questions_read.rows(template_ids=template_ids)
    ]


_QUESTION_FIELDS = field_names(Question)

# The questions and the modules compiled once per template and course (districts.compiled): the survey pages' few
# rows cost the ORM's building and compiling more than PostgreSQL's reading.
_questions_read = CompiledRead(
    lambda *, template_ids: (
        Question.objects.filter(template_id__in=template_ids).order_by("template", "order").values(*_QUESTION_FIELDS)
    )
)
_modules_read = CompiledRead(
    lambda *, course_ids: (
        CourseModule.objects.filter(course_id__in=course_ids).order_by("course_id", "order", "pk").values("id", "title")
    )
)
