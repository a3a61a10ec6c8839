"""Plans and blank checklists as A4 PDFs, from the same templates as the pages (through `districts.pdf`)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from checklists import selectors
from checklists.models import IntroductionPlan, MeetingKind, TemplateVersion
from districts import clock
from districts.pdf import measure, render_pdf, write_pdf


def plan_context(plan: IntroductionPlan) -> dict:
    """Return what the plan's page and PDF both show."""
    items = list(plan.items.all())
    return {
        "plan": plan,
        "phases": selectors.items_by_phase(items=items),
        "progress": selectors.plan_progress(plan=plan, items=items),
        "goals": sorted(plan.goals.all(), key=lambda goal: goal.get_knowledge_area_display()),
        "meetings": list(plan.meetings.all()),
        "printed_at": timezone.localtime(),
        "today": clock.today(),
    }


def render_plan_pdf(plan: IntroductionPlan) -> bytes:
    """Render a plan loaded with `selectors.plans_with_everything` as a PDF."""
    return write_pdf(_plan_html(plan))


def _plan_html(plan: IntroductionPlan) -> str:
    context = plan_context(plan)
    context["supervision"], context["other_meetings"] = _split_weekly_series(context["meetings"])
    return render_to_string("checklists/pdf/plan.html", context)


def measure_ratio(plan: IntroductionPlan, *, repeats: int = 5) -> dict:
    """Time the plan's PDF against a trivial WeasyPrint document and against its own HTML unstyled (the floor)."""
    return measure(_plan_html(plan), repeats=repeats)


def _split_weekly_series(meetings):
    """Summarise the weekly supervision series in one line on paper; list the other meetings."""
    series = [meeting for meeting in meetings if meeting.kind == MeetingKind.SUPERVISION]
    others = [meeting for meeting in meetings if meeting.kind != MeetingKind.SUPERVISION]
    if not series:
        return None, others
    first, last = series[0], series[-1]
    return {
        "count": len(series),
        "first": first.starts_at,
        "last": last.starts_at,
        "with_whom": first.with_whom,
    }, others


def render_blank_checklist_pdf(version: TemplateVersion) -> bytes:
    """Render a template version as an empty checklist to print and fill in by hand."""
    phases = list(version.phases.all())
    context = {"version": version, "phases": phases, "printed_at": timezone.localtime()}
    return render_pdf("checklists/pdf/blank.html", context)


def plan_filename(plan: IntroductionPlan) -> str:
    return f"introduktionsplan-{slugify(plan.staff.full_name) or plan.staff_id}-{plan.pk}.pdf"
