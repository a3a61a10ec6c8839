"""Writes to the organisation's staff records, and their import: keyword-only, atomic, validating, hooks on commit.

Each names its `actor` (the User acting, or None for the system), which the audit trail records.
"""

import datetime
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from districts import access, audit, clock, importing, supervision
from districts.models import (
    CompetenceLevel,
    ImportRecord,
    Organisation,
    Role,
    StaffMember,
    StaffRole,
    SupervisorException,
    Unit,
)
from districts.signals import employment_ended, employment_resumed, hires_added, staff_districts_changed


class Unchanged:
    """The type of UNCHANGED: an argument left out keeps the value the record has."""


UNCHANGED = Unchanged()


def _send_hires_added(staff_ids: Iterable[int]):
    staff_ids = sorted(set(staff_ids))
    if staff_ids:
        transaction.on_commit(lambda: hires_added.send(sender=StaffMember, staff_ids=staff_ids))


def has_left(end: datetime.date | None, today: datetime.date) -> bool:
    """Return whether an employment with this end date has ended by `today` (the end day itself included)."""
    return end is not None and end <= today


def _send_employment_ended(staff_ids: Iterable[int], actor, signal=employment_ended):
    """Send `employment_ended` (or `employment_resumed`) after commit, naming who saved the end date."""
    staff_ids = sorted(set(staff_ids))
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    if staff_ids:
        transaction.on_commit(lambda: signal.send(sender=StaffMember, staff_ids=staff_ids, actor_id=actor_id))


def send_staff_districts_changed(*, organisation_id: int, moves: Iterable[tuple[int | None, int | None]]) -> None:
    """Send `staff_districts_changed`, in this transaction, for these (unit before, unit after) moves of people.

    Only moves between districts are sent: a tally per district (checklists) stays right within one."""
    moves = [(before, after) for before, after in moves if before != after]
    if not moves:
        return
    unit_ids = {unit_id for move in moves for unit_id in move if unit_id is not None}
    district_of = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "district_id"))
    district_ids = set()
    for before, after in moves:
        pair = (district_of.get(before), district_of.get(after))  # no unit: no district (None)
        if pair[0] != pair[1]:
            district_ids.update(pair)
    if district_ids:
        staff_districts_changed.send(sender=StaffMember, organisation_id=organisation_id, district_ids=district_ids)


