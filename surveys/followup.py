"""The surveys that go out by themselves: the follow-up months after a round, and the introduction's evaluation.

The daily beat task (surveys.tasks.send_due_follow_ups) calls `follow_ups_send_due` and
`introduction_evaluations_send_due`. Each is safe to run twice, also at once: the surveys are claimed by
their unique constraints and the database holds one invitation per person, round and purpose. The mails go
through the same invitation tasks as the evaluations, so each unanswered invitation gets one reminder
(the template's `reminder_after_days`, by the daily reminder task).

Only what fell due in the last WINDOW_DAYS is sent: a round that ended long before this was switched on,
or before the coordinator shortened the delay, is not followed up years late.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from courses.models import CourseRound, Nomination, NominationStatus, RoundStatus
from districts import clock
from districts.models import Organisation, StaffMember
from districts.selectors import employed_on, left_by, new_hire_condition, new_hire_cutoff
from surveys import selectors
from surveys.models import FollowUpSettings, Invitation, Survey, SurveyPurpose
from surveys.services import invitations_create

WINDOW_DAYS = 31
MONTHS_RANGE = (1, 36)


def settings_for(organisation_id: int) -> FollowUpSettings:
    """Return the organisation's follow-up settings, the defaults (unsaved) when never changed."""
    found = FollowUpSettings.objects.filter(organisation_id=organisation_id).first()
    return found or FollowUpSettings(organisation_id=organisation_id)


def follow_up_settings_update(
    *, organisation_id: int, actor, follow_up_after_months: int, ask_non_participating: bool
) -> FollowUpSettings:
    """Change when the organisation's follow-up goes out and whether units that sent nobody are asked why."""
    low, high = MONTHS_RANGE
    if not low <= follow_up_after_months <= high:
        raise ValidationError(
            {"follow_up_after_months": _("Ange mellan %(low)s och %(high)s månader.") % {"low": low, "high": high}}
        )
    with transaction.atomic():
        found = FollowUpSettings.objects.select_for_update().filter(organisation_id=organisation_id).first()
        settings = found or FollowUpSettings(organisation_id=organisation_id)  # one history row per change
        settings.follow_up_after_months = follow_up_after_months
        settings.ask_non_participating = ask_non_participating
        settings._history_user = actor
        settings.full_clean()
        settings.save()
    return settings


# --- the follow-up months after a round ----------------------------------------------------------


def follow_up_day(course_round: CourseRound, months: int) -> datetime.date | None:
    """Return the day the round's follow-up is due: `months` after its last day."""
    last_day = course_round.ends_on or course_round.starts_on
    return last_day + relativedelta(months=months) if last_day else None


def rounds_due_for_follow_up(*, organisation_id: int, today: datetime.date) -> list[CourseRound]:
    """Return the organisation's held rounds whose follow-up fell due in the window and has not gone out."""
    months = settings_for(organisation_id).follow_up_after_months
    latest_end = today - relativedelta(months=months)
    already = Survey.objects.filter(course_round=OuterRef("pk"), template__purpose=SurveyPurpose.FOLLOW_UP)
    return list(
        CourseRound.objects.filter(
            course__organisation_id=organisation_id,
            status=RoundStatus.HELD,
            ends_on__range=(latest_end - datetime.timedelta(days=WINDOW_DAYS - 1), latest_end),
        )
        .exclude(Exists(already))
        .select_related("course")
        .order_by("ends_on", "pk")
    )


def follow_up_open(*, course_round: CourseRound, today: datetime.date | None = None) -> Survey | None:
    """Open the organisation's follow-up for the round and invite those who completed it and still work here.

    Returns None when the organisation has no follow-up template with questions, or nobody to ask.
    """
    today = today or clock.today()
    organisation_id = course_round.course.organisation_id
    template = selectors.active_template_for(organisation_id=organisation_id, purpose=SurveyPurpose.FOLLOW_UP)
    if template is None or not template.questions.exists():
        return None
    staff_ids = list(
        Nomination.objects.filter(course_round=course_round, status=NominationStatus.COMPLETED)
        .filter(employed_on(day=today, prefix="staff__"))
        .values_list("staff_id", flat=True)
        .order_by("staff_id")
        .distinct()
    )
    if not staff_ids:
        return None
    with transaction.atomic():
        survey, _created = Survey.objects.get_or_create(
            template=template,
            course_round=course_round,
            defaults={"opened_on": today, "organisation_id": organisation_id},
        )
        invitations_create(survey=survey, staff_ids=staff_ids)
    return survey


def follow_ups_send_due(*, today: datetime.date | None = None) -> int:
    """Open every follow-up that is due, in every organisation; return how many surveys were opened."""
    today = today or clock.today()
    opened = 0
    for organisation_id in Organisation.objects.order_by("pk").values_list("pk", flat=True):
        for course_round in rounds_due_for_follow_up(organisation_id=organisation_id, today=today):
            if follow_up_open(course_round=course_round, today=today) is not None:
                opened += 1
    return opened


# --- the evaluation of the whole introduction, when the second year ends ---------------------------


def hires_due_for_introduction_evaluation(*, organisation_id: int, today: datetime.date) -> list[int]:
    """Return the hires whose second year ended in the window, who still work here and were not asked yet.

    The second year ends two years after the employment start (districts.selectors.new_hire_cutoff), the
    day they stop counting as new hires.
    """
    second_year_ended = new_hire_cutoff(today=today)
    asked = Invitation.objects.filter(staff=OuterRef("pk"), purpose=SurveyPurpose.INTRODUCTION)
    return list(
        StaffMember.objects.filter(
            new_hire_condition(
                start=second_year_ended - datetime.timedelta(days=WINDOW_DAYS - 1), end=second_year_ended
            )
            & ~left_by(day=today),
            organisation_id=organisation_id,
        )
        .exclude(Exists(asked))
        .values_list("pk", flat=True)
        .order_by("pk")
        .distinct()
    )


def introduction_evaluation_open(*, organisation_id: int, staff_ids: list[int], today: datetime.date) -> Survey | None:
    """Invite the hires to the organisation's introduction evaluation of this year; None without a template."""
    template = selectors.active_template_for(organisation_id=organisation_id, purpose=SurveyPurpose.INTRODUCTION)
    if template is None or not template.questions.exists() or not staff_ids:
        return None
    with transaction.atomic():
        survey, _created = Survey.objects.get_or_create(
            template=template,
            organisation_id=organisation_id,
            course_round=None,
            opened_on=today.replace(month=1, day=1),
        )
        invitations_create(survey=survey, staff_ids=staff_ids)
    return survey


def introduction_evaluations_send_due(*, today: datetime.date | None = None) -> int:
    """Invite every hire whose second year has just ended to evaluate their introduction; return how many."""
    today = today or clock.today()
    invited = 0
    for organisation_id in Organisation.objects.order_by("pk").values_list("pk", flat=True):
        staff_ids = hires_due_for_introduction_evaluation(organisation_id=organisation_id, today=today)
        if introduction_evaluation_open(organisation_id=organisation_id, staff_ids=staff_ids, today=today):
            invited += len(staff_ids)
    return invited
