"""The regional report's equality and survey tables: the city's own measures, one row per municipality.

Equality counts as reports.equality does across districts (its `tally_hires`): of the period's new hires,
the share who completed Del 1 within four months and the share who attended every Del 2 theme within two
years, counting only hires whose deadline has passed or who already made it, and how many are overdue today.
The survey table counts the course evaluations as the survey report does (reports.survey_results): invited
and answering are invitations, the response rate their ratio; the overall grade and the recommendation are
read from the anonymous answers of each municipality's evaluations, which know their survey but no person.
"""

import datetime

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from courses.models import RoundStatus
from districts.models import Organisation, StaffMember
from districts.selectors import new_hire_condition
from reports.equality import HIRE_FIELDS, Tally, tally_hires
from reports.suppression import Hidden, Suppressor
from reports.tables import Column, Kind, Table
from surveys.models import Answer, Invitation, QuestionKind, SurveyPurpose

# --- equality -----------------------------------------------------------------------------------------------


def equality_tallies(organisation_ids: list[int], *, start, end, today: datetime.date) -> dict[int, Tally]:
    """Tally the period's new hires per organisation with the equality report's rule (five queries)."""
    hires = list(
        StaffMember.objects.filter(new_hire_condition(start=start, end=end, today=today))
        .filter(organisation_id__in=organisation_ids)
        .distinct()
        .values(*HIRE_FIELDS)
    )
    return tally_hires(hires, key=lambda hire: hire["organisation_id"], today=today)


def _equality_cells(label: str, tally: Tally, suppress: Suppressor) -> list:
    return [
        label,
        suppress.count(tally.hires),
        suppress.share(tally.del1_in_time, tally.del1_decided),
        suppress.share(tally.del2_in_time, tally.del2_decided),
        suppress.count(tally.overdue),
    ]


def equality_table(organisations: list[Organisation], tallies: dict[int, Tally], suppress: Suppressor) -> Table:
    """Return the equality table: one row per municipality and the region, counts protected as one system."""
    whole = Tally()
    for tally in tallies.values():
        whole.add(tally)
    return Table(
        title=_("Likabehandling per kommun"),
        columns=[
            Column(_("Kommun"), Kind.TEXT),
            Column(_("Nyanställda"), Kind.COUNT),
            Column(_("Del 1 inom fyra månader"), Kind.SHARE),
            Column(_("Hela Del 2 inom två år"), Kind.SHARE),
            Column(_("Försenade i dag"), Kind.COUNT),
        ],
        rows=[
            _equality_cells(organisation.name, tallies.get(organisation.pk, Tally()), suppress)
            for organisation in organisations
        ],
        total=_equality_cells(_("Regionen"), whole, suppress) if organisations else None,
        note=_(
            "Som stadens rapport om likabehandling: av socialsekreterarna som började i perioden, andelen som "
            "slutförde Del 1 inom fyra månader och andelen som gick alla Del 2-teman inom två år, räknat på dem "
            "vars tidsgräns har passerats eller som redan klarat den; försenade är anställda i dag som passerat "
            "en tidsgräns utan att ha gjort klart."
        ),
        empty_text=_("Regionen har inga kommuner ännu."),
        at_most=((4, 1),),  # no more overdue than hired
    )


# --- surveys ------------------------------------------------------------------------------------------------

SURVEY_EMPTY = {
    "invited": 0,
    "answered": 0,
    "rated": 0,
    "rating_sum": 0,
    "rated_3_to_5": 0,
    "recommending": 0,
    "yes_no_answered": 0,
}


def _evaluations(path: str, organisation_ids: list[int], *, start, end, course_kind: str) -> Q:
    """Return the condition on the survey at `path`: an evaluation of a round of the region that starts in the
    period and was not cancelled (the rounds the survey report takes)."""
    condition = Q(
        **{
            f"{path}__course_round__course__organisation_id__in": organisation_ids,
            f"{path}__course_round__starts_on__range": (start, end),
            f"{path}__template__purpose": SurveyPurpose.EVALUATION,
        }
    ) & ~Q(**{f"{path}__course_round__status": RoundStatus.CANCELLED})
    if course_kind:
        condition &= Q(**{f"{path}__course_round__course__kind": course_kind})
    return condition


