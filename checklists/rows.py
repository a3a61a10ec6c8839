"""The plan page's checklist rows and meeting rows, built in Python rather than by a template per row.

A plan's page has ~30 items (each with its history) and ~60 booked meetings; rendering them through
`{% include %}` per row took two thirds of the page's render (~40 of 60 ms measured on the national seed) in
template variable lookups. These give the same markup, the same escaping (`html.escape`, as Django's `escape`)
and the same texts in each language (the msgids are the templates' own, unescaped as there). The tick answer
(htmx) uses the same row.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from checklists.models import PlanItem, PlanMeeting
from checklists.selectors import EventRow, ItemRow
from districts.markup import escape


def item_texts() -> dict:
    """Return the item rows' fixed texts in the active language and their tick form's path, to look up once for all
    rows of a page.

    Not escaped, as the templates' `{% translate "…" %}` of a literal was not: the translations are the project's."""
    texts = {
        "untick": _("Markera som ej klar"),
        "tick": _("Markera som klar"),
        "done": _("Klar"),
        "not_done": _("Ej klar"),
        "outside_title": _(
            "Punkten hör inte till planens nuvarande profil. Den finns kvar med det som registrerats men"
            " räknas inte i framstegen."
        ),
        "outside": _("Utanför profilen"),
        "note": _("Anteckning"),
        "note_placeholder": _("Skrivs i historiken när du bockar"),
        "automatic": _("Automatiskt"),
        "ticked": _("klarmarkerad"),
        "unticked": _("markerad som ej klar"),
        "overdue": _("Försenad"),
    }
    texts["tick_path"] = _path_of("checklists:item_tick")
    return texts


def _path_of(name: str):
    """Return a function giving `reverse(name, args=[pk])` for any pk, reversing once: a page's ~90 reverses of the
    same pattern were a tenth of its rows' time. (Per call, not kept: the script prefix is the request's.)"""
    marker = 987654321987654321
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def minute(value: datetime.datetime | None) -> str:
    """As the template filter iso_minute: local time, YYYY-MM-DD HH:MM, "" for none."""
    if not isinstance(value, datetime.datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


def person(user) -> str:
    """A user as the rows name them: their staff record, or their username (`staff_member|default:get_username`)."""
    staff = getattr(user, "staff_member", None)  # a missing staff record raises a subclass of AttributeError
    return str(staff) if staff else user.get_username()


def item_rows_html(
    *,
    items: list[ItemRow],
    tickable_ids,
    today: datetime.date,
    plan_closed: bool,
    csrf_token: str,
    texts: dict | None = None,
) -> SafeString:
    """Return the checklist rows of these items (`selectors.item_rows`; see `item_row_html`), the texts looked up
    once (or given, from `item_texts()` once for all of a page's phases)."""
    texts = texts or item_texts()
    return mark_safe(
        "".join(
            _item_row(
                item=item,
                tickable=item.pk in tickable_ids,
                today=today,
                plan_closed=plan_closed,
                csrf_token=csrf_token,
                row_error=None,
                texts=texts,
            )
            for item in items
        )
    )


def item_row_html(
    *,
    item: PlanItem,
    tickable: bool,
    today: datetime.date,
    plan_closed: bool,
    csrf_token: str,
    row_error: str | None = None,
) -> SafeString:
    """Return one checklist row (`<tr id="punkt-…">`), with its tick form when the user may tick it; `item` with
    its events prefetched (`selectors.item_for_row`).

    `csrf_token` is the request's (`django.middleware.csrf.get_token`)."""
    return mark_safe(
        _item_row(
            item=_row_of(item),
            tickable=tickable,
            today=today,
            plan_closed=plan_closed,
            csrf_token=csrf_token,
            row_error=row_error,
            texts=item_texts(),
        )
    )


def _row_of(item: PlanItem) -> ItemRow:
    """Return a loaded item as the page reads it (`selectors.item_rows`), to write its row the same way."""
    return ItemRow(
        item.pk,
        item.phase,
        item.position,
        item.title,
        item.guidance,
        item.responsible_role,
        item.due_date,
        item.done,
        item.done_at,
        item.version,
        item.in_profile,
        person(item.done_by) if item.done_by else None,
        [
            EventRow(
                event.pk,
                event.at,
                event.old_done,
                event.new_done,
                event.note,
                event.reference,
                event.description,
                person(event.actor) if event.actor else None,
            )
            for event in item.history_events
        ],
    )


def _item_row(*, item: ItemRow, tickable, today, plan_closed, csrf_token, row_error, texts) -> str:
    done = item.done
    pk = item.pk
    row_class = "table-success" if done else ("" if item.in_profile else "outside-profile")
    parts = [f'<tr id="punkt-{pk}" data-testid="item-row" class="{row_class}"><td class="text-nowrap w-3-5rem">']
    if tickable:
        url = escape(texts["tick_path"](pk))
        label = texts["untick"] if done else texts["tick"]
        parts.append(
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="#punkt-{pk}" hx-swap="outerHTML"'
            f' hx-include="#anteckning-{pk}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
            f'<input type="hidden" name="version" value="{item.version}">'
            f'<input type="hidden" name="done" value="{"0" if done else "1"}">'
            f'<button type="submit" class="btn btn-sm {"btn-success" if done else "btn-outline-secondary"}"'
            f' data-testid="tick" aria-pressed="{"true" if done else "false"}" title="{label}">'
            f'<i class="bi {"bi-check-square-fill" if done else "bi-square"}"></i>'
            f' <span class="visually-hidden">{label}</span></button></form>'
        )
    else:
        icon = "bi-check-square-fill text-success" if done else "bi-square text-secondary"
        parts.append(f'<i class="bi {icon} fs-5" title="{texts["done"] if done else texts["not_done"]}"></i>')
    parts.append(f'</td><td><div class="fw-semibold" data-testid="item-title">{escape(item.title)}')
    if not item.in_profile:
        parts.append(
            ' <span class="badge text-bg-secondary fw-normal" data-testid="outside-profile"'
            f' title="{texts["outside_title"]}">{texts["outside"]}</span>'
        )
    parts.append("</div>")
    if item.guidance:
        parts.append(f'<div class="small text-muted">{escape(item.guidance)}</div>')
    if row_error:
        parts.append(
            '<div class="alert alert-warning py-1 px-2 my-1 small" role="alert" data-testid="row-error">'
            f"{escape(str(row_error))}</div>"
        )
    if tickable:
        parts.append(
            '<details class="small d-inline-block me-3" data-testid="note-toggle">'
            f'<summary class="text-primary">{texts["note"]}</summary>'
            f'<input type="text" id="anteckning-{pk}" name="note" maxlength="2000"'
            f' class="form-control form-control-sm mt-1 mw-28rem" placeholder="{texts["note_placeholder"]}"'
            f' aria-label="{texts["note"]}"></details>'
        )
    events = item.history_events
    if events:
        count = len(events)
        history = ngettext("Historik (%(counter)s ändring)", "Historik (%(counter)s ändringar)", count) % {
            "counter": count
        }
        parts.append(
            '<details class="small d-inline-block" data-testid="history">'
            f'<summary class="text-muted">{history}</summary><ul class="list-unstyled mb-0 ms-2">'
        )
        parts.extend(_event_html(event, texts) for event in events)
        parts.append("</ul></details>")
    parts.append(f'</td><td class="small">{escape(str(item.responsible_role_label))}</td>')
    parts.append(f'<td class="small text-nowrap">{item.due_date.strftime("%Y-%m-%d")}')
    if item.in_profile and not done and item.due_date < today and not plan_closed:
        parts.append(f' <span class="badge text-bg-danger">{texts["overdue"]}</span>')
    parts.append('</td><td class="small" data-testid="done-by">')
    if done:
        if item.done_by_name is not None:
            by = escape(item.done_by_name)
        else:
            done_event = item.done_event
            by = escape(done_event.description) if done_event and done_event.description else texts["automatic"]
        parts.append(f'{by}<br><span class="text-muted">{minute(item.done_at)}</span>')
    parts.append("</td></tr>")
    return "".join(parts)


def _event_html(event: EventRow, texts: dict[str, str]) -> str:
    if event.actor_name is not None:
        who = escape(event.actor_name)
    else:
        who = escape(event.description) if event.description else texts["automatic"]
    if event.old_done == event.new_done:
        what = escape(event.description)
    else:
        what = texts["ticked"] if event.new_done else texts["unticked"]
    html = f"<li>{minute(event.at)} · {who}: {what}"
    if event.reference:
        html += f' <span class="text-muted">({escape(event.reference)})</span>'
    if event.note:
        html += f" <em>“{escape(event.note)}”</em>"
    return html + "</li>"


def meeting_rows_html(
    *, meetings: list[PlanMeeting], today: datetime.date, recordable_ids: set[int] | frozenset[int]
) -> SafeString:
    """Return the booked meetings' rows: when, what, with whom, and whether it was held (with the link to record it)."""
    if not meetings:
        return mark_safe(f'<tr><td class="text-muted">{_("Inga bokade möten.")}</td></tr>')
    labels = {
        True: '<span class="text-success"><i class="bi bi-check-circle-fill" aria-hidden="true"></i>'
        f" {_('Hölls')}</span>",
        False: '<span class="text-danger"><i class="bi bi-x-circle-fill" aria-hidden="true"></i>'
        f" {_('Hölls inte')}</span>",
        None: "",
    }
    register, change = _("Registrera"), _("Ändra")
    record_path = _path_of("checklists:meeting_record_held")
    rows = []
    for meeting in meetings:
        at = minute(meeting.starts_at)
        kind = escape(str(meeting.kind_label))
        held = labels[meeting.held]
        if meeting.held_note:
            held += f' <span class="text-muted">· {escape(meeting.held_note)}</span>'
        if meeting.pk in recordable_ids:
            url = escape(record_path(meeting.pk))
            link = register if meeting.held is None else change
            held += f'<a class="text-nowrap" href="{url}">{link}<span class="visually-hidden"> {kind} {at}</span></a>'
        # As the template compared them: the stored (UTC) time's date.
        past = "text-muted" if meeting.starts_at.date() < today else ""
        with_whom = escape(str(meeting.with_whom)) if meeting.with_whom else ""
        rows.append(
            f'<tr class="{past}" id="mote-{meeting.pk}"><td class="text-nowrap">{at}</td><td>{kind}</td>'
            f'<td>{with_whom}</td><td data-testid="meeting-held">{held}</td></tr>'
        )
    return mark_safe("".join(rows))


def del2_theme_rows_html(*, rows) -> SafeString:
    """Return the Del 2 themes' rows (`del2_themes.HireThemes.rows`): the theme, done or not, and the round and
    session that covered it (through a template loop they were a sixth of the plan page's render)."""
    done_text, not_yet, completed = _("Klart"), _("Inte än"), _("omgången slutförd")
    html = []
    for row in rows:
        if row.done:
            where = f"{escape(row.course_round.title)}, {row.session.date.strftime('%Y-%m-%d')}"
            if row.via_completion:
                where += f" ({completed})"
            html.append(
                f'<tr data-testid="del2-theme" class="table-success"><td>{escape(row.module.title)}</td>'
                f'<td class="text-nowrap"><i class="bi bi-check-circle-fill" aria-hidden="true"></i> {done_text}</td>'
                f"<td>{where}</td></tr>"
            )
        else:
            html.append(
                f'<tr data-testid="del2-theme"><td>{escape(row.module.title)}</td>'
                f'<td class="text-nowrap">{not_yet}</td><td></td></tr>'
            )
    return mark_safe("".join(html))


def plan_rows_html(*, plans) -> SafeString:
    """Return the plan lists' rows (one page, with `selectors.with_progress`'s counts): hire, unit, start, progress,
    overdue and next due; the same markup as the template loop they replace (~18 of 28 ms of the overview's render)."""
    if not plans:
        return mark_safe(f'<tr><td colspan="6" class="text-muted">{_("Inga introduktionsplaner att visa.")}</td></tr>')
    closed, share = _("Avslutad"), _("Andel klara punkter")
    rows = []
    for plan in plans:
        staff = plan.staff
        badge = ""
        if plan.is_closed:
            badge = f' <span class="badge text-bg-secondary" data-testid="plan-closed">{closed}</span>'
        unit = escape((staff.unit.with_district if staff.unit else "") or "–")
        next_due = plan.next_due.strftime("%Y-%m-%d") if plan.next_due else "–"
        overdue_class = "text-danger fw-semibold" if plan.overdue_count else ""
        rows.append(
            f'<tr data-testid="plan-row"><td><a href="{escape(reverse("checklists:plan_detail", args=[plan.pk]))}">'
            f"{escape(staff.full_name)}</a>{badge}</td>"
            f'<td class="small">{unit}</td><td class="small">{plan.start_date.strftime("%Y-%m-%d")}</td>'
            f'<td><div class="progress" role="progressbar" aria-valuenow="{plan.progress}" aria-valuemin="0"'
            f' aria-valuemax="100" aria-label="{share}"><div class="progress-bar pct-{plan.progress}">{plan.progress} %'
            f"</div></div></td>"
            f'<td class="text-end {overdue_class}">{plan.overdue_count}</td><td class="small">{next_due}</td></tr>'
        )
    return mark_safe("".join(rows))


def summary_rows_html(*, summaries: list[dict], state: str) -> SafeString:
    """Return the overview's rows per district (`selectors.district_summaries`): plans, items done of all, overdue."""
    no_unit = _("Utan enhet")
    rows = []
    for row in summaries:
        name = row["plan__staff__unit__district__name"]
        district_id = row["plan__staff__unit__district_id"]
        overdue_class = "text-danger fw-semibold" if row["overdue_count"] else ""
        rows.append(
            # As the template wrote it: a district of none is "None" (the list then shows every district).
            f'<tr><td><a href="?stadsdel={district_id}&visa={escape(state)}">'
            f"{escape(name) if name else no_unit}</a></td>"
            f'<td class="text-end">{row["plan_count"]}</td>'
            f'<td class="text-end">{row["done_count"]} / {row["item_count"]}</td>'
            f'<td class="text-end {overdue_class}">{row["overdue_count"]}</td></tr>'
        )
    return mark_safe("".join(rows))
