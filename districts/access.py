"""Decide what a user may see and change: the one access module every view and selector goes through.

Scopes by role:
- utbildningssamordnare, HR and områdeschef: their whole organisation;
- utbildarstöd: their district; enhetschef: their unit;
- 1:e socialsekreterare: the hires they supervise; everyone: themself.
A person holding several roles gets the union. Objects of other apps (plans, nominations,
rounds) are scoped through the staff member or organisation they belong to, with
`restrict_by_staff` (or `restrict_by_joined_staff`) and `restrict_by_organisation`, so their rules stay the
same as here.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache, wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from districts.models import District, Organisation, RegionalReader, Role, StaffMember, StaffRole, Unit

ORGANISATION_WIDE_ROLES = frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR, Role.OMRADESCHEF})


class Capability(StrEnum):
    """What a user may do beyond seeing their scope."""

    MANAGE_PROGRAMME = "manage_programme"  # courses, rounds, templates, surveys
    IMPORT_STAFF = "import_staff"
    EDIT_STAFF = "edit_staff"
    ASSIGN_ROLES = "assign_roles"  # give a staff member roles (HR, coordinator, ...) on the staff edit page
    NOMINATE = "nominate"
    MANAGE_PLANS = "manage_plans"
    EXPORT_PLANS = "export_plans"
    VIEW_REPORTS = "view_reports"
    REPORT_TRAINING_NEEDS = "report_training_needs"
    READ_HISTORY = "read_history"  # the Historik pages: who changed what, when
    MANAGE_PERSONAL_DATA = "manage_personal_data"  # register extracts and anonymisation of leavers
    FOLLOW_DEL2_THEMES = "follow_del2_themes"  # the Del 2 themes of one's own hires (unit, or those supervised)
    READ_CERTIFICATES = "read_certificates"  # anyone's course certificates (intyg) in the organisation
    EDIT_ORGANISATION_STAFF = "edit_organisation_staff"  # edit anyone in the organisation, not only the own unit
    REVIEW_COMPETENCE = "review_competence"  # competence reviews and credits of the staff one may edit
    GRANT_SUPERVISOR_EXCEPTION = "grant_supervisor_exception"  # a supervisor below Specialist, with a reason


CAPABILITY_ROLES: dict[Capability, frozenset[str]] = {
    Capability.MANAGE_PROGRAMME: frozenset({Role.UTBILDNINGSSAMORDNARE}),
    Capability.IMPORT_STAFF: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR}),
    Capability.EDIT_STAFF: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR, Role.ENHETSCHEF}),
    Capability.ASSIGN_ROLES: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR}),
    Capability.NOMINATE: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.ENHETSCHEF}),
    Capability.MANAGE_PLANS: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR, Role.ENHETSCHEF}),
    Capability.EXPORT_PLANS: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR}),
    Capability.VIEW_REPORTS: frozenset(
        {Role.UTBILDNINGSSAMORDNARE, Role.OMRADESCHEF, Role.HR, Role.UTBILDARSTOD, Role.ENHETSCHEF}
    ),
    Capability.REPORT_TRAINING_NEEDS: frozenset({Role.ENHETSCHEF}),
    Capability.READ_HISTORY: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR}),
    Capability.MANAGE_PERSONAL_DATA: frozenset({Role.HR}),
    Capability.FOLLOW_DEL2_THEMES: frozenset({Role.ENHETSCHEF, Role.FORSTE_SOCIALSEKRETERARE}),
    Capability.READ_CERTIFICATES: frozenset({Role.HR}),
    # Edit every staff member of the organisation; the other EDIT_STAFF roles edit their own circle (below).
    Capability.EDIT_ORGANISATION_STAFF: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR}),
    Capability.REVIEW_COMPETENCE: frozenset({Role.UTBILDNINGSSAMORDNARE, Role.HR, Role.ENHETSCHEF}),
    Capability.GRANT_SUPERVISOR_EXCEPTION: frozenset({Role.UTBILDNINGSSAMORDNARE}),
}


class Circle(StrEnum):
    """The people a role looks after: what a user sees is the union of their roles' circles and themself."""

    ORGANISATION = "organisation"
    DISTRICT = "district"
    UNIT = "unit"
    SUPERVISED = "supervised"


