"""Who may be named 1:e socialsekreterare (supervisor) of a hire: the competence ladder's rule, in one place.

The city's model (2000) lets only the levels Specialist and Expert carry the responsibility of
supervising less experienced colleagues. Another choice is refused with the reason, unless a
coordinator records an exception (`SupervisorException`: who, when, why) for that hire and supervisor.
The rule reads only `StaffMember.competence_level`; how a level is reached lives in the competence app.
"""

from django.utils.translation import gettext as _

from districts.models import CompetenceLevel, StaffMember, SupervisorException

SUPERVISING_LEVELS = frozenset({CompetenceLevel.SPECIALIST, CompetenceLevel.EXPERT})


def may_supervise(level: str) -> bool:
    """Return whether a person at this competence level may be named a hire's 1:e socialsekreterare."""
    return level in SUPERVISING_LEVELS


def level_refusal(*, name: str, level: str) -> str:
    """Return why a person at `level` may not supervise a hire (the message the form and the import show)."""
    return _(
        "%(name)s har kompetensnivån %(level)s. Bara en Specialist eller Expert får vara 1:e socialsekreterare "
        "för en nyanställd."
    ) % {"name": name, "level": CompetenceLevel(level).label}


def has_exception(*, staff_id: int, supervisor_id: int) -> bool:
    """Return whether a coordinator has recorded an exception for this supervisor of this person."""
    return SupervisorException.objects.filter(staff_id=staff_id, supervisor_id=supervisor_id).exists()


def current_exception(*, staff: StaffMember) -> SupervisorException | None:
    """Return the recorded exception that lets the person's present supervisor supervise them, if any."""
    if staff.supervisor_id is None or may_supervise(staff.supervisor.competence_level):
        return None
    return (
        SupervisorException.objects.filter(staff=staff, supervisor_id=staff.supervisor_id)
        .select_related("granted_by__staff_member")
        .first()
    )


def needs_exception(*, staff: StaffMember, supervisor: StaffMember | None) -> bool:
    """Return whether naming `supervisor` for `staff` now takes a coordinator's exception.

    Only a change is checked: a record that already names someone keeps its supervisor when edited
    for another reason, and a recorded exception for the same pair holds.
    """
    if supervisor is None or supervisor.pk == staff.supervisor_id or may_supervise(supervisor.competence_level):
        return False
    return staff.pk is None or not has_exception(staff_id=staff.pk, supervisor_id=supervisor.pk)
