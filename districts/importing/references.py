"""Check the people rows point to: each row against the staff already there, supervisors and mentors across the file.

A supervisor or mentor may be another row of the same file or a person already in the organisation; a
newly named supervisor must be a 1:e socialsekreterare whose competence level may supervise (or hold an
exception), as the staff form requires.
"""

from collections.abc import Iterable

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from districts import supervision
from districts.importing.plan import PlannedRow
from districts.importing.rows import RowReader
from districts.models import CompetenceLevel, Organisation, Role, StaffMember


def existing_by_email(emails: Iterable[str]) -> dict[str, StaffMember]:
    """Return the staff with these work emails (any organisation), by lower-cased email."""
    emails = list(emails)
    found: dict[str, StaffMember] = {}
    for start in range(0, len(emails), 1000):
        chunk = emails[start : start + 1000]
        for staff in (
            StaffMember.objects.annotate(email_lower=Lower("work_email"))
            .filter(email_lower__in=chunk)
            .select_related("supervisor", "mentor")
            .prefetch_related("roles")
        ):
            found[staff.email_lower] = staff
    return found


class ReferenceCheck:
    """Match the valid rows to existing staff and check every row's supervisor and mentor, adding errors."""

    def __init__(self, *, reader: RowReader, organisation: Organisation, all_rows: list[PlannedRow]):
        self.reader = reader
        self.organisation = organisation
        self.all_rows = all_rows
        self.in_file = {row.email: row for row in reader.plan.rows}
        self.references = {row.supervisor_email for row in all_rows} | {row.mentor_email for row in all_rows}
        self.existing = existing_by_email(set(self.in_file) | {email for email in self.references if email})

    def run(self) -> None:
        self.match_existing()
        self.check_people()
        self.note_referenced_people()

    def match_existing(self) -> None:
        for row in self.reader.plan.rows:
            person = self.existing.get(row.email)
            if person is not None and person.organisation_id != self.organisation.pk:
                self.reader.error(row.line, "work_email", _("e-postadressen används redan i en annan organisation"))
            row.existing = person if person is not None and person.organisation_id == self.organisation.pk else None

    def roles_of(self, email: str) -> frozenset[str] | None:
        """Return the roles the person will have after the import (None: no such person)."""
        if email in self.reader.first_line_of and email not in self.in_file:
            return frozenset(Role)  # a bad row of its own; its error is already listed
        row = self.in_file.get(email)
        if row is not None:
            if row.roles is not None:
                return row.roles
            if row.existing is not None:
                return frozenset(role.role for role in row.existing.roles.all())
            return frozenset({Role.SOCIALSEKRETERARE})
        person = self.existing.get(email)
        if person is None or person.organisation_id != self.organisation.pk:
            return None
        return frozenset(role.role for role in person.roles.all())

    def level_of(self, email: str) -> str | None:
        """Return the competence level the person will have after the import (None: a bad row of its own)."""
        row = self.in_file.get(email)
        if row is not None:
            if "competence_level" in row.values:
                return row.values["competence_level"]
            return row.existing.competence_level if row.existing is not None else CompetenceLevel.NYBORJARE
        if email in self.reader.first_line_of:
            return None
        person = self.existing.get(email)
        return person.competence_level if person is not None else None

    def supervisor_refusal(self, row: PlannedRow) -> str:
        """Return why the row's newly named supervisor may not supervise, or "" (the staff form's rule)."""
        hire = self.in_file.get(row.email)
        person = hire.existing if hire is not None else None
        current = person.supervisor.work_email.lower() if person is not None and person.supervisor else None
        level = self.level_of(row.supervisor_email)
        if current == row.supervisor_email or level is None or supervision.may_supervise(level):
            return ""
        supervisor = self.existing.get(row.supervisor_email)
        if (
            person is not None
            and supervisor is not None
            and supervision.has_exception(staff_id=person.pk, supervisor_id=supervisor.pk)
        ):
            return ""
        return (
            supervision.level_refusal(name=row.supervisor_email, level=level)
            + " "
            + _("En utbildningssamordnare kan göra ett undantag på personens sida.")
        )

    def check_people(self) -> None:
        error = self.reader.error
        for row in self.all_rows:
            if row.supervisor_email:
                supervisor_roles = self.roles_of(row.supervisor_email)
                if supervisor_roles is None:
                    error(
                        row.line,
                        "supervisor",
                        _("%(email)s finns varken i filen eller bland organisationens medarbetare")
                        % {"email": row.supervisor_email},
                    )
                elif Role.FORSTE_SOCIALSEKRETERARE not in supervisor_roles:
                    error(
                        row.line,
                        "supervisor",
                        _("%(email)s är inte 1:e socialsekreterare") % {"email": row.supervisor_email},
                    )
                elif refusal := self.supervisor_refusal(row):
                    error(row.line, "supervisor", refusal)
            if row.mentor_email and self.roles_of(row.mentor_email) is None:
                error(
                    row.line,
                    "mentor",
                    _("%(email)s finns varken i filen eller bland organisationens medarbetare")
                    % {"email": row.mentor_email},
                )

    def note_referenced_people(self) -> None:
        """Record the existing staff the rows point to (not rows of the file), for the import to link."""
        for email in self.references:
            person = self.existing.get(email) if email else None
            if person is not None and email not in self.in_file and person.organisation_id == self.organisation.pk:
                self.reader.plan.referenced_people[email] = person.pk
