"""Listen to the courses app: when a round is held, its participants are invited to evaluate it."""

from django.dispatch import receiver

from courses.signals import round_held
from surveys import selectors, services


@receiver(round_held, dispatch_uid="surveys.invite_participants_when_round_held")
def invite_participants_when_round_held(sender, course_round, **kwargs):
    template = selectors.active_template_for(organisation_id=course_round.course.organisation_id)
    if template is not None:
        services.survey_open(course_round=course_round, template=template)
