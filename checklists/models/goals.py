"""A plan's learning goals, one per knowledge area."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import KnowledgeArea
from districts.audit import AuditedHistory

from .plans import IntroductionPlan


class LearningGoal(models.Model):
    """What the hire is to learn in one knowledge area, and how."""

    plan = models.ForeignKey(IntroductionPlan, on_delete=models.PROTECT, related_name="goals")
    knowledge_area = models.CharField(_("kunskapsområde"), max_length=32, choices=KnowledgeArea.choices)
    goal = models.TextField(_("mål"), blank=True)
    method = models.TextField(_("hur"), blank=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["plan", "knowledge_area"]
        verbose_name = _("lärandemål")
        verbose_name_plural = _("lärandemål")
        constraints = [
            models.UniqueConstraint(fields=["plan", "knowledge_area"], name="learning_goal_one_per_area"),
        ]

    def __str__(self):
        return self.get_knowledge_area_display()
