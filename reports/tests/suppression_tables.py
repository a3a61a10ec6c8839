"""Tables shaped like the ones the reports hand to the suppression, at any size, for tests and profiling.

`rounds` is the enrolment report's input (Tabell 1/2: enrolled and completed, women and men, per round) as
the benchmark seeds it: rounds of 12 to 25, 85 % women, nine in ten complete, a few of unstated gender.
Ten years of a large organisation's rounds is several hundred rows, most with fewer than five men.

    DJANGO_SETTINGS_MODULE=intro_program.settings_test .venv/bin/python -m reports.tests.suppression_tables 400

prints the time and the number of linear programmes the suppression of a table of that many rounds takes.
"""

import random

NAMES = ("enrolled", "enrolled_women", "enrolled_men", "completed", "completed_women", "completed_men")


def rounds(n_rounds: int, *, seed: int = 1, unstated: float = 0.0) -> list[tuple[str, dict[str, int], bool]]:
    """Return (label, counts, held) per round, as `reports.enrolment.enrolment_table` takes them."""
    rng = random.Random(seed)
    rows = []
    for number in range(n_rounds):
        people = [rng.random() for _ in range(rng.randint(12, 25))]
        women_below = unstated + (1 - unstated) * 0.85
        genders = ["unstated" if p < unstated else "woman" if p < women_below else "man" for p in people]
        completed = [rng.random() < 0.9 for _ in people]
        women = sum(g == "woman" for g in genders)
        men = sum(g == "man" for g in genders)
        counts = (
            len(people),
            women,
            men,
            sum(completed),
            sum(c for g, c in zip(genders, completed, strict=True) if g == "woman"),
            sum(c for g, c in zip(genders, completed, strict=True) if g == "man"),
        )
        rows.append((f"Omgång {number + 1}", dict(zip(NAMES, counts, strict=True)), True))
    return rows


def _main() -> None:  # pragma: no cover - a profiling aid
    import sys
    import time

    import django

    django.setup()
    from reports.enrolment import enrolment_table
    from reports.suppression import Suppressor, programming

    solved = [0]
    linprog = programming.linprog

    def counted(*args, **kwargs):
        solved[0] += 1
        return linprog(*args, **kwargs)

    programming.linprog = counted
    for n_rounds in map(int, sys.argv[1:] or ["400"]):
        solved[0] = 0
        started = time.perf_counter()
        enrolment_table(rounds(n_rounds), Suppressor(5))
        print(f"{n_rounds} rounds: {(time.perf_counter() - started) * 1000:.0f} ms, {solved[0]} linear programmes")


if __name__ == "__main__":
    _main()