ROLE_CIRCLES: dict[str, Circle] = {
    **dict.fromkeys(ORGANISATION_WIDE_ROLES, Circle.ORGANISATION),
    Role.UTBILDARSTOD: Circle.DISTRICT,
    Role.ENHETSCHEF: Circle.UNIT,
    Role.FORSTE_SOCIALSEKRETERARE: Circle.SUPERVISED,
}


@dataclass(frozen=True)
class Scope:
    """Who the user is in the organisation, loaded once per request."""

    is_authenticated: bool
    is_superuser: bool
    staff_id: int | None
    organisation_id: int | None
    district_id: int | None
    unit_id: int | None
    roles: frozenset[str]

    @property
    def is_organisation_wide(self) -> bool:
        return bool(self.roles & ORGANISATION_WIDE_ROLES)

    def has_role(self, role: str) -> bool:
        return role in self.roles


ANONYMOUS_SCOPE = Scope(False, False, None, None, None, None, frozenset())


def scope_for(user) -> Scope:
    """Return the user's scope, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_access_scope", None)
    if cached is not None:
        return cached
    staff = _own_staff_with_unit(user)
    if staff is None:
        scope = Scope(True, user.is_superuser, None, None, None, None, frozenset())
    else:
        scope = Scope(
            is_authenticated=True,
            is_superuser=user.is_superuser,
            staff_id=staff.pk,
            organisation_id=staff.organisation_id,
            district_id=staff.unit.district_id if staff.unit else None,
            unit_id=staff.unit_id,
            roles=frozenset(StaffRole.objects.filter(staff_id=staff.pk).values_list("role", flat=True)),
        )
    user._access_scope = scope
    return scope


def _own_staff_with_unit(user) -> StaffMember | None:
    """Return the user's staff record and its unit: the ones the login already joined (districts.backends), or read."""
    descriptor = getattr(user.__class__, "staff_member", None)  # __class__: request.user is a lazy object
    if descriptor is not None and descriptor.is_cached(user):
        staff = getattr(user, "staff_member", None)  # None is read again: the record may be newer than the login
        if staff is not None and (staff.unit_id is None or StaffMember.unit.is_cached(staff)):
            return staff
    return StaffMember.objects.select_related("unit").filter(user_id=user.pk).first()


def has_capability(user, capability: Capability) -> bool:
    return capability.value in granted_capabilities(user)


def granted_capabilities(user) -> frozenset[str]:
    """Return the names of the user's capabilities (a superuser has all; others what their roles grant).

    The same roles grant the same capabilities, so the set is worked out once per set of roles (the menu is
    rendered once per set, intro_program.templatetags.menu)."""
    scope = scope_for(user)
    return _granted(is_superuser=scope.is_superuser, roles=scope.roles)


@lru_cache(maxsize=256)
def _granted(*, is_superuser: bool, roles: frozenset[str]) -> frozenset[str]:
    return frozenset(c.value for c in Capability if is_superuser or roles & CAPABILITY_ROLES[c])


