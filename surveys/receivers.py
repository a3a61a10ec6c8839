"""Listen to the courses app: when a round is held, its participants are invited to evaluate it; and to districts:
when people or units move between districts, the invitations' tally of those districts is recounted."""

import logging

from django.core.exceptions import ValidationError
from django.dispatch import receiver

from courses.signals import round_held
from districts.signals import staff_districts_changed
from surveys import selectors, services

logger = logging.getLogger(__name__)


@receiver(round_held, dispatch_uid="surveys.invite_participants_when_round_held")
def invite_participants_when_round_held(sender, course_round, **kwargs):
    template = selectors.active_template_for(organisation_id=course_round.course.organisation_id)
    if template is None:
        return
    try:
        services.survey_open(course_round=course_round, template=template)
    except ValidationError as error:
        # Marking the round held must not fail because the evaluation is not ready; the coordinator
        # can send it later from the survey page.
        logger.warning("no survey opened for round %s: %s", course_round.pk, "; ".join(error.messages))


@receiver(staff_districts_changed, dispatch_uid="surveys.invitation_tally_on_district_moves")
def recount_invitation_tally_of_moved_districts(sender, organisation_id, district_ids, **kwargs):
    """Recount the invitations' tally of the districts people left and joined (sent inside the move's transaction)."""
    services.invitation_tally_recount(organisation_id=organisation_id, district_ids=district_ids)
