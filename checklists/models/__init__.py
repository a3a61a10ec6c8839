"""Checklist templates (Bilaga 3), their versions, and each hire's individual introduction plan.

A published template version never changes: the service refuses, and on PostgreSQL a trigger
(migration 0002) refuses too. Plans keep the version they were laid out from.
"""

# The package re-exports every model and constant so that `from checklists.models import X` keeps working.
from .exports import (
    ExportStatus,
    PlanExport,
    PlanExportPart,
)
from .goals import (
    LearningGoal,
)
from .meetings import (
    MeetingKind,
    PlanMeeting,
)
from .plans import (
    PREFETCHED_EVENTS,
    EventSource,
    IntroductionPlan,
    PlanItem,
    PlanItemEvent,
    PlanStatus,
)
from .reminders import (
    ReminderSent,
)
from .tallies import (
    PlanOverviewCounts,
    PlanTally,
)
from .templates import (
    ALL_PROFILES,
    PHASE_ORDER,
    AutomaticSource,
    ChecklistTemplate,
    CourseTrigger,
    Phase,
    ResponsibleRole,
    TemplateItem,
    TemplatePhase,
    TemplateVersion,
    VersionStatus,
)

__all__ = [
    "AutomaticSource",
    "ALL_PROFILES",
    "Phase",
    "PHASE_ORDER",
    "ResponsibleRole",
    "VersionStatus",
    "ChecklistTemplate",
    "TemplateVersion",
    "TemplatePhase",
    "CourseTrigger",
    "TemplateItem",
    "PlanStatus",
    "PREFETCHED_EVENTS",
    "PlanOverviewCounts",
    "PlanTally",
    "IntroductionPlan",
    "PlanItem",
    "EventSource",
    "PlanItemEvent",
    "LearningGoal",
    "MeetingKind",
    "PlanMeeting",
    "ExportStatus",
    "PlanExport",
    "PlanExportPart",
    "ReminderSent",
]