@transaction.atomic
def staff_update(
    *,
    staff: StaffMember,
    actor,
    first_name: str,
    last_name: str,
    work_email: str,
    unit: Unit | None,
    employment_start: datetime.date | None,
    employment_end: datetime.date | None,
    employment_type: str,
    competence_level: str,
    introduction_profile: str,
    gender: str,
    supervisor: StaffMember | None,
    mentor: StaffMember | None,
    roles: Iterable[str] | None = None,
    profession_start: "datetime.date | None | Unchanged" = UNCHANGED,
    supervisor_exception_reason: str = "",
) -> StaffMember:
    """Change a staff member's record; `roles=None` leaves the roles, and no `profession_start` that date, as they are.

    Raises ValidationError (keyed by field) when the supervisor is not a 1:e socialsekreterare of
    the same organisation, or is newly named below Specialist without a coordinator's exception
    (`supervisor_exception_reason`, recorded as a SupervisorException), the mentor is of another
    organisation, the dates are reversed or the email is taken.
    """
    errors: dict[str, list[str]] = {}
    work_email = work_email.strip().lower()
    if unit is not None and unit.district.organisation_id != staff.organisation_id:
        errors.setdefault("unit", []).append(_("Enheten hör till en annan organisation."))
    if supervisor is not None:
        if supervisor.pk == staff.pk:
            errors.setdefault("supervisor", []).append(_("En person kan inte vara sin egen 1:e socialsekreterare."))
        elif supervisor.organisation_id != staff.organisation_id:
            errors.setdefault("supervisor", []).append(_("1:e socialsekreteraren hör till en annan organisation."))
        elif not supervisor.roles.filter(role=Role.FORSTE_SOCIALSEKRETERARE).exists():
            errors.setdefault("supervisor", []).append(
                _("%(name)s är inte 1:e socialsekreterare.") % {"name": supervisor.full_name}
            )
        elif supervision.needs_exception(staff=staff, supervisor=supervisor):
            exception_error = _supervisor_exception_error(
                supervisor=supervisor, actor=actor, reason=supervisor_exception_reason.strip()
            )
            if exception_error:
                errors.setdefault("supervisor", []).append(exception_error)
    if profession_start is UNCHANGED:
        profession_start = staff.profession_start
    if profession_start and profession_start > clock.today():
        errors.setdefault("profession_start", []).append(_("Dagen personen började i yrket ligger i framtiden."))
    if mentor is not None:
        if mentor.pk == staff.pk:
            errors.setdefault("mentor", []).append(_("En person kan inte vara sin egen fadder."))
        elif mentor.organisation_id != staff.organisation_id:
            errors.setdefault("mentor", []).append(_("Faddern hör till en annan organisation."))
    if employment_start and employment_end and employment_end < employment_start:
        errors.setdefault("employment_end", []).append(_("Anställningens slut är före dess början."))
    if StaffMember.objects.filter(work_email__iexact=work_email).exclude(pk=staff.pk).exists():
        errors.setdefault("work_email", []).append(_("E-postadressen används redan av en annan medarbetare."))
    if roles is not None:
        roles = set(roles)
        unknown = roles - set(Role.values)
        if unknown:
            errors.setdefault("roles", []).append(_("Okänd roll: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    if errors:
        raise ValidationError(errors)

    start_changed = staff.employment_start != employment_start
    end_changed = staff.employment_end != employment_end
    had_left = has_left(staff.employment_end, clock.today())
    unit_before = staff.unit_id
    staff.first_name = first_name.strip()
    staff.last_name = last_name.strip()
    staff.work_email = work_email
    staff.unit = unit
    staff.employment_start = employment_start
    staff.employment_end = employment_end
    staff.employment_type = employment_type
    staff.profession_start = profession_start
    staff.competence_level = competence_level
    staff.introduction_profile = introduction_profile
    staff.gender = gender
    exception_needed = supervision.needs_exception(staff=staff, supervisor=supervisor)
    staff.supervisor = supervisor
    staff.mentor = mentor
    try:
        with transaction.atomic(), audit.acting(actor):
            staff.save()
    except IntegrityError as error:  # two edits at once: the unique email constraint decides
        raise ValidationError({"work_email": [_("E-postadressen används redan av en annan medarbetare.")]}) from error
    send_staff_districts_changed(organisation_id=staff.organisation_id, moves=[(unit_before, staff.unit_id)])
    if roles is not None:
        with audit.acting(actor):
            _roles_set(staff_ids_roles={staff.pk: frozenset(roles)})
    if exception_needed:
        with audit.acting(actor):
            SupervisorException.objects.create(
                staff=staff,
                supervisor=supervisor,
                supervisor_level=supervisor.competence_level,
                granted_by=actor if getattr(actor, "is_authenticated", False) else None,
                granted_at=clock.now(),
                reason=supervisor_exception_reason.strip(),
            )
    if start_changed and employment_start:
        _send_hires_added([staff.pk])
    if end_changed and has_left(employment_end, clock.today()):
        _send_employment_ended([staff.pk], actor)
    elif end_changed and had_left:
        _send_employment_ended([staff.pk], actor, signal=employment_resumed)
    return staff


def _supervisor_exception_error(*, supervisor: StaffMember, actor, reason: str) -> str:
    """Return why a supervisor below Specialist is refused, or "" when a coordinator gives a reason."""
    refusal = supervision.level_refusal(name=supervisor.full_name, level=supervisor.competence_level)
    if not access.has_capability(actor, access.Capability.GRANT_SUPERVISOR_EXCEPTION):
        return refusal + " " + _("Bara en utbildningssamordnare kan göra ett undantag.")
    if not reason:
        return refusal + " " + _("Skriv skälet till undantaget.")
    return ""


@transaction.atomic
def staff_competence_level_set(*, staff: StaffMember, level: str, actor, reason: str) -> StaffMember:
    """Set a person's competence level (as a competence review decided it), with the reason on the history row."""
    if level not in CompetenceLevel.values:
        raise ValidationError({"level": [_("Okänd kompetensnivå.")]})
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    if staff.competence_level == level:
        return staff
    staff.competence_level = level
    with audit.acting(actor, reason=reason):
        staff.save(update_fields=["competence_level", "updated_at"])
    return staff


def _roles_set(*, staff_ids_roles: dict[int, frozenset[str]]):
    """Give each staff member exactly the roles listed, with a history row for every role given or taken."""
    current: dict[int, set[str]] = {}
    for staff_id, role in StaffRole.objects.filter(staff_id__in=staff_ids_roles).values_list("staff_id", "role"):
        current.setdefault(staff_id, set()).add(role)
    to_delete = []
    to_create = []
    for staff_id, wanted in staff_ids_roles.items():
        have = current.get(staff_id, set())
        to_delete.extend((staff_id, role) for role in have - wanted)
        to_create.extend(StaffRole(staff_id=staff_id, role=role) for role in wanted - have)
    by_role: dict[str, list[int]] = {}
    for staff_id, role in to_delete:
        by_role.setdefault(role, []).append(staff_id)
    # One delete per role, however many people change; simple-history writes a '-' row for each role taken.
    for role, staff_ids in by_role.items():
        StaffRole.objects.filter(staff_id__in=staff_ids, role=role).delete()
    audit.bulk_create(to_create, StaffRole)


class ImportRejected(Exception):
    """The file has bad rows; nothing was saved. `plan.errors` lists them."""

    def __init__(self, plan: importing.ImportPlan):
        super().__init__(f"{len(plan.errors)} bad rows")
        self.plan = plan


def staff_import_apply(*, organisation, actor, content: bytes, filename: str) -> importing.ImportPlan:
    """Create and update staff from a validated file, all or nothing; return the plan that was carried out.

    The file is validated again here against the database as it is now, so a preview that has
    gone stale can never save a bad row. The import is one ImportRecord (file, actor, counts) and
    every row it writes has a history row naming the actor and the import. Raises ImportRejected,
    importing.ImportFileError, or ValidationError when someone else saved the same people at the same moment.
    """
    try:
        return _staff_import_apply(organisation=organisation, actor=actor, content=content, filename=filename)
    except IntegrityError as error:
        raise ValidationError(
            _("Någon annan ändrade personalen samtidigt. Ingenting har sparats; granska filen igen.")
        ) from error


@transaction.atomic
def _staff_import_apply(*, organisation, actor, content: bytes, filename: str) -> importing.ImportPlan:
    plan = importing.plan_import(organisation=organisation, content=content, filename=filename)
    if not plan.is_valid:
        raise ImportRejected(plan)
    now = clock.now()
    record = ImportRecord.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        imported_at=now,
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=len(plan.unchanged),
    )
    with audit.acting(actor, reason=record.reason):
        _staff_import_write(organisation=organisation, plan=plan, now=now, actor=actor)
    return plan


def _staff_import_write(*, organisation: Organisation, plan: importing.ImportPlan, now, actor) -> None:
    # People the rows point to as supervisor or fadder; those created by this file are added once they exist.
    pk_by_email = dict(plan.referenced_people)
    pk_by_email.update({row.email: row.existing.pk for row in plan.rows if row.existing is not None})

    def link(row: importing.PlannedRow, staff: StaffMember) -> bool:
        """Set supervisor and fadder from the row; return False while one of them is not created yet."""
        complete = True
        for key in ("supervisor", "mentor"):
            if key not in row.columns:
                continue
            email = getattr(row, f"{key}_email")
            setattr(staff, f"{key}_id", pk_by_email.get(email) if email else None)
            complete = complete and (not email or email in pk_by_email)
        return complete

    created = []
    waiting = []  # created rows whose supervisor or fadder is created by the same file
    for row in plan.creates:
        staff = StaffMember(organisation=organisation, unit=row.unit, work_email=row.email, **row.values)
        staff.created_at = staff.updated_at = now
        if not link(row, staff):
            waiting.append((row, staff))
        created.append((row, staff))
    audit.bulk_create([staff for _row, staff in created], StaffMember)
    pk_by_email.update({row.email: staff.pk for row, staff in created})
    for row, staff in waiting:
        link(row, staff)
    if waiting:
        audit.bulk_update([staff for _row, staff in waiting], StaffMember, ["supervisor", "mentor"])

    updated_fields = {"unit", "updated_at", "supervisor", "mentor"}
    updated = []
    for row in plan.updates:
        staff = row.existing
        for key, value in row.values.items():
            setattr(staff, key, value)
            updated_fields.add(key)
        staff.unit = row.unit
        staff.updated_at = now
        link(row, staff)
        updated.append((row, staff))
    if updated:
        # Moves between districts are told by the bulk update itself (districts.moves).
        audit.bulk_update([staff for _row, staff in updated], StaffMember, sorted(updated_fields))

    roles = {staff.pk: row.roles for row, staff in created + updated if row.roles is not None}
    roles.update({staff.pk: frozenset({Role.SOCIALSEKRETERARE}) for row, staff in created if row.roles is None})
    _roles_set(staff_ids_roles=roles)

    _send_hires_added(staff.pk for _row, staff in created + updated if staff.employment_start)
    today = now.astimezone(clock.STOCKHOLM).date()
    _send_employment_ended(
        (staff.pk for _row, staff in created + updated if has_left(staff.employment_end, today)), actor
    )


def staff_language_set(*, staff: StaffMember, language: str, actor) -> bool:
    """Remember the language a person chose in the app, for the e-mails sent to them; True when it changed."""
    if language not in dict(settings.LANGUAGES) or staff.language == language:
        return False
    staff.language = language
    with audit.acting(actor):
        staff.save(update_fields=["language", "updated_at"])
    return True
