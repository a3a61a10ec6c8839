"""Demo data: a few hires whose second year ended in the last four months, so the demo shows its end.

They keep their introduction plan (checklists.demo lays it out), are asked to evaluate the whole introduction
(surveys.followup_demo) and, when they answer, the plan's item "Den nyanställda utvärderar sin introduktion"
ticks itself through the answer's signal, as it does for a real hire. A generator of its own, so that the
other draws of districts.demo (and the demo they make) stay as they were.
"""

import datetime
import random

from districts.models import EmploymentType
from districts.selectors import new_hire_cutoff

# Their second year ended between these many days ago: inside the four months the follow-up demo asks.
ENDED_DAYS_AGO = (3, 110)
SHARE_OF_HIRES = 1 / 40  # 280 hires (1,000 staff): 7; never fewer than two


def finish_second_year(*, hires: list, today: datetime.date, seed: int) -> list:
    """Move a few of the hires' start back past two years, on a permanent contract; return them."""
    rng = random.Random(seed)
    chosen = rng.sample(hires, min(len(hires), max(2, round(len(hires) * SHARE_OF_HIRES))))
    second_year_ended = new_hire_cutoff(today=today)  # the first start that still counts as a new hire
    for spec in chosen:
        spec.employment_start = second_year_ended - datetime.timedelta(days=rng.randint(*ENDED_DAYS_AGO))
        spec.employment_type, spec.employment_end = EmploymentType.TILLSVIDARE, None
    return chosen
