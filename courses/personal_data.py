"""What courses holds about one person: nominations, their events and attendance; and their anonymisation."""

from django.db.models import Q
from django.utils.translation import gettext as _

from courses.models import (
    Attendance,
    CalendarFeed,
    Certificate,
    DialogueGroupMember,
    KeyPerson,
    Nomination,
    NominationEvent,
    RoundSession,
)
from districts import audit
from districts.models import StaffMember
from districts.personal_data import ANONYMISED, Section, history_section, section

NOMINATION_FIELDS = [
    "course_round",
    "status",
    "nominated_by",
    "queued_at",
    "drop_out_reason",
    "drop_out_text",
    "completion_override_reason",
    "completed_at",
    "created_at",
]
# Free text others wrote about the person: replaced when they are anonymised.
NOMINATION_TEXT_FIELDS = ["drop_out_text", "completion_override_reason"]


def extract(*, staff: StaffMember) -> list[Section]:
    """Return the person's nominations with their events, attendance, dialogue groups and lectures."""
    nominations = Nomination.objects.filter(staff=staff).select_related("course_round", "nominated_by__staff_member")
    return [
        section("nominations", _("Nomineringar"), nominations.order_by("queued_at", "pk"), NOMINATION_FIELDS),
        section(
            "nomination_events",
            _("Händelser för nomineringarna"),
            NominationEvent.objects.filter(nomination__staff=staff)
            .select_related("nomination__course_round", "actor__staff_member")
            .order_by("at", "pk"),
            ["nomination", "kind", "actor", "at", "note"],
        ),
        section(
            "attendance",
            _("Närvaro"),
            Attendance.objects.filter(nomination__staff=staff)
            .select_related("session__course_round", "recorded_by__staff_member")
            .order_by("session__date", "pk"),
            ["session", "present", "recorded_by", "recorded_at"],
        ),
        section(
            "dialogue_groups",
            _("Dialoggrupper"),
            DialogueGroupMember.objects.filter(nomination__staff=staff).select_related("group__course_round"),
            ["group"],
        ),
        section(
            "lectures",
            _("Föreläser vid kurstillfällen"),
            RoundSession.objects.filter(lecturer_staff=staff).select_related("course_round").order_by("date"),
            ["course_round", "date", "start_time", "end_time", "place"],
        ),
        section("calendar_feed", _("Kalenderprenumeration"), CalendarFeed.objects.filter(staff=staff), ["created_at"]),
        section(
            "certificates",
            _("Intyg"),
            Certificate.objects.filter(nomination__staff=staff).order_by("issued_on", "pk"),
            ["course_name", "code", "issued_on", "first_day", "last_day", "days", "credits", "download_count"],
        ),
        section(
            "key_person_areas",
            _("Nyckelperson för"),
            KeyPerson.objects.filter(staff=staff).order_by("area"),
            ["area", "note"],
        ),
        history_section(
            "nomination_history",
            _("Historik: nomineringar"),
            Nomination,
            {"staff_id": staff.pk},
            ["course_round", "status", "drop_out_reason", *NOMINATION_TEXT_FIELDS],
        ),
        history_section(
            "attendance_history",
            _("Historik: närvaro"),
            Attendance,
            {"nomination_id__in": list(nominations.values_list("pk", flat=True))},
            ["session", "present"],
        ),
    ]


def anonymise(*, staff: StaffMember) -> None:
    """Replace the free text written about the person's nominations, here and in their history."""
    nomination_ids = list(Nomination.objects.filter(staff=staff).values_list("pk", flat=True))
    for name in NOMINATION_TEXT_FIELDS:
        written = Q(**{f"{name}__gt": ""})
        Nomination.objects.filter(written, pk__in=nomination_ids).update(**{name: ANONYMISED})
        audit.scrub_history(Nomination, {"id__in": nomination_ids, f"{name}__gt": ""}, {name: ANONYMISED})
    NominationEvent.objects.filter(nomination_id__in=nomination_ids, note__gt="").update(note=ANONYMISED)
    CalendarFeed.objects.filter(staff=staff).delete()  # the private feed address ends with the person
