"""The surveys' tallies: added to as invitations and responses are stored, recounted from scratch.

The answers' (`AnswerTally`, `ChoiceTally`): `add` is called by `services.response_submit` in its transaction;
`recount` counts the same from the answers themselves (the tests compare the two, and `rebuild` restores the rows
from it). The invitations' (`InvitationTally`): `invitations_rebuild` recounts a survey's rows after
`services.invitations_create` and the districts people or units moved between, `invitation_answered_add` counts one
answered; `invitations_recount` counts every row from the invitations.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from districts.models import StaffMember
from districts.selectors import moved_districts_conditions
from surveys.models import Answer, AnswerChoice, AnswerTally, ChoiceTally, Invitation, InvitationTally

COUNTS = (
    "rated_1",
    "rated_2",
    "rated_3",
    "rated_4",
    "rated_5",
    "rating_sum",
    "dont_know",
    "yes",
    "no",
    "other",
    "answers",
)


def answer_counts(*, rating: int | None, dont_know: bool, yes: bool | None, other_text: str) -> tuple[int, ...]:
    """Return one answer's contribution to its tally, in the order of `COUNTS`."""
    return (
        *(int(rating == value) for value in range(1, 6)),
        rating or 0,
        int(bool(dont_know)),
        int(yes is True),
        int(yes is False),
        int(other_text != ""),
        1,
    )


def add(*, survey_id: int, answers, picks) -> None:
    """Add one response's answers and picked options to the survey's tallies (three statements at most).

    `answers` are Answer instances (or anything with their fields), `picks` the picked choice ids. Rows are
    upserted in key order, so two responses to one survey stored at once wait for each other, never deadlock.
    """
    per_key: dict[tuple, list[int]] = {}
    for answer in answers:
        counts = answer_counts(
            rating=answer.rating, dont_know=answer.dont_know, yes=answer.yes, other_text=answer.other_text
        )
        key = (answer.question_id, answer.module_id)
        total = per_key.setdefault(key, [0] * len(COUNTS))
        per_key[key] = [a + b for a, b in zip(total, counts, strict=True)]
    rows = sorted(per_key.items(), key=lambda item: (item[0][0], item[0][1] or 0))
    columns = ["survey_id", "question_id", "module_id", *COUNTS]
    for keys, where, about_modules in (
        (["survey_id", "question_id", "module_id"], "module_id IS NOT NULL", True),
        (["survey_id", "question_id"], "module_id IS NULL", False),
    ):
        values = [(survey_id, q, m, *counts) for (q, m), counts in rows if (m is not None) == about_modules]
        if values:
            _upsert(AnswerTally._meta.db_table, columns, keys, COUNTS, values, where=where)
    picked = Counter(picks)
    if picked:
        _upsert(
            ChoiceTally._meta.db_table,
            ["survey_id", "choice_id", "picked"],
            ["survey_id", "choice_id"],
            ["picked"],
            [(survey_id, choice_id, n) for choice_id, n in sorted(picked.items())],
        )


def _upsert(table: str, columns: list[str], keys: list[str], added, rows: list[tuple], where: str = "") -> None:
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    updates = ", ".join(f"{name} = {table}.{name} + EXCLUDED.{name}" for name in added)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "
        f"ON CONFLICT ({', '.join(keys)}) {f'WHERE {where} ' if where else ''}DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def recount(survey_ids=None) -> tuple[dict[tuple, tuple[int, ...]], dict[tuple, int]]:
    """Count the tallies from the answers themselves: {(survey, question, module): counts}, {(survey, choice): n}."""
    answers = Answer.objects.all()
    picks = AnswerChoice.objects.all()
    if survey_ids is not None:
        answers = answers.filter(response__survey_id__in=survey_ids)
        picks = picks.filter(answer__response__survey_id__in=survey_ids)
    # Named apart from the answer's own fields ("yes", "dont_know"), which the filters read.
    aggregates = {
        **{f"n_rated_{value}": Count("pk", filter=Q(rating=value)) for value in range(1, 6)},
        "n_rating_sum": Sum("rating", default=0),
        "n_dont_know": Count("pk", filter=Q(dont_know=True)),
        "n_yes": Count("pk", filter=Q(yes=True)),
        "n_no": Count("pk", filter=Q(yes=False)),
        "n_other": Count("pk", filter=~Q(other_text="")),
        "n_answers": Count("pk"),
    }
    counted = {
        (row["response__survey_id"], row["question_id"], row["module_id"]): tuple(row[f"n_{name}"] for name in COUNTS)
        for row in answers.values("response__survey_id", "question_id", "module_id").annotate(**aggregates).order_by()
    }
    picked = {
        (row["answer__response__survey_id"], row["choice_id"]): row["n"]
        for row in picks.values("answer__response__survey_id", "choice_id").annotate(n=Count("pk")).order_by()
    }
    return counted, picked


