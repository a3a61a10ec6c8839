"""Writes to a round's mixed dialogue groups: split the participants, move one to another group."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses import dialogue_groups
from courses.models import (
    CourseRound,
    DialogueGroup,
    DialogueGroupMember,
    Nomination,
    NominationStatus,
)
from courses.services.seats import _lock_round


@transaction.atomic
def dialogue_groups_split(*, course_round: CourseRound, group_size: int) -> list[DialogueGroup]:
    """Split the booked participants into mixed dialogue groups of about `group_size`, replacing earlier groups."""
    course_round = _lock_round(course_round)
    if group_size is None or group_size < 2:
        raise ValidationError({"group_size": [_("En grupp behöver minst två deltagare.")]})
    nominations = list(
        course_round.nominations.filter(status__in=[NominationStatus.BOOKED, NominationStatus.COMPLETED])
        .select_related("staff__unit__district")
        .order_by("staff__last_name", "staff__first_name", "pk")
    )
    if not nominations:
        raise ValidationError(_("Omgången har inga bokade deltagare att dela in."))
    people = [
        dialogue_groups.Person(
            key=nomination.pk,
            district=nomination.staff.unit.district_id if nomination.staff.unit else None,
            area=nomination.staff.unit.area if nomination.staff.unit else None,
            unit=nomination.staff.unit_id,
        )
        for nomination in nominations
    ]
    split = dialogue_groups.split_into_groups(people, group_size)
    course_round.dialogue_groups.all().delete()
    groups = DialogueGroup.objects.bulk_create(
        [DialogueGroup(course_round=course_round, number=number) for number in range(1, len(split) + 1)]
    )
    DialogueGroupMember.objects.bulk_create(
        [
            DialogueGroupMember(group=group, nomination_id=person.key)
            for group, members in zip(groups, split, strict=True)
            for person in members
        ]
    )
    return groups


@transaction.atomic
def dialogue_group_member_move(*, nomination: Nomination, group: DialogueGroup) -> DialogueGroupMember:
    """Move a participant to another dialogue group of the same round."""
    if group.course_round_id != nomination.course_round_id:
        raise ValidationError(_("Gruppen hör till en annan omgång."))
    member, _created = DialogueGroupMember.objects.update_or_create(nomination=nomination, defaults={"group": group})
    return member
