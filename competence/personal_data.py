"""What the competence app holds about one person: their credits, reviews and the exceptions naming them.

The review's free text (what the decision rests on) and a credit's source are about the person, so
anonymisation replaces them, in the history too; the level, dates and points stay for the statistics.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from competence.models import CompetenceReview, CreditEntry
from districts import audit
from districts.models import StaffMember, SupervisorException
from districts.personal_data import ANONYMISED, Section, history_section, section

REVIEW_FIELDS = [
    "reviewed_on",
    "reviewer",
    "years_in_profession",
    "credits",
    "proposed_level",
    "decided_level",
    "rationale",
]
CREDIT_FIELDS = ["earned_on", "source", "credits", "registered_at"]


def extract(*, staff: StaffMember) -> list[Section]:
    """Return the person's credits from elsewhere, their competence reviews and supervisor exceptions."""
    return [
        section("credits", _("Högskolepoäng från annat håll"), CreditEntry.objects.filter(staff=staff), CREDIT_FIELDS),
        section(
            "competence_reviews",
            _("Kompetensprövningar"),
            CompetenceReview.objects.filter(staff=staff).select_related("reviewer").order_by("reviewed_on", "pk"),
            REVIEW_FIELDS,
        ),
        section(
            "supervisor_exceptions",
            _("Undantag för 1:e socialsekreterare"),
            SupervisorException.objects.filter(Q(staff=staff) | Q(supervisor=staff))
            .select_related("staff", "supervisor")
            .order_by("granted_at", "pk"),
            ["staff", "supervisor", "supervisor_level", "granted_at", "reason"],
        ),
        history_section(
            "competence_review_history",
            _("Historik: kompetensprövningar"),
            CompetenceReview,
            {"staff_id": staff.pk},
            REVIEW_FIELDS,
        ),
    ]


def anonymise(*, staff: StaffMember) -> None:
    """Replace the free text of the person's reviews, credits and supervisor exceptions, and of their history."""
    replacements = [
        (CompetenceReview, "rationale", {"staff_id": staff.pk}),
        (CreditEntry, "source", {"staff_id": staff.pk}),
        (SupervisorException, "reason", {"staff_id": staff.pk}),
    ]
    for model, name, where in replacements:
        model.objects.filter(**where, **{f"{name}__gt": ""}).update(**{name: ANONYMISED})
        audit.scrub_history(model, {**where, f"{name}__gt": ""}, {name: ANONYMISED})