def require_capability(capability: Capability):
    """Decorate a view so that users without the capability get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def can_read_history(user, organisation_id: int | None) -> bool:
    """Return whether the user may read the history of an object of this organisation (coordinators and HR)."""
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    return has_capability(user, Capability.READ_HISTORY) and organisation_id == scope.organisation_id


def can_manage_personal_data(user, staff: StaffMember) -> bool:
    """Return whether the user may take a register extract of, or anonymise, this person (HR of their organisation)."""
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    return has_capability(user, Capability.MANAGE_PERSONAL_DATA) and staff.organisation_id == scope.organisation_id


def _circle_condition(scope: Scope, circle: Circle) -> Q | None:
    """Return the condition on StaffMember rows of one circle of the scope, or None when the scope has none."""
    if circle is Circle.ORGANISATION:
        return Q(organisation_id=scope.organisation_id) if scope.organisation_id else None
    if circle is Circle.DISTRICT:
        return Q(unit__district_id=scope.district_id) if scope.district_id else None
    if circle is Circle.UNIT:
        return Q(unit_id=scope.unit_id) if scope.unit_id else None
    return Q(supervisor_id=scope.staff_id)


def _circles(scope: Scope) -> list[Circle]:
    return [circle for circle in Circle if any(ROLE_CIRCLES.get(role) is circle for role in scope.roles)]


def _staff_condition(scope: Scope) -> Q | None:
    """Return the condition on StaffMember rows the scope may see, or None for everything."""
    if scope.is_superuser:
        return None
    if scope.staff_id is None:
        return Q(pk__in=[])
    if scope.is_organisation_wide:
        # The person is in their own organisation, so this one condition covers them too; keeping it
        # alone (no OR) lets the database walk the (organisation, name) index for sorted staff lists.
        return _circle_condition(scope, Circle.ORGANISATION)
    condition = Q(pk=scope.staff_id)
    for circle in _circles(scope):
        circle_condition = _circle_condition(scope, circle)
        if circle_condition is not None:
            condition |= circle_condition
    return condition


def staff_in_circle(user, circle: Circle) -> QuerySet[StaffMember]:
    """Return the people the user looks after in one circle (their unit, district, ...); none without its role."""
    scope = scope_for(user)
    if scope.staff_id is None or circle not in _circles(scope):
        return StaffMember.objects.none()
    condition = _circle_condition(scope, circle)
    return StaffMember.objects.none() if condition is None else StaffMember.objects.filter(condition)


def visible_staff(user) -> QuerySet[StaffMember]:
    """Return the staff members the user may see."""
    scope = scope_for(user)
    if not scope.is_authenticated:
        return StaffMember.objects.none()
    condition = _staff_condition(scope)
    return StaffMember.objects.all() if condition is None else StaffMember.objects.filter(condition)


def changeable_staff(user) -> QuerySet[StaffMember]:
    """Return the staff members whose records the user may edit: the organisation's, or the own unit's."""
    scope = scope_for(user)
    if scope.is_superuser:
        return StaffMember.objects.all()
    if not has_capability(user, Capability.EDIT_STAFF) or scope.organisation_id is None:
        return StaffMember.objects.none()
    if has_capability(user, Capability.EDIT_ORGANISATION_STAFF):
        return StaffMember.objects.filter(_circle_condition(scope, Circle.ORGANISATION))
    return StaffMember.objects.filter(unit_id=scope.unit_id) if scope.unit_id else StaffMember.objects.none()


def certificate_holders(user) -> QuerySet[StaffMember]:
    """Return the staff whose course certificates the user may download: themself, and for HR the organisation."""
    scope = scope_for(user)
    if scope.is_superuser:
        return StaffMember.objects.all()
    if scope.staff_id is None:
        return StaffMember.objects.none()
    if has_capability(user, Capability.READ_CERTIFICATES):
        return StaffMember.objects.filter(organisation_id=scope.organisation_id)
    return StaffMember.objects.filter(pk=scope.staff_id)


def can_change_staff(user, staff: StaffMember) -> bool:
    """Return whether the user may edit this staff member's record."""
    return changeable_staff(user).filter(pk=staff.pk).exists()


def visible_organisations(user) -> QuerySet[Organisation]:
    scope = scope_for(user)
    if scope.is_superuser:
        return Organisation.objects.all()
    return (
        Organisation.objects.filter(pk=scope.organisation_id) if scope.organisation_id else Organisation.objects.none()
    )


def visible_districts(user) -> QuerySet[District]:
    """Return the districts the user may see: the organisation's, or their own district."""
    scope = scope_for(user)
    if scope.is_superuser:
        return District.objects.all()
    if scope.is_organisation_wide:
        return District.objects.filter(organisation_id=scope.organisation_id)
    return District.objects.filter(pk=scope.district_id) if scope.district_id else District.objects.none()


