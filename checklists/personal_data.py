"""What checklists holds about one person: their plan, its items, ticks, goals and meetings; and their anonymisation.

The tick history (PlanItemEvent) is append-only; on PostgreSQL a trigger refuses every update except
the one anonymisation makes, which replaces only the note and declares itself for the transaction
(`districts.audit.scrubbing()`, migration 0007).
"""

from django.utils.translation import gettext as _

from checklists.models import IntroductionPlan, LearningGoal, PlanItem, PlanItemEvent, PlanMeeting
from districts import audit
from districts.models import StaffMember
from districts.personal_data import ANONYMISED, Section, history_section, section

PLAN_FIELDS = ["template_version", "profile", "start_date", "manager", "supervisor", "mentor", "notes", "created_at"]


def extract(*, staff: StaffMember) -> list[Section]:
    """Return the plan with its items, ticks, goals and meetings, the plans they answer for, and the history."""
    plan = (
        IntroductionPlan.objects.filter(staff=staff)
        .select_related("template_version__template", "manager", "supervisor", "mentor")
        .first()
    )
    plans = [plan] if plan else []
    plan_ids = [plan.pk] if plan else []
    responsible_for = IntroductionPlan.objects.filter(manager=staff).union(
        IntroductionPlan.objects.filter(supervisor=staff), IntroductionPlan.objects.filter(mentor=staff)
    )
    return [
        section("plan", _("Introduktionsplan"), plans, PLAN_FIELDS),
        section(
            "plan_items",
            _("Punkter i planen"),
            PlanItem.objects.filter(plan_id__in=plan_ids).select_related("done_by__staff_member"),
            ["phase", "title", "responsible_role", "due_date", "done", "done_by", "done_at", "in_profile"],
        ),
        section(
            "ticks",
            _("Avbockningar (historik för punkterna)"),
            PlanItemEvent.objects.filter(item__plan_id__in=plan_ids)
            .select_related("item", "actor__staff_member")
            .order_by("at", "pk"),
            ["item", "at", "actor", "old_done", "new_done", "note", "source", "description"],
        ),
        section(
            "goals",
            _("Lärandemål"),
            LearningGoal.objects.filter(plan_id__in=plan_ids),
            ["knowledge_area", "goal", "method"],
        ),
        section(
            "meetings",
            _("Bokade möten"),
            PlanMeeting.objects.filter(plan_id__in=plan_ids).select_related("with_whom", "held_recorded_by"),
            ["kind", "starts_at", "with_whom", "note", "held", "held_note", "held_recorded_by", "held_recorded_at"],
        ),
        section(
            "responsible_for",
            _("Ansvarig i andras planer"),
            IntroductionPlan.objects.filter(pk__in=responsible_for.values("pk")).select_related("staff"),
            ["staff", "start_date"],
        ),
        history_section(
            "plan_history",
            _("Historik: introduktionsplan"),
            IntroductionPlan,
            {"staff_id": staff.pk},
            ["profile", "start_date", "manager", "supervisor", "mentor", "notes"],
        ),
        history_section(
            "goal_history",
            _("Historik: lärandemål"),
            LearningGoal,
            {"plan_id__in": plan_ids},
            ["knowledge_area", "goal", "method"],
        ),
        history_section(
            "meeting_history",
            _("Historik: möten"),
            PlanMeeting,
            {"plan_id__in": plan_ids},
            ["kind", "starts_at", "with_whom", "note", "held", "held_note"],
        ),
        history_section(
            "item_history",
            _("Historik: punkter"),
            PlanItem,
            {"plan_id__in": plan_ids},
            ["title", "due_date", "done", "done_by", "done_at", "in_profile"],
        ),
    ]


def anonymise(*, staff: StaffMember) -> None:
    """Replace the free text about the person in their plan (notes, goals, meetings, tick notes) and its history."""
    plan_ids = list(IntroductionPlan.objects.filter(staff=staff).values_list("pk", flat=True))
    if not plan_ids:
        return
    IntroductionPlan.objects.filter(pk__in=plan_ids, notes__gt="").update(notes=ANONYMISED)
    audit.scrub_history(IntroductionPlan, {"id__in": plan_ids, "notes__gt": ""}, {"notes": ANONYMISED})
    for name in ("goal", "method"):
        LearningGoal.objects.filter(plan_id__in=plan_ids, **{f"{name}__gt": ""}).update(**{name: ANONYMISED})
        audit.scrub_history(LearningGoal, {"plan_id__in": plan_ids, f"{name}__gt": ""}, {name: ANONYMISED})
    for name in ("note", "held_note"):  # the booking's note, and the note on whether the meeting was held
        PlanMeeting.objects.filter(plan_id__in=plan_ids, **{f"{name}__gt": ""}).update(**{name: ANONYMISED})
        audit.scrub_history(PlanMeeting, {"plan_id__in": plan_ids, f"{name}__gt": ""}, {name: ANONYMISED})
    with audit.scrubbing():
        PlanItemEvent.objects.filter(item__plan_id__in=plan_ids, note__gt="").update(note=ANONYMISED)
