"""Plans and blank checklists as A4 PDFs, from the same templates as the pages (through `districts.pdf`)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from checklists import selectors
from checklists.models import IntroductionPlan, MeetingKind, TemplateVersion
from checklists.rows import minute, person
from districts import clock
from districts.markup import escape
from districts.pdf import measure, render_pdf, write_pdf


def plan_context(plan: IntroductionPlan, *, items: list | None = None, meetings: list | None = None) -> dict:
    """Return what the plan's page and PDF both show; `items` and `meetings` as the page reads them
    (`selectors.item_rows`, `selectors.meeting_rows`), else the plan's prefetched ones (`selectors.plans_for_pdf`)."""
    items = list(plan.items.all()) if items is None else items
    return {
        "plan": plan,
        "phases": selectors.items_by_phase(items=items),
        "progress": selectors.plan_progress(plan=plan, items=items),
        "goals": sorted(plan.goals.all(), key=lambda goal: goal.get_knowledge_area_display()),
        "meetings": list(plan.meetings.all()) if meetings is None else meetings,
        "printed_at": timezone.localtime(),
        "today": clock.today(),
    }


def render_plan_pdf(plan: IntroductionPlan) -> bytes:
    """Render a plan loaded with `selectors.plans_for_pdf` as a PDF."""
    return write_pdf(_plan_html(plan))


def _plan_html(plan: IntroductionPlan) -> str:
    context = plan_context(plan)
    context["supervision"], other_meetings = _split_weekly_series(context["meetings"])
    # The entries are written here rather than by a loop in the template (as checklists.rows does for the page):
    # the loop's tags, filters and lookups were most of the template's render.
    printed_on = context["printed_at"].date()
    context["phase_entries"] = [
        (group.label, _item_entries_html(items=group.items, printed_on=printed_on)) for group in context["phases"]
    ]
    context["meeting_entries"] = _meeting_entries_html(meetings=other_meetings)
    return render_to_string("checklists/pdf/plan.html", context)


def _item_entries_html(*, items, printed_on: datetime.date) -> SafeString:
    """Return one entry per checklist item: its state and title, who answers for it and when, who ticked it, the
    latest note. The texts are the template's own (its `{% translate %}` of a literal was not escaped either)."""
    done_text, overdue_text, open_text = _("Klar"), _("Försenad"), _("Ej klar")
    outside = f' <span class="muted">({_("utanför profilen")})</span>'
    responsible, due, ticked_by, automatic = _("Ansvarig"), _("Senast"), _("Klarmarkerad av"), _("Automatiskt")
    entries = []
    for item in items:
        if item.done:
            head = f'<div class="entry">✓ {done_text}'
        elif item.in_profile and item.due_date < printed_on:
            head = f'<div class="entry">{overdue_text}'
        else:
            head = f'<div class="entry">{open_text}'
        detail = f"{responsible}: {escape(item.responsible_role_label)} · {due}: {item.due_date.strftime('%Y-%m-%d')}"
        if item.done:
            if item.done_by:
                by = escape(person(item.done_by))
            else:
                done_event = item.done_event
                by = escape(done_event.description) if done_event and done_event.description else automatic
            detail += f" · {ticked_by}: {by} {minute(item.done_at)}"
        events = item.history_events
        note = f'<div class="note">{escape(events[0].note)}</div>' if events and events[0].note else ""
        entries.append(
            f"{head} – {escape(item.title)}{'' if item.in_profile else outside}\n"
            f'<div class="entry-detail">{detail}</div>{note}</div>\n'
        )
    return mark_safe("".join(entries))


def _meeting_entries_html(*, meetings) -> SafeString:
    """Return one entry per booked meeting (but the weekly supervision): when, what and with whom."""
    with_text = _("Med")
    return mark_safe(
        "".join(
            f'<div class="entry">{minute(meeting.starts_at)}: {escape(meeting.kind_label)} · {with_text}: '
            f"{escape(meeting.with_whom) if meeting.with_whom else '–'}</div>\n"
            for meeting in meetings
        )
    )


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
