"""The organisation's panels on the dashboard: the people each role must look after next."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Subquery, Value
from django.db.models.functions import JSONArray
from django.utils.translation import gettext as _

from districts import access, clock, org_counts, selectors
from districts.compiled import CompiledRead, field_names, instance, related_instance
from districts.models import Role, StaffMember, Unit
from districts.panels import Panel, SubqueryCount, read_facts

PANEL_ROWS = 8


def _new_hires(queryset, today):
    """Keep the new hires of the last two years who have not left (districts.selectors: one definition)."""
    return selectors.current_hires(queryset=queryset, today=today)


def _hires(hires):
    """Return a circle's new hires, newest first, with what is missing for each."""
    return hires.select_related("unit", "supervisor", "mentor").order_by("-employment_start", "last_name")


HIRE_COUNTS = ("hires", "without_supervisor", "without_mentor")


# A hire as a hires panel shows them: with their unit, supervisor and mentor (each may be missing).
_RELATED_OF_HIRE = {"unit": Unit, "supervisor": StaffMember, "mentor": StaffMember}
_HIRE_WITH_RELATED = (
    *field_names(StaffMember),
    *(name for related, model in _RELATED_OF_HIRE.items() for name in field_names(model, f"{related}__")),
)


def _first_hires_of(*, user, circle: str, today, rows: int):
    return _hires(_circle_hires(user, access.scope_for(user), today)[circle]).values(*_HIRE_WITH_RELATED)[:rows]


# Its SQL built once per reader's scope, circle and day (districts.compiled): the ORM's building and compiling of the
# circle's hires with three joins was ~3 ms of the enhetschef's and the 1:e socialsekreterare's dashboards.
_first_hires_read = CompiledRead(_first_hires_of)


def _first_hires(user, circle: str, today) -> list:
    """Return the first PANEL_ROWS of a circle's hires (`_hires`), each with its unit, supervisor and mentor."""
    found = []
    for row in _first_hires_read.rows(user=user, circle=circle, today=today, rows=PANEL_ROWS):
        hire = instance(StaffMember, row)
        for related, model in _RELATED_OF_HIRE.items():
            setattr(hire, related, related_instance(model, row, f"{related}__"))
        found.append(hire)
    return found


def _hire_counts(hires) -> Subquery:
    """Count a hires panel's people (HIRE_COUNTS, in that order) in one pass over them, as one JSON array.

    A JSON array, not an ARRAY[...]: `make run`'s SQLite has no arrays.

    Three counts apart walked the same hires three times, probing every hire's role each time.
    """
    counts = JSONArray(
        Count("pk"), Count("pk", filter=Q(supervisor__isnull=True)), Count("pk", filter=Q(mentor__isnull=True))
    )
    # Grouped by a constant: no GROUP BY, so an empty set still gives one row of zeros.
    return Subquery(hires.order_by().annotate(whole=Value(1)).values("whole").annotate(counts=counts).values("counts"))


def _circles(scope) -> tuple[str, ...]:
    """The hires panels the user has: their unit's, district's, or those they supervise."""
    circles = []
    if scope.has_role(Role.ENHETSCHEF) and scope.unit_id:
        circles.append("unit")
    if scope.has_role(Role.UTBILDARSTOD) and scope.district_id:
        circles.append("district")
    if scope.has_role(Role.FORSTE_SOCIALSEKRETERARE):
        circles.append("supervised")
    return tuple(circles)


def _circle_hires(user, scope, today) -> dict:
    """The people of each hires panel the user has (`_circles`), as querysets (for the compiled reads' builds)."""
    circles = _circles(scope)
    found = {}
    if "unit" in circles:
        found["unit"] = selectors.unit_hires(user=user, today=today)
    if "district" in circles:
        found["district"] = _new_hires(access.staff_in_circle(user, access.Circle.DISTRICT), today)
    if "supervised" in circles:
        found["supervised"] = selectors.supervised_hires(user=user, today=today)
    return found


def _organisation_counted(user, today) -> dict:
    """The expressions counting the "Organisationen i siffror" panel's numbers, from scratch."""
    staff = selectors.currently_employed(queryset=access.staff_in_circle(user, access.Circle.ORGANISATION), today=today)
    counted = {
        "staff": staff.values("pk"),
        # An organisation-wide role sees every district and each district's units.
        "districts": access.visible_districts(user).values("pk"),
        "units": access.visible_units(user).values("pk"),
    }
    return {
        **{name: SubqueryCount(rows.order_by()) for name, rows in counted.items()},
        "hire_counts": _hire_counts(_new_hires(staff, today)),
        **{name: counter(user, today) for name, counter in org_counts.COUNTERS.items()},
    }


