"""Factories for the competence tests: a completed course with credits, and a hire whose plan has the review item."""

import datetime
from decimal import Decimal

from checklists.tests.factories import plan_for
from courses.models import Nomination, NominationStatus, RoundStatus
from courses.tests.factories import CourseFactory, CourseRoundFactory
from districts import clock


def completed_course(staff, *, credits: Decimal, name: str = "Barnavårdsutredning", days_ago: int = 100):
    """Give `staff` a completed nomination on a held round of a course worth `credits`."""
    day = clock.today() - datetime.timedelta(days=days_ago)
    course = CourseFactory(organisation=staff.organisation, name=name, credits=credits)
    course_round = CourseRoundFactory(course=course, status=RoundStatus.HELD, session_dates=[day])
    return Nomination.objects.create(course_round=course_round, staff=staff, status=NominationStatus.COMPLETED)


def hire_with_plan(staff, *, years_ago: float = 1.9):
    """Start `staff` in the profession `years_ago` and lay out their plan (newly graduated: it has the review item)."""
    start = clock.today() - datetime.timedelta(days=round(years_ago * 365.25))
    staff.employment_start = start
    staff.introduction_profile = "nyexaminerad"
    staff.save()
    return plan_for(staff, start=start, profile="nyexaminerad")
