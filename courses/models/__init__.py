"""The course programme: courses and their modules, rounds with sessions, nominations, attendance and groups.

Rules that must hold under concurrent requests are database constraints: one Del 1 / Del 2 per
organisation, one planned round per course and planning key (the planner's idempotency), one
active nomination per person and round, one Del 1 per person (booked, waitlisted or completed), one
attendance row per session and nomination.
"""

# The package re-exports every model and constant so that `from courses.models import X` keeps working;
# the private defaults are named here too because migrations refer to them as `courses.models.<name>`.
from .certificates import (
    CERTIFICATE_CODE_ALPHABET,
    CERTIFICATE_CODE_LENGTH,
    Certificate,
    new_certificate_code,
)
from .feeds import (
    CalendarFeed,
    SentNotification,
    _new_token,
)
from .groups import (
    DialogueGroup,
    DialogueGroupMember,
)
from .lecturers import (
    DEFAULT_TRAINER_SUPPORT_SHARE,
    KeyPerson,
    TrainerSupportShare,
)
from .nominations import (
    ACTIVE_STATUSES,
    ENROLLED_STATUSES,
    ONE_DEL1_STATUSES,
    Attendance,
    DropOutReason,
    Nomination,
    NominationEvent,
    NominationEventKind,
    NominationStatus,
)
from .planning import (
    ClosureDay,
    PlanningSettings,
    _default_excluded_months,
)
from .programme import (
    Course,
    CourseKind,
    CourseModule,
    KnowledgeArea,
    ProgrammeArea,
)
from .rounds import (
    CourseRound,
    RoundSession,
    RoundStatus,
)

__all__ = [
    "KnowledgeArea",
    "CourseKind",
    "ProgrammeArea",
    "Course",
    "CourseModule",
    "RoundStatus",
    "CourseRound",
    "RoundSession",
    "NominationStatus",
    "ACTIVE_STATUSES",
    "ONE_DEL1_STATUSES",
    "ENROLLED_STATUSES",
    "DropOutReason",
    "Nomination",
    "NominationEventKind",
    "NominationEvent",
    "Attendance",
    "DialogueGroup",
    "DialogueGroupMember",
    "_default_excluded_months",
    "PlanningSettings",
    "ClosureDay",
    "_new_token",
    "CalendarFeed",
    "SentNotification",
    "CERTIFICATE_CODE_ALPHABET",
    "CERTIFICATE_CODE_LENGTH",
    "new_certificate_code",
    "Certificate",
    "KeyPerson",
    "DEFAULT_TRAINER_SUPPORT_SHARE",
    "TrainerSupportShare",
]