def counted_from_scratch(user) -> dict:
    """Return the organisation panel's numbers counted now, never the kept ones (for tests that compare them)."""
    counted = _organisation_counted(user, clock.today())
    read = get_user_model().objects.filter(pk=user.pk).annotate(**counted).values(*counted).get()
    return _counts({f"districts_{name}": value for name, value in read.items()}, "", _organisation_numbers())


def kept_organisation_count(user, name: str) -> int | None:
    """Return a count kept with the organisation panel's (org_counts.COUNTERS), or None when the reader's are not kept.

    Inside the dashboard's one facts query (districts.panels.facts_read_together) it costs no query of its own.
    """
    if not organisation_counts_kept(user):
        return None
    return read_facts(user, facts)["districts_org_counts"][name]


def organisation_counts_kept(user) -> bool:
    """Whether the user's dashboard reads the organisation's kept counts (an organisation-wide reader's, see facts).

    A superuser's districts and units are every organisation's: counted every time."""
    return access.whole_organisation_id(user) is not None


def facts(user) -> dict:
    """Return this app's one-value reads (see districts.panels.read_facts): the counts of every panel."""
    scope = access.scope_for(user)
    if scope.staff_id is None:
        return {}
    today = clock.today()
    found = {}
    if scope.is_organisation_wide:
        counted = _organisation_counted(user, today)
        if organisation_counts_kept(user):
            kept = org_counts.kept_or_counted(organisation_id=scope.organisation_id, today=today, counted=counted)
            found.update(kept)
        else:
            found.update({f"districts_{name}": expression for name, expression in counted.items()})
    for circle, hires in _circle_hires(user, scope, today).items():
        found[f"districts_{circle}_hire_counts"] = _hire_counts(hires)
    return found


def _organisation_numbers() -> tuple[str, ...]:
    return ("staff", "districts", "units", *org_counts.COUNTERS)


def _counts(read: dict, prefix: str, names=()) -> dict:
    hire_counts = read[f"districts_{prefix}hire_counts"] or [0] * len(HIRE_COUNTS)
    return {**dict(zip(HIRE_COUNTS, hire_counts, strict=True)), **{name: read[f"districts_{name}"] for name in names}}


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user."""
    scope = access.scope_for(user)
    today = clock.today()
    result: list[Panel] = []
    if scope.staff_id is None:
        return result
    read = read_facts(user, facts)
    if scope.is_organisation_wide:
        if "districts_org_counts" in read:  # kept or counted (districts.org_counts)
            organisation = read["districts_org_counts"]
            if read["districts_org_counts_kept"] == org_counts.NOT_KEPT:
                org_counts.keep(
                    organisation_id=scope.organisation_id,
                    today=today,
                    version=read["districts_org_counts_version"],
                    counts=organisation,
                )
            read = {**read, **{f"districts_{name}": value for name, value in organisation.items()}}
        counts = _counts(read, "", _organisation_numbers())
        result.append(
            Panel(
                title=_("Organisationen i siffror"),
                template="districts/panels/organisation.html",
                context={"counts": counts, "can_import": access.has_capability(user, access.Capability.IMPORT_STAFF)},
                order=10,
            )
        )
    # The circles' names only: their querysets are built by the compiled reads, once (building them was ~0.3 ms).
    circles = _circles(scope)
    if "unit" in circles:
        result.append(
            Panel(
                title=_("Nyanställda på din enhet"),
                template="districts/panels/hires.html",
                context={
                    "hires": _first_hires(user, "unit", today),
                    "counts": _counts(read, "unit_"),
                    "more_url_query": f"unit={scope.unit_id}&new_hires=on",
                    "can_edit": True,
                },
                order=20,
            )
        )
    if "district" in circles:
        result.append(
            Panel(
                title=_("Nyanställda i din stadsdel"),
                template="districts/panels/hires.html",
                context={
                    "hires": _first_hires(user, "district", today),
                    "counts": _counts(read, "district_"),
                    "more_url_query": f"district={scope.district_id}&new_hires=on",
                    "show_unit": True,
                },
                order=20,
            )
        )
    if "supervised" in circles:
        result.append(
            Panel(
                title=_("Nyanställda du handleder"),
                template="districts/panels/hires.html",
                context={
                    "hires": _first_hires(user, "supervised", today),
                    "counts": _counts(read, "supervised_"),
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