def stored(survey_ids=None) -> tuple[dict[tuple, tuple[int, ...]], dict[tuple, int]]:
    """Return the tallies as kept, in `recount`'s shape (rows of nothing left out, as recount has none)."""
    answers, picks = AnswerTally.objects.all(), ChoiceTally.objects.all()
    if survey_ids is not None:
        answers, picks = answers.filter(survey_id__in=survey_ids), picks.filter(survey_id__in=survey_ids)
    return (
        {
            (row["survey_id"], row["question_id"], row["module_id"]): tuple(row[name] for name in COUNTS)
            for row in answers.values("survey_id", "question_id", "module_id", *COUNTS)
        },
        {
            (row["survey_id"], row["choice_id"]): row["picked"]
            for row in picks.values("survey_id", "choice_id", "picked")
        },
    )


def rebuild(survey_ids=None) -> None:
    """Replace the tallies (of `survey_ids`, else all) with a recount from the answers."""
    counted, picked = recount(survey_ids)
    answers, picks = AnswerTally.objects.all(), ChoiceTally.objects.all()
    if survey_ids is not None:
        answers, picks = answers.filter(survey_id__in=survey_ids), picks.filter(survey_id__in=survey_ids)
    answers.delete()
    picks.delete()
    AnswerTally.objects.bulk_create(
        AnswerTally(survey_id=s, question_id=q, module_id=m, **dict(zip(COUNTS, counts, strict=True)))
        for (s, q, m), counts in counted.items()
    )
    ChoiceTally.objects.bulk_create(ChoiceTally(survey_id=s, choice_id=c, picked=n) for (s, c), n in picked.items())


# --- the invitations' tally --------------------------------------------------------------------


def _invitation_counts(invitations) -> dict[tuple, tuple[int, int]]:
    rows = (
        invitations.order_by()
        .values("survey_id", "staff__organisation_id", "staff__unit__district_id")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    )
    return {
        (row["survey_id"], row["staff__organisation_id"], row["staff__unit__district_id"]): (
            row["invited"],
            row["answered"],
        )
        for row in rows
    }


def invitations_recount(survey_ids=None) -> dict[tuple, tuple[int, int]]:
    """Count the invitations' tally from the invitations: {(survey, organisation, district): (invited, answered)}."""
    invitations = Invitation.objects.all()
    if survey_ids is not None:
        invitations = invitations.filter(survey_id__in=survey_ids)
    return _invitation_counts(invitations)


def invitations_stored(survey_ids=None) -> dict[tuple, tuple[int, int]]:
    """Return the invitations' tally as kept, in `invitations_recount`'s shape (rows of nothing left out)."""
    rows = InvitationTally.objects.all()
    if survey_ids is not None:
        rows = rows.filter(survey_id__in=survey_ids)
    return {
        (row.survey_id, row.organisation_id, row.district_id): (row.invited, row.answered)
        for row in rows
        if row.invited or row.answered
    }


@transaction.atomic
def invitations_rebuild(
    *,
    survey_ids: Iterable[int] | None = None,
    organisation_id: int | None = None,
    district_ids: Iterable[int | None] | None = None,
) -> None:
    """Rebuild the invitations' tally from the invitations: these surveys' rows, or these districts' (None: no unit;
    of `organisation_id` only, when given) in every survey."""
    invitations, rows = Invitation.objects.all(), InvitationTally.objects.all()
    if survey_ids is not None:
        survey_ids = sorted(set(survey_ids))
        invitations, rows = invitations.filter(survey_id__in=survey_ids), rows.filter(survey_id__in=survey_ids)
    if district_ids is not None:
        of_staff, of_rows = moved_districts_conditions(district_ids=district_ids, organisation_id=organisation_id)
        invitations, rows = invitations.filter(of_staff), rows.filter(of_rows)
    # Locked first, as checklists' plan_tally_recount does: an answer that moved one of them commits before the
    # invitations are read (and is counted in them); one after waits, and adds to the recounted row.
    list(rows.select_for_update().values_list("pk", flat=True))
    counted = _invitation_counts(invitations)
    rows.delete()
    InvitationTally.objects.bulk_create(
        [
            InvitationTally(survey_id=s, organisation_id=o, district_id=d, invited=invited, answered=answered)
            for (s, o, d), (invited, answered) in counted.items()
        ],
        batch_size=2000,
    )


def invitation_answered_add(*, invitation: Invitation) -> None:
    """Count the invitation, just answered (`answered_at` saved), among its row's answered, in the answer's
    transaction."""
    organisation_id, district_id = (
        StaffMember.objects.filter(pk=invitation.staff_id).values_list("organisation_id", "unit__district_id").get()
    )
    row = InvitationTally.objects.filter(
        survey_id=invitation.survey_id, organisation_id=organisation_id, district_id=district_id
    )
    if row.update(answered=F("answered") + 1):
        return
    # Not there only when the invitation was never counted (a row is written with each invitation): count the
    # survey's rows again, with this answer in them.
    invitations_rebuild(survey_ids=[invitation.survey_id])
