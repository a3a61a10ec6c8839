"""Reads of the competence ladder: a person's credit record, what the rules propose, and their reviews.

A completed course (its nomination's outcome is Slutförd, as the enrolment report counts "slutförda")
adds the course's credits on the day it was completed; credits from elsewhere are `CreditEntry` rows.
People are reached through the access module (`districts.selectors.staff_get`), never by id alone.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from competence import rules
from competence.models import CompetenceReview, CreditEntry
from courses.models import Nomination, NominationStatus
from districts import access, clock
from districts.models import CompetenceLevel, StaffMember


@dataclass(frozen=True)
class CreditLine:
    """One line of a person's credit record."""

    earned_on: datetime.date | None
    source: str
    credits: Decimal
    from_course: bool


@dataclass(frozen=True)
class CompetenceStanding:
    """Where a person stands on the ladder on a day: what the level rests on and what the rules propose."""

    since: datetime.date | None
    since_employment: bool  # no date of entering the profession: counted from the employment's start
    years: int
    credits: Decimal
    proposed_level: str | None  # None without any date to count the years from
    current_level: str

    @property
    def differs(self) -> bool:
        return self.proposed_level is not None and self.proposed_level != self.current_level

    @property
    def proposed_label(self) -> str:
        return str(CompetenceLevel(self.proposed_level).label) if self.proposed_level else ""


def _completion_day(nomination: Nomination) -> datetime.date | None:
    if nomination.completed_at is not None:
        return nomination.completed_at.astimezone(clock.STOCKHOLM).date()
    course_round = nomination.course_round
    return course_round.ends_on or course_round.starts_on


def credit_lines(*, staff: StaffMember, on: datetime.date | None = None) -> list[CreditLine]:
    """Return the person's credits earned up to `on` (all when None): completed courses and entries (two queries)."""
    completed = (
        Nomination.objects.filter(staff=staff, status=NominationStatus.COMPLETED, course_round__course__credits__gt=0)
        .select_related("course_round__course")
        .order_by("pk")
    )
    lines = [
        CreditLine(_completion_day(nomination), nomination.course_round.course.name,
                   nomination.course_round.course.credits, True)
        for nomination in completed
    ]  # fmt: skip
    lines += [
        CreditLine(entry.earned_on, entry.source, entry.credits, False)
        for entry in CreditEntry.objects.filter(staff=staff).order_by("earned_on", "pk")
    ]
    if on is not None:
        lines = [line for line in lines if line.earned_on is None or line.earned_on <= on]
    return sorted(lines, key=lambda line: (line.earned_on or datetime.date.min, line.source))


def standing(*, staff: StaffMember, on: datetime.date | None = None) -> CompetenceStanding:
    """Return the person's years, credits and the level the ladder proposes on `on` (today by default)."""
    on = on or clock.today()
    since = staff.profession_start or staff.employment_start
    credits = sum((line.credits for line in credit_lines(staff=staff, on=on)), Decimal(0))
    return CompetenceStanding(
        since=since,
        since_employment=staff.profession_start is None and since is not None,
        years=rules.full_years(since=since, today=on) if since else 0,
        credits=credits,
        proposed_level=rules.proposed_level(since=since, today=on, credits=credits) if since else None,
        current_level=staff.competence_level,
    )


def reviews_of(*, staff: StaffMember) -> QuerySet[CompetenceReview]:
    """Return the person's competence reviews, newest first, with their reviewers."""
    return CompetenceReview.objects.filter(staff=staff).select_related("reviewer").order_by("-reviewed_on", "-pk")


def difference_unexplained(*, standing: CompetenceStanding, latest: CompetenceReview | None) -> bool:
    """Return whether the rules propose another level than the person's and no review decided the level they have.

    A review that decided a level other than the proposal explains the difference (it shows beside it).
    """
    if not standing.differs:
        return False
    return (
        latest is None
        or latest.decided_level != standing.current_level
        or latest.proposed_level != (standing.proposed_level)
    )


def difference_text(*, proposed: str, decided: str) -> str:
    """Say how a decided level differs from the proposal, e.g. "ett steg över förslaget (Kunnig)"."""
    steps = rules.steps_between(proposed, decided)
    label = CompetenceLevel(proposed).label
    if steps == 0:
        return _("Samma som förslaget.")
    if steps > 0:
        return _("%(steps)s steg över förslaget (%(level)s).") % {"steps": steps, "level": label}
    return _("%(steps)s steg under förslaget (%(level)s).") % {"steps": -steps, "level": label}


def reviewable_staff(*, user) -> QuerySet[StaffMember]:
    """Return the people whose competence the user may review and whose credits they may register.

    Those whose record the user may edit (`access.changeable_staff`), when the role reviews competence.
    """
    if not access.has_capability(user, access.Capability.REVIEW_COMPETENCE):
        return StaffMember.objects.none()
    return access.changeable_staff(user)


def can_review(*, user, staff: StaffMember) -> bool:
    """Return whether the user may review this person's competence and register their credits."""
    return reviewable_staff(user=user).filter(pk=staff.pk).exists()


def reviewable_staff_get(*, user, pk: int) -> StaffMember:
    """Return one person the user may review, with unit and district; 404 otherwise."""
    return get_object_or_404(reviewable_staff(user=user).select_related("unit__district"), pk=pk)
