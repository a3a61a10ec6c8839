import datetime

import pytest

from surveys import demo
from surveys.models import Invitation, Response
from surveys.tests.records import build_records

pytestmark = pytest.mark.django_db


def test_demo_answers_about_two_thirds_and_runs_twice_without_change():
    records = build_records()
    today = datetime.date(2025, 12, 1)
    demo.seed(organisation=records.organisation, today=today)
    responses = Response.objects.count()
    invitations = Invitation.objects.count()
    assert (
        Invitation.objects.filter(purpose="evaluation").count() == 8 + 3 + 4 + 1
    )  # every held past round with participants (R1, R2, R3, the 2024 one)
    assert 0 < responses < invitations
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 0
    demo.seed(organisation=records.organisation, today=today)
    assert Response.objects.count() == responses
    assert Invitation.objects.filter(answered_at__isnull=False).count() == responses


def test_demo_sends_follow_ups_with_some_answers_and_runs_twice_without_change():
    from surveys.models import NonParticipationInquiry, SurveyPurpose

    records = build_records()
    today = datetime.date(2025, 12, 1)
    demo.seed(organisation=records.organisation, today=today)
    follow_ups = Invitation.objects.filter(purpose=SurveyPurpose.FOLLOW_UP)
    assert follow_ups.exists() and not follow_ups.filter(sent_at__isnull=True).exists()
    assert 0 < follow_ups.filter(answered_at__isnull=False).count() < follow_ups.count()
    counts = (Invitation.objects.count(), Response.objects.count(), NonParticipationInquiry.objects.count())
    demo.seed(organisation=records.organisation, today=today)
    assert (Invitation.objects.count(), Response.objects.count(), NonParticipationInquiry.objects.count()) == counts
