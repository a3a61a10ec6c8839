"""The mixed dialogue groups of a round."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .nominations import Nomination
from .rounds import CourseRound


class DialogueGroup(models.Model):
    """A mixed dialogue group (blandad dialoggrupp) of a round."""

    course_round = models.ForeignKey(
        CourseRound, on_delete=models.CASCADE, related_name="dialogue_groups", verbose_name=_("kursomgång")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))

    class Meta:
        ordering = ["course_round", "number"]
        verbose_name = _("dialoggrupp")
        verbose_name_plural = _("dialoggrupper")
        constraints = [
            models.UniqueConstraint(fields=["course_round", "number"], name="dialogue_group_unique_number"),
        ]

    def __str__(self):
        return _("Grupp %(number)s") % {"number": self.number}


class DialogueGroupMember(models.Model):
    """A participant's place in one dialogue group; a nomination sits in at most one group."""

    group = models.ForeignKey(DialogueGroup, on_delete=models.CASCADE, related_name="members")
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="dialogue_membership")

    class Meta:
        verbose_name = _("gruppmedlem")
        verbose_name_plural = _("gruppmedlemmar")

    def __str__(self):
        return f"{self.nomination_id} in {self.group_id}"
