"""Writes of the competence ladder: credits from elsewhere and competence reviews; keyword-only, atomic, audited.

A review records what the level rests on (years, credits, the proposal, a free text), sets the
person's level through `districts.services.staff_competence_level_set` when it is their latest
review, and ticks the plan's "Kompetensnivån omprövad" item through the checklists ticking service.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from checklists.bilaga3 import COMPETENCE_REVIEW_ITEM
from checklists.models import AutomaticSource
from checklists.services.ticking import plan_items_tick_automatic
from competence import selectors
from competence.models import CompetenceReview, CreditEntry
from districts import audit, clock
from districts.models import CompetenceLevel, StaffMember
from districts.services import staff_competence_level_set

# The start of the default title of the Bilaga 3 item a review ticks ("Kompetensnivån omprövad (Nybörjare till
# Kunnig)"). The tick finds the item by its automatic source, not by this title, so a coordinator may rename it.
REVIEW_ITEM_TITLE = COMPETENCE_REVIEW_ITEM


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def credit_entry_register(
    *, staff: StaffMember, actor, earned_on: datetime.date, source: str, credits: Decimal
) -> CreditEntry:
    """Add högskolepoäng from elsewhere to a person's record; refuse a future date, no source or 0-300 exceeded."""
    source = source.strip()
    errors: dict[str, list[str]] = {}
    if earned_on > clock.today():
        errors["earned_on"] = [_("Datumet ligger i framtiden.")]
    if not source:
        errors["source"] = [_("Skriv var poängen kommer ifrån.")]
    if not Decimal(0) < credits <= Decimal(300):
        errors["credits"] = [_("Högskolepoängen ska vara mer än 0 och högst 300.")]
    if errors:
        raise ValidationError(errors)
    with audit.acting(actor):
        return CreditEntry.objects.create(
            staff=staff,
            earned_on=earned_on,
            source=source[:200],
            credits=credits,
            registered_by=_user(actor),
            registered_at=clock.now(),
        )


@transaction.atomic
def competence_review_record(
    *,
    staff: StaffMember,
    actor,
    reviewed_on: datetime.date,
    decided_level: str,
    rationale: str,
    reviewer: StaffMember | None = None,
) -> CompetenceReview:
    """Record a competence review with what it rests on; set the level and tick the plan item.

    The reviewer is the acting user's staff member unless named (the demo names managers without a login).

    Refuses a future day, an unknown level, and a level other than the proposal without a reason.
    A review dated before the person's latest one is kept as a record but leaves the level alone.
    """
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    rationale = rationale.strip()
    errors: dict[str, list[str]] = {}
    if reviewed_on > clock.today():
        errors["reviewed_on"] = [_("Prövningen kan inte dateras i framtiden.")]
    if decided_level not in CompetenceLevel.values:
        errors["decided_level"] = [_("Okänd kompetensnivå.")]
    if errors:
        raise ValidationError(errors)
    found = selectors.standing(staff=staff, on=reviewed_on)
    if found.proposed_level is None:
        raise ValidationError(
            {"reviewed_on": [_("Ange när personen började i yrket (eller anställningens början) först.")]}
        )
    if decided_level != found.proposed_level and not rationale:
        raise ValidationError(
            {
                "rationale": [
                    _("Nivån skiljer sig från förslaget (%(level)s): skriv vad beslutet vilar på.")
                    % {"level": CompetenceLevel(found.proposed_level).label}
                ]
            }
        )
    if reviewer is None and _user(actor):
        reviewer = StaffMember.objects.filter(user_id=_user(actor).pk).first()
    later = CompetenceReview.objects.filter(staff=staff, reviewed_on__gt=reviewed_on).exists()
    with audit.acting(actor):
        review = CompetenceReview.objects.create(
            staff=staff,
            reviewed_on=reviewed_on,
            reviewer=reviewer,
            reviewed_by=_user(actor),
            years_in_profession=found.years,
            credits=found.credits,
            proposed_level=found.proposed_level,
            decided_level=decided_level,
            rationale=rationale,
        )
    if not later:
        staff_competence_level_set(
            staff=staff,
            level=decided_level,
            actor=actor,
            reason=_("Kompetensprövning %(day)s") % {"day": reviewed_on.isoformat()},
        )
    plan_items_tick_automatic(
        staff_id=staff.pk,
        template_item_filter={"automatic_source": AutomaticSource.COMPETENCE_REVIEW},
        reference=f"competence_review:{review.pk}",
        description=_("Kompetensprövning %(day)s: %(level)s")
        % {"day": reviewed_on.isoformat(), "level": CompetenceLevel(decided_level).label},
    )
    return review