def visible_units(user) -> QuerySet[Unit]:
    """Return the units the user may see: the organisation's, their district's or their own unit."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Unit.objects.all()
    if scope.is_organisation_wide:
        return Unit.objects.filter(district__organisation_id=scope.organisation_id)
    if scope.has_role(Role.UTBILDARSTOD) and scope.district_id:
        return Unit.objects.filter(district_id=scope.district_id)
    return Unit.objects.filter(pk=scope.unit_id) if scope.unit_id else Unit.objects.none()


def restrict_by_staff(user, queryset: QuerySet, staff_lookup: str) -> QuerySet:
    """Keep the rows whose staff member (reached by `staff_lookup`) the user may see."""
    scope = scope_for(user)
    if not scope.is_authenticated:
        return queryset.none()
    condition = _staff_condition(scope)
    if condition is None:
        return queryset
    return queryset.filter(**{f"{staff_lookup}__in": StaffMember.objects.filter(condition).values("pk")})


def whole_organisations_condition(user) -> Q | None:
    """Return a condition on `organisation_id` that keeps exactly the organisations whose staff the user sees in
    full (Q() for every one), or None when what they see is not whole organisations (a district, unit, own hires).

    Summaries kept per organisation (checklists' PlanTally) serve the first; the others count what they see."""
    if scope_for(user).is_superuser:
        return Q()
    organisation_id = whole_organisation_id(user)
    return None if organisation_id is None else Q(organisation_id=organisation_id)


def whole_organisation_id(user) -> int | None:
    """Return the one organisation whose staff the user sees in full (an organisation-wide role's), else None.

    None for a superuser, who sees every organisation (see whole_organisations_condition)."""
    scope = scope_for(user)
    if not scope.is_superuser and scope.staff_id is not None and scope.is_organisation_wide and scope.organisation_id:
        return scope.organisation_id
    return None


def restrict_by_joined_staff(user, queryset: QuerySet, staff_lookup: str) -> QuerySet:
    """Keep the rows whose staff member (a to-one `staff_lookup`) the user may see, on the join where that helps.

    The same rows as `restrict_by_staff`. An organisation-wide scope is one condition on the joined staff row rather
    than `IN (...)`: a list sorted by the staff's name can then walk the (organisation, name) index and stop after
    its page. A narrower scope is an OR of small circles (self, unit, supervised), which the subquery finds through
    their indexes; on the join the OR would be checked row by row.
    """
    scope = scope_for(user)
    if not scope.is_authenticated:
        return queryset.none()
    condition = _staff_condition(scope)
    if condition is None:
        return queryset
    if not scope.is_organisation_wide:
        return restrict_by_staff(user, queryset, staff_lookup)
    return queryset.filter(_prefixed(condition, f"{staff_lookup}__"))


def _prefixed(condition: Q, prefix: str) -> Q:
    """Return `condition` with every lookup reached through `prefix` (e.g. "staff__")."""
    children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return Q.create(children, connector=condition.connector, negated=condition.negated)


def restrict_by_organisation(user, queryset: QuerySet, organisation_lookup: str) -> QuerySet:
    """Keep the rows belonging to the user's organisation."""
    scope = scope_for(user)
    if scope.is_superuser:
        return queryset
    if scope.organisation_id is None:
        return queryset.none()
    return queryset.filter(**{organisation_lookup: scope.organisation_id})


# --- meetings held: who records whether a meeting of a plan took place ----------------------------------
# Self-contained on purpose: only checklists.meetings_held calls it.


def can_record_meeting_held(
    user, *, hire_id: int, plan_supervisor_id: int | None, staff_supervisor_id: int | None
) -> bool:
    """Return whether the user may mark a plan's meeting held or not: the hire and their 1:e socialsekreterare.

    The supervisor is the one named on the plan, or the hire's supervisor now if the user holds the role.
    Callers look the meeting up among the plans the user may see first, so others get 404 before this 403.
    """
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    if scope.staff_id is None:
        return False
    if scope.staff_id in (hire_id, plan_supervisor_id):
        return True
    return scope.has_role(Role.FORSTE_SOCIALSEKRETERARE) and scope.staff_id == staff_supervisor_id


# --- the region: regional readers read the reports across their region's organisations ------------------
# Self-contained on purpose. A regional reader is a login with a RegionalReader row (set in the admin) and,
# normally, no StaffMember: every scope above then gives them nothing, so each person-level page answers
# 403 or 404. Only the regional reports (reports.regional) read this block; they count, never name.


def regional_region_id(user) -> int | None:
    """Return the id of the region the user reads as a regional reader, or None (cached for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if scope_for(user).staff_id is not None:
        return None  # a regional reader is a login without a staff record (RegionalReader.clean refuses one)
    if not hasattr(user, "_access_region_id"):
        readers = RegionalReader.objects.filter(user_id=user.pk)
        user._access_region_id = readers.values_list("region_id", flat=True).first()
    return user._access_region_id


def is_regional_reader(user) -> bool:
    return regional_region_id(user) is not None


def regional_organisations(user) -> QuerySet[Organisation]:
    """Return the organisations of the user's region (none unless they are a regional reader)."""
    region_id = regional_region_id(user)
    return Organisation.objects.filter(region_id=region_id) if region_id else Organisation.objects.none()


def require_regional_reader(view):
    """Decorate a view so that only regional readers reach it; everyone else gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_regional_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
