"""Demo data for the competence ladder: credits from universities, and a few competence reviews.

Experienced social workers carry the credits their level needs (a few Avancerad short of the ten
högskolepoäng, so the page shows a proposal below their level); hires close to two years have been
reviewed by their unit manager (Nybörjare to Kunnig), which ticks the plan's item, and a handful of
experienced staff were reviewed in the last year. Runs after the checklists seeder (the plans exist);
idempotent: nothing is made when the organisation already has credits or reviews.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from checklists.models import AutomaticSource
from competence import selectors, services
from competence.models import CompetenceReview, CreditEntry
from districts import audit, clock
from districts.models import CompetenceLevel, Organisation, Role, StaffMember

SEED = 20261201
SOURCES = [
    ("Göteborgs universitet: Barnavårdsutredning", Decimal("7.5")),
    ("Göteborgs universitet: Socialrätt för socialsekreterare", Decimal("7.5")),
    ("Göteborgs universitet: Utredning och bedömning i socialt arbete", Decimal("15")),
    ("Linnéuniversitetet: Motiverande samtal", Decimal("7.5")),
    ("Högskolan Väst: Handledning i socialt arbete", Decimal("15")),
    ("Ersta Sköndal Bräcke högskola: Evidensbaserad praktik", Decimal("7.5")),
    ("Malmö universitet: Våld i nära relationer", Decimal("7.5")),
    ("Lunds universitet: Barn i utsatta livssituationer", Decimal("15")),
    ("Socialstyrelsen och lärosätena: Barn och unga – vidareutbildning", Decimal("30")),
]
# The credits each level has in the demo: (fewest, most) in all.
CREDITS_FOR = {
    CompetenceLevel.AVANCERAD: (Decimal(10), Decimal(25)),
    CompetenceLevel.SPECIALIST: (Decimal(30), Decimal(55)),
    CompetenceLevel.EXPERT: (Decimal(60), Decimal(90)),
}
SHORT_SHARE = 0.08  # Avancerad with only one 7,5 hp course: the rules propose Kunnig until more is registered
KUNNIG_WITH_COURSE = 0.3
TWO_YEAR_REVIEW = (
    "Snart två år i yrket. Utreder vanligt förekommande ärenden självständigt; går över till Kunnig vid tvåårsdagen."
)


def seed(*, organisation: Organisation, today: datetime.date) -> None:
    """Give the experienced staff their credits and record a few reviews, unless the organisation has them."""
    if CreditEntry.objects.filter(staff__organisation=organisation).exists():
        return
    if CompetenceReview.objects.filter(staff__organisation=organisation).exists():
        return
    rng = random.Random(SEED)
    workers = list(
        StaffMember.objects.filter(
            organisation=organisation,
            roles__role__in=[Role.SOCIALSEKRETERARE, Role.FORSTE_SOCIALSEKRETERARE],
            employment_end__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    with transaction.atomic(), audit.acting(None, reason="Demodata"):
        audit.bulk_create(_credit_entries(workers, today, rng), CreditEntry)
    managers = {
        staff.unit_id: staff
        for staff in StaffMember.objects.filter(organisation=organisation, roles__role=Role.ENHETSCHEF).order_by("pk")
    }
    _review_two_year_hires(organisation, today, managers)
    _review_some_experienced(workers, today, managers, rng)


def _credit_entries(workers: list[StaffMember], today: datetime.date, rng: random.Random) -> list[CreditEntry]:
    entries = []
    now = clock.now()
    for staff in workers:
        wanted = Decimal(0)
        if staff.competence_level in CREDITS_FOR:
            low, high = CREDITS_FOR[staff.competence_level]
            wanted = low + Decimal(rng.randrange(0, int(high - low) + 1))
            if staff.competence_level == CompetenceLevel.AVANCERAD and rng.random() < SHORT_SHARE:
                wanted = Decimal("7.5")
        elif staff.competence_level == CompetenceLevel.KUNNIG and rng.random() < KUNNIG_WITH_COURSE:
            wanted = Decimal("7.5")
        since = staff.profession_start or staff.employment_start or today
        days = max(1, (today - since).days)
        total = Decimal(0)
        for source, credits in rng.sample(SOURCES, len(SOURCES)):
            if total >= wanted:
                break
            total += credits
            entries.append(
                CreditEntry(
                    staff=staff,
                    earned_on=since + datetime.timedelta(days=rng.randint(days // 4, days)),
                    source=source,
                    credits=credits,
                    registered_at=now,
                )
            )
    return entries


def _review_two_year_hires(organisation, today: datetime.date, managers: dict) -> None:
    """Review the hires within a month of two years, as their plan's item asks, with the unit manager."""
    hires = (
        StaffMember.objects.filter(
            organisation=organisation,
            introduction_plan__items__template_item__automatic_source=AutomaticSource.COMPETENCE_REVIEW,
            introduction_plan__items__done=False,
            employment_start__lte=today - datetime.timedelta(days=700),
            employment_end__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    for staff in hires:
        services.competence_review_record(
            staff=staff,
            actor=None,
            reviewer=managers.get(staff.unit_id),
            reviewed_on=today - datetime.timedelta(days=(staff.pk % 7)),
            decided_level=CompetenceLevel.KUNNIG,
            rationale=TWO_YEAR_REVIEW,
        )


def _review_some_experienced(workers: list[StaffMember], today: datetime.date, managers: dict, rng) -> None:
    """Review a few experienced social workers in the last year whose level the rules bear out on that day."""
    reviewed = 0
    for staff in rng.sample(workers, len(workers)):
        if reviewed == 15:
            return
        day = today - datetime.timedelta(days=rng.randint(10, 360))
        proposal = selectors.standing(staff=staff, on=day).proposed_level
        if staff.competence_level == CompetenceLevel.NYBORJARE or proposal != staff.competence_level:
            continue
        services.competence_review_record(
            staff=staff,
            actor=None,
            reviewer=managers.get(staff.unit_id),
            reviewed_on=day,
            decided_level=proposal,
            rationale="",
        )
        reviewed += 1
