"""The organisation's panels on the dashboard: the people each role must look after next."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from districts import access, clock, selectors
from districts.models import Role
from districts.panels import Panel

PANEL_ROWS = 8


def _new_hires(queryset, today):
    """Keep the new hires of the last two years who have not left (districts.selectors: one definition)."""
    return selectors.current_hires(queryset=queryset, today=today)


def _hires(queryset, today):
    """Return the new hires of a queryset, newest first, with what is missing for each."""
    return (
        _new_hires(queryset, today)
        .select_related("unit", "supervisor", "mentor")
        .order_by("-employment_start", "last_name")
        .distinct()
    )


def _hire_counts(queryset, today) -> dict:
    return _new_hires(queryset, today).aggregate(
        hires=Count("pk", distinct=True),
        without_supervisor=Count("pk", filter=Q(supervisor__isnull=True), distinct=True),
        without_mentor=Count("pk", filter=Q(mentor__isnull=True), distinct=True),
    )


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user."""
    scope = access.scope_for(user)
    today = clock.today()
    result: list[Panel] = []
    if scope.staff_id is None:
        return result

    if scope.is_organisation_wide:
        staff = selectors.currently_employed(
            queryset=access.staff_in_circle(user, access.Circle.ORGANISATION), today=today
        )
        counts = _hire_counts(staff, today)
        counts.update(
            staff=staff.count(),
            # One read for both: an organisation-wide role sees every district and each district's units.
            **access.visible_districts(user).aggregate(
                districts=Count("pk", distinct=True), units=Count("units", distinct=True)
            ),
        )
        result.append(
            Panel(
                title=_("Organisationen i siffror"),
                template="districts/panels/organisation.html",
                context={"counts": counts, "can_import": access.has_capability(user, access.Capability.IMPORT_STAFF)},
                order=10,
            )
        )
    if scope.has_role(Role.ENHETSCHEF) and scope.unit_id:
        unit_staff = selectors.unit_hires(user=user, today=today)
        result.append(
            Panel(
                title=_("Nyanställda på din enhet"),
                template="districts/panels/hires.html",
                context={
                    "hires": _hires(unit_staff, today)[:PANEL_ROWS],
                    "counts": _hire_counts(unit_staff, today),
                    "more_url_query": f"unit={scope.unit_id}&new_hires=on",
                    "can_edit": True,
                },
                order=20,
            )
        )
    if scope.has_role(Role.UTBILDARSTOD) and scope.district_id:
        district_staff = access.staff_in_circle(user, access.Circle.DISTRICT)
        result.append(
            Panel(
                title=_("Nyanställda i din stadsdel"),
                template="districts/panels/hires.html",
                context={
                    "hires": _hires(district_staff, today)[:PANEL_ROWS],
                    "counts": _hire_counts(district_staff, today),
                    "more_url_query": f"district={scope.district_id}&new_hires=on",
                    "show_unit": True,
                },
                order=20,
            )
        )
    if scope.has_role(Role.FORSTE_SOCIALSEKRETERARE):
        supervised = selectors.supervised_hires(user=user, today=today)
        result.append(
            Panel(
                title=_("Nyanställda du handleder"),
                template="districts/panels/hires.html",
                context={
                    "hires": _hires(supervised, today)[:PANEL_ROWS],
                    "counts": _hire_counts(supervised, today),
                    "hide_supervisor": True,
                },
                order=20,
            )
        )
    if scope.has_role(Role.SOCIALSEKRETERARE):
        me = access.visible_staff(user).select_related("unit__district", "supervisor", "mentor").get(pk=scope.staff_id)
        result.append(
            Panel(
                title=_("Min introduktion"),
                template="districts/panels/profile.html",
                context={
                    "me": me,
                    "is_new": bool(
                        me.employment_start and me.employment_start >= selectors.new_hire_cutoff(today=today)
                    ),
                },
                order=15,
            )
        )
    return result
