"""Dashboard panels: hires without Del 1, their Del 2 progress; the coordinator's rounds, clashes, seat forecast."""

from django.db.models import Exists
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from courses import certificates, selectors, supervisor_training
from districts import access, clock
from districts import dashboard as districts_dashboard
from districts import selectors as district_selectors
from districts.access import Capability
from districts.models import Role
from districts.panels import Panel, SubqueryCount, read_facts

PANEL_ROWS = 20  # the most urgent hires; the rest are on the full, paginated lists


def facts(user) -> dict:
    """Return this app's one-value reads (see districts.panels.read_facts): own places and certificates, Del 2 total."""
    today = clock.today()
    found = {}
    if access.scope_for(user).staff_id is not None:  # a superuser without a staff record has no places of their own
        found["courses_own_places"] = Exists(selectors.my_upcoming_nominations_queryset(user=user, today=today))
        found["courses_own_certificates"] = Exists(certificates.own_certificates(user=user))
    if access.has_capability(user, Capability.NOMINATE) and not _del2_total_kept(user):
        # Counted apart from the panel's rows: a window count would compute every row's columns before the slice.
        in_window = selectors.del2_window_queryset(user=user, today=today)
        found["courses_del2_total"] = SubqueryCount(in_window.order_by().values("pk"))
    return found


DEL2_WINDOW_COUNT = "courses_del2_window"


def organisation_del2_window_count(user, today) -> SubqueryCount:
    """Count the organisation's hires in the Del 2 window whom an organisation-wide reader may nominate.

    Kept with the organisation's counts (districts.org_counts.COUNTERS): it reads only staff and roles, and is the
    same for each such reader, who may nominate all of the organisation's staff who have not left.
    """
    staff = access.staff_in_circle(user, access.Circle.ORGANISATION).exclude(district_selectors.left_by(day=today))
    return SubqueryCount(selectors.in_del2_window(queryset=staff, today=today).order_by().values("pk"))


def _del2_total_kept(user) -> bool:
    """Whether the user's Del 2 total is the organisation's kept one: they nominate among all of its staff."""
    return districts_dashboard.organisation_counts_kept(user)


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user."""
    today = clock.today()
    result = []
    own = read_facts(user, facts)
    forecast = del1_rounds = None
    if access.has_capability(user, Capability.MANAGE_PROGRAMME):
        rounds = selectors.upcoming_round_list(user=user, today=today)
        context = {"rounds": rounds, "clashes": selectors.closure_clashes(user=user, today=today)}
        result.append(Panel(_("Kommande kursomgångar"), "courses/panel_rounds.html", context, order=20))
        # Read once for the forecast and for the rounds the Del 1 panel proposes.
        del1_rounds = selectors.coming_del1_rounds(user=user, today=today)
        forecast = selectors.del1_seat_forecast(user=user, today=today, rounds=del1_rounds)
        if forecast.rounds or forecast.without_round:
            result.append(
                Panel(
                    _("Platser på Del 1 framåt"), "courses/panel_seat_forecast.html", {"forecast": forecast}, order=21
                )
            )
    if access.has_capability(user, Capability.NOMINATE):
        if forecast is not None:  # the forecast counted the same waiting hires
            shown, total = selectors.del1_waiting_first(user=user, today=today, rows=PANEL_ROWS), forecast.waiting
        else:
            shown, total = selectors.del1_waiting_first_and_total(user=user, today=today, rows=PANEL_ROWS)
            if shown:  # the rounds to propose, read compiled (the nominatable hires are of the user's organisation)
                del1_rounds = selectors.coming_del1_rounds(user=user, today=today)
        result.append(
            Panel(
                _("Nyanställda utan plats på Del 1"),
                "courses/panel_del1.html",
                {
                    "rows": selectors.del1_deadline_rows(staff_list=shown, today=today, rounds=del1_rounds),
                    "total": total,
                    "today": today,
                    "booked": _booked_items(selectors.hires_booked_on_del1(user=user, today=today)),
                },
                order=10,
            )
        )
        shown = selectors.del2_window_first(user=user, today=today, rows=PANEL_ROWS)
        if _del2_total_kept(user):
            total = districts_dashboard.kept_organisation_count(user, DEL2_WINDOW_COUNT)
        else:
            total = own["courses_del2_total"]
        if shown:
            rows = selectors.del2_progress_rows(staff_list=shown, today=today)
            result.append(
                Panel(_("Del 2 för nyanställda"), "courses/panel_del2.html", {"rows": rows, "total": total}, order=30)
            )
    scope = access.scope_for(user)
    if access.has_capability(user, Capability.MANAGE_PROGRAMME) or scope.has_role(Role.ENHETSCHEF):
        result += _supervisor_training_panel(user, today=today)
    mine = selectors.my_upcoming_nominations(user=user, today=today) if own.get("courses_own_places") else []
    if mine:
        result.append(Panel(_("Mina kurser"), "courses/panel_mine.html", {"nominations": mine}, order=40))
    own_certificates = []
    if own.get("courses_own_certificates"):
        own_certificates = list(certificates.own_certificates(user=user)[:PANEL_ROWS])
    if own_certificates:
        result.append(
            Panel(_("Mina intyg"), "courses/panel_certificates.html", {"certificates": own_certificates}, order=41)
        )
    return result


def _booked_items(booked: list) -> SafeString:
    """Return the `<li>` rows of the hires booked on Del 1 (hire – round link, first day as "8 dec 2026").

    A national coordinator sees ~100 booked hires on a few rounds: the template's loop over them was two thirds of
    the Del 1 panel's render (14 of 22 ms), so the rows are formatted here, each round's address and date once.
    """
    # Each round's link, title and date escaped once; format_html per row (parsing its format string, escaping four
    # values) was most of the rows' remaining ~4 ms.
    by_round: dict = {}
    items = []
    for hire in booked:
        status = hire.status
        link = by_round.get(status.round_id)
        if link is None:
            url = conditional_escape(reverse("courses:round_detail", args=[status.round_id]))
            title = conditional_escape(status.round_title)
            starts_on = conditional_escape(date(status.round_starts_on, "j b Y"))
            link = by_round[status.round_id] = f'<a href="{url}">{title}</a>, {starts_on}</li>'
        name = conditional_escape(hire.full_name)
        items.append(f'<li><i class="bi bi-check-circle text-success"></i> {name} – {link}')
    return mark_safe("\n".join(items))  # each value escaped by conditional_escape


def _supervisor_training_panel(user, *, today) -> list[Panel]:
    """The supervisors of current hires who have not taken "Att introducera och handleda", for nominating them."""
    summary, rows = supervisor_training.untrained_supervisors_with_summary(user=user, rows=PANEL_ROWS, today=today)
    if not summary.supervisors:
        return []
    context = {
        "summary": summary,
        "rows": rows,
        "can_nominate": access.has_capability(user, Capability.NOMINATE),
        "kind": supervisor_training.NOMINATE_KIND,
    }
    return [Panel(_("Handledarnas utbildning"), "courses/panel_supervisor_training.html", context, order=35)]
