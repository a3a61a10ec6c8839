"""Anonymising leavers changes no number in any report: the demo organisation's reports, before and after."""

import datetime
import io

import pytest
from django.core.management import call_command

from checklists.models import IntroductionPlan
from courses.models import Nomination
from districts import clock, services
from districts.models import Organisation, StaffMember
from reports import enrolment, equality, needs, participation, survey_results
from reports.filters import ReportFilters
from reports.models import NeedsPeriod

pytestmark = pytest.mark.django_db

EVERY_DAY = ReportFilters(start=datetime.date(2000, 1, 1), end=datetime.date(2099, 12, 31))


def _numbers(report) -> list:
    return [(table.title, table.display_rows(), table.display_total()) for table in report.tables]


def _every_report(user) -> dict:
    """Compute every report the programme has for the whole organisation and all time, as shown."""
    overview, surveys = survey_results.survey_overview_report(user=user, filters=EVERY_DAY)
    reports = {
        "enrolment": _numbers(enrolment.enrolment_report(user=user, filters=EVERY_DAY)),
        "drop_out_reasons": enrolment.drop_out_reasons(user=user, filters=EVERY_DAY),
        "surveys": _numbers(overview),
        "equality": _numbers(equality.equality_report(user=user, filters=EVERY_DAY)),
        "participation": _numbers(participation.participation_report(user=user, filters=EVERY_DAY)),
    }
    for period in NeedsPeriod.objects.order_by("pk"):
        reports[f"needs {period.pk}"] = _numbers(needs.needs_summary_report(user=user, period=period))
    return reports


def test_every_report_gives_the_same_numbers_before_and_after_anonymising(settings):
    call_command("seed_demo", "--staff", "300", stdout=io.StringIO())
    organisation = Organisation.objects.get(slug="goteborg")
    coordinator = StaffMember.objects.get(user__username="samordnare@demo.se").user
    today = clock.today()
    # Leavers with a record to lose: hires who have a plan and were nominated, who left 40 days ago.
    leavers = list(
        StaffMember.objects.filter(
            organisation=organisation,
            introduction_plan__isnull=False,
            nominations__isnull=False,
            employment_start__lt=today - datetime.timedelta(days=60),
            user__isnull=True,
        )
        .distinct()
        .order_by("pk")[:25]
    )
    assert len(leavers) == 25
    StaffMember.objects.filter(pk__in=[person.pk for person in leavers]).update(
        employment_end=today - datetime.timedelta(days=40)
    )
    organisation.anonymise_after_months = 1
    organisation.save()
    before = _every_report(coordinator)
    assert before["enrolment"] and before["participation"] and before["equality"]

    anonymised = services.staff_anonymise_expired(today=today)

    assert anonymised >= 25
    assert (
        StaffMember.objects.filter(pk__in=[person.pk for person in leavers], anonymised_at__isnull=False).count() == 25
    )
    assert IntroductionPlan.objects.filter(staff__in=leavers).count() == 25
    assert Nomination.objects.filter(staff__in=leavers).count() >= 25
    assert _every_report(coordinator) == before
