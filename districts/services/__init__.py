"""Writes of the districts app: each is keyword-only, atomic, validating, and sends its hooks on commit.

Each names its `actor` (the User acting, or None for the system), which the audit trail records.
The writes live in modules by what they change (`staff`: staff records and their import,
`data_protection`: anonymising leavers, `logins`: the sign-in that opens a login and the end of
leavers' sessions); their public names are re-exported here, so callers write `services.staff_update`.
"""

from districts.services.data_protection import anonymisation_cutoff, staff_anonymise, staff_anonymise_expired
from districts.services.logins import SIGN_IN_REASON, leaver_sessions_end, staff_sign_in
from districts.services.staff import (
    UNCHANGED,
    ImportRejected,
    Unchanged,
    has_left,
    staff_competence_level_set,
    staff_import_apply,
    staff_language_set,
    staff_update,
)

__all__ = [
    "SIGN_IN_REASON",
    "UNCHANGED",
    "ImportRejected",
    "Unchanged",
    "anonymisation_cutoff",
    "has_left",
    "leaver_sessions_end",
    "staff_anonymise",
    "staff_anonymise_expired",
    "staff_competence_level_set",
    "staff_import_apply",
    "staff_language_set",
    "staff_sign_in",
    "staff_update",
]
