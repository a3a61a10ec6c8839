"""The programme's courses and their modules (Del 1 modules, Del 2 themes), with the areas they cover."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import Organisation


class KnowledgeArea(models.TextChoices):
    """The six knowledge areas of the city report (after SOSFS 2006:14); used for learning goals and needs."""

    UTREDNING = "utredning", _("Utredning")
    SAMTAL_OCH_RELATIONER = "samtal_och_relationer", _("Samtal och relationer")
    SAMVERKAN = "samverkan", _("Samverkan")
    REGELVERK = "regelverk", _("Regelverk och rättsutveckling")
    INSATSER = "insatser", _("Insatser")
    UPPFOLJNING = "uppfoljning", _("Uppföljning och utvärdering")


class CourseKind(models.TextChoices):
    DEL1 = "del1", _("Del 1")
    DEL2 = "del2", _("Del 2")
    FORSTE_TRAINING = "forste_training", _("Utbildning för 1:e socialsekreterare")
    DEEPENING = "deepening", _("Fördjupning")


class ProgrammeArea(models.TextChoices):
    """The five areas of the programme's content (the report's table), which Del 2 themes belong to."""

    REGELVERK = "regelverk", _("Regelverk och riktlinjer")
    HANDLAGGNING = "handlaggningsprocessen", _("Handläggningsprocessen")
    DOKUMENTATION = "dokumentation", _("Dokumentation och kommunikation")
    BEMOTANDE = "bemotande", _("Bemötande, samtal och relationer")
    SAMVERKAN = "samverkan", _("Samverkan")


class Course(models.Model):
    """A course of the programme (Del 1, Del 2, training for 1:e socialsekreterare, a deepening course)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="courses", verbose_name=_("organisation")
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=CourseKind.choices)
    description = models.TextField(_("beskrivning"), blank=True)
    credits = models.DecimalField(
        _("högskolepoäng"),
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text=_("Högskolepoäng som en genomförd kurs ger (0 om kursen inte ger poäng)."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["organisation", "kind", "name"]
        verbose_name = _("kurs")
        verbose_name_plural = _("kurser")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=Q(kind__in=["del1", "del2"]),
                name="course_one_del1_del2_per_organisation",
            ),
            models.UniqueConstraint(fields=["organisation", "name"], name="course_unique_name_per_organisation"),
            models.CheckConstraint(
                condition=Q(credits__gte=0) & Q(credits__lte=300), name="course_credits_between_0_and_300"
            ),
        ]

    def __str__(self):
        return self.name


class CourseModule(models.Model):
    """A module (Del 1) or knowledge theme (Del 2) of a course, with its length in days."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("kurs"))
    title = models.CharField(_("titel"), max_length=200)
    area = models.CharField(_("område"), max_length=32, choices=ProgrammeArea.choices, blank=True)
    days = models.DecimalField(_("dagar"), max_digits=4, decimal_places=2, default=0)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = AuditedHistory()

    class Meta:
        ordering = ["course", "order", "id"]
        verbose_name = _("modul/tema")
        verbose_name_plural = _("moduler/teman")
        constraints = [
            models.UniqueConstraint(fields=["course", "title"], name="course_module_unique_title"),
            models.CheckConstraint(condition=Q(days__gte=0), name="course_module_days_not_negative"),
        ]

    def __str__(self):
        return self.title