def survey_counts(organisation_ids: list[int], *, start, end, course_kind: str = "") -> dict[int, dict[str, int]]:
    """Count the course evaluations of the period's rounds per organisation: invitations, then answers (two queries).

    The grade is the evaluation's rating asked once for the whole course (not per part), the recommendation its
    yes/no question.
    """
    period = {"start": start, "end": end, "course_kind": course_kind}
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Invitation.objects.filter(_evaluations("survey", organisation_ids, **period))
        .values(organisation=F("survey__course_round__course__organisation_id"))
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by()
    ):
        counts[row.pop("organisation")] = {**SURVEY_EMPTY, **row}
    grade = Q(question__kind=QuestionKind.RATING, question__per_module=False, rating__isnull=False)
    yes_no = Q(question__kind=QuestionKind.YES_NO, yes__isnull=False)
    for row in (
        Answer.objects.filter(_evaluations("response__survey", organisation_ids, **period))
        .filter(grade | yes_no)
        .values(organisation=F("response__survey__course_round__course__organisation_id"))
        .annotate(
            rated=Count("pk", filter=grade),
            rating_sum=Sum("rating", filter=grade, default=0),
            rated_3_to_5=Count("pk", filter=grade & Q(rating__gte=3)),
            recommending=Count("pk", filter=yes_no & Q(yes=True)),
            yes_no_answered=Count("pk", filter=yes_no),
        )
        .order_by()
    ):
        counts.setdefault(row.pop("organisation"), dict(SURVEY_EMPTY)).update(row)
    return counts


ANSWER_COLUMNS = (4, 5, 6)  # the grade's mean, its share 3-5, the share who would recommend


def _survey_cells(label: str, row: dict, suppress: Suppressor) -> list:
    return [
        label,
        suppress.count(row["invited"]),
        suppress.count(row["answered"]),
        suppress.share(row["answered"], row["invited"]),
        suppress.mean(row["rating_sum"], row["rated"]),
        suppress.share(row["rated_3_to_5"], row["rated"]),
        suppress.share(row["recommending"], row["yes_no_answered"]),
    ]


def survey_table(organisations: list[Organisation], counts: dict[int, dict], suppress: Suppressor) -> Table:
    """Return the survey table: response rate and the key answers per municipality, small groups withheld."""
    raw = [counts.get(organisation.pk, SURVEY_EMPTY) for organisation in organisations]
    totals = {name: sum(row[name] for row in raw) for name in SURVEY_EMPTY}
    rows = [
        _survey_cells(organisation.name, row, suppress) for organisation, row in zip(organisations, raw, strict=True)
    ]
    total = _survey_cells(_("Regionen"), totals, suppress) if organisations else None
    if total is not None:
        # The region's answers pool the municipalities' answers: with one municipality's withheld, the pooled
        # figure and the others' would narrow it down, so the region's are withheld too.
        for column in ANSWER_COLUMNS:
            if any(isinstance(row[column], Hidden) for row in rows) and not isinstance(total[column], Hidden):
                total[column] = Hidden(suppress.threshold, complementary=True)
    return Table(
        title=_("Kursutvärderingar per kommun"),
        columns=[
            Column(_("Kommun"), Kind.TEXT),
            Column(_("Inbjudna"), Kind.COUNT),
            Column(_("Svarande"), Kind.COUNT),
            Column(_("Svarsfrekvens"), Kind.SHARE),
            Column(_("Helhetsbetyg (medelvärde 1–5)"), Kind.MEAN),
            Column(_("Andel 3–5"), Kind.SHARE),
            Column(_("Skulle rekommendera kursen"), Kind.SHARE),
        ],
        rows=rows,
        total=total,
        note=_(
            "Som enkätrapporten: utvärderingarna efter kursomgångar som började i perioden; svarsfrekvens är "
            "svarande delat med inbjudna, helhetsbetyget är medelvärdet av kursens helhetsbetyg 1–5 och andelen "
            "3–5 räknas på samma svar, rekommendationen på ja/nej-frågan. Svaren är anonyma och hör till kommunens "
            "enkäter, inte till någon person."
        ),
        empty_text=_("Regionen har inga kommuner ännu."),
        at_most=((2, 1),),  # no more answering than invited
        derived={3: (1, 2)},
    )
