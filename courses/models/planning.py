"""How the planner lays out an organisation's year, and the days it holds no sessions."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import Organisation


def _default_excluded_months():
    return [6, 7, 8]


class PlanningSettings(models.Model):
    """How the planner lays out an organisation's year; edited by the coordinators."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="course_planning", verbose_name=_("organisation")
    )
    excluded_months = models.JSONField(_("månader utan Del 1"), default=_default_excluded_months, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("veckodag"), default=1, help_text=_("Första kursdagens veckodag (0 = måndag).")
    )
    week_of_month = models.PositiveSmallIntegerField(
        _("vecka i månaden"), default=2, help_text=_("1 = första, 2 = andra ... 4 = fjärde sådan veckodag i månaden.")
    )
    default_place = models.CharField(_("plats"), max_length=200, default="Kompetenscentrum, Göteborg")
    capacity = models.PositiveSmallIntegerField(_("platser per Del 1-omgång"), default=32)
    del2_month = models.PositiveSmallIntegerField(_("startmånad för Del 2"), default=9)
    del2_capacity = models.PositiveSmallIntegerField(_("platser per Del 2-omgång"), default=40)
    del2_interval_weeks = models.PositiveSmallIntegerField(_("veckor mellan Del 2-dagar"), default=2)
    reminder_days_before = models.PositiveSmallIntegerField(_("påminnelse dagar före kurstillfälle"), default=7)
    lead_days = models.PositiveSmallIntegerField(
        _("framförhållning i dagar"),
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Månadens omgång planeras bara om den börjar minst så många dagar fram; annars börjar året nästa månad."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planeringsinställningar")
        verbose_name_plural = _("planeringsinställningar")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=4), name="planning_weekday_is_workday"),
            models.CheckConstraint(
                condition=Q(week_of_month__gte=1, week_of_month__lte=4), name="planning_week_of_month_1_4"
            ),
            models.CheckConstraint(condition=Q(del2_month__gte=1, del2_month__lte=12), name="planning_del2_month"),
            models.CheckConstraint(condition=Q(capacity__gte=1, del2_capacity__gte=1), name="planning_capacity"),
            models.CheckConstraint(condition=Q(lead_days__lte=60), name="planning_lead_days_at_most_60"),
        ]

    def __str__(self):
        return str(self.organisation)


class ClosureDay(models.Model):
    """A day the organisation holds no sessions (a klämdag, a planning day), beside the public holidays."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="closure_days", verbose_name=_("organisation")
    )
    date = models.DateField(_("datum"))
    reason = models.CharField(_("anledning"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = AuditedHistory()

    class Meta:
        verbose_name = _("stängd dag")
        verbose_name_plural = _("stängda dagar")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["organisation", "date"], name="closure_day_once_per_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()
