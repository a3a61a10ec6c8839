"""The answers' tallies (`AnswerTally`, `ChoiceTally`): added to as responses are stored, recounted from scratch.

`add` is called by `services.response_submit` in its transaction; `recount` counts the same from the answers
themselves (the tests compare the two, and `rebuild` restores the rows from it).
"""

from collections import Counter

from django.db import connection
from django.db.models import Count, Q, Sum

from surveys.models import Answer, AnswerChoice, AnswerTally, ChoiceTally

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
