"""The Historik pages: who changed a staff member, plan, round, nomination or checklist template, when, and how.

Each page merges the history of the object and of its parts (a plan's items, goals and meetings; a
round's sessions) into one list, newest first, paginated in the database: a page costs the same
handful of queries whatever the history holds. The object is found through the scoped querysets of
districts.access; reading history is `access.can_read_history` (coordinators and HR of the object's
organisation; others get 403 before any lookup). History is read only: nothing here writes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Model, Value
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import get_history_model_for_model

from checklists.models import (
    ChecklistTemplate,
    IntroductionPlan,
    LearningGoal,
    PlanItem,
    PlanMeeting,
    TemplateItem,
    TemplatePhase,
    TemplateVersion,
)
from courses.models import Attendance, CourseRound, Nomination, RoundSession
from districts import access, audit
from districts.models import StaffMember, StaffRole
from districts.pagination import paginate

PAGE_SIZE = 25


@dataclass(frozen=True)
class Stream:
    """The history rows of one model that belong on a page, and how to name the part each row is about."""

    model: type[Model]
    filter: dict
    label: Callable[[Model], str] = lambda record: ""


def _merged(streams: list[Stream]):
    """Return one queryset of (date, history id, stream index) over every stream, newest first."""
    parts = [
        get_history_model_for_model(stream.model)
        .objects.filter(**stream.filter)
        .values_list("history_date", "history_id")
        .annotate(stream=Value(index, output_field=IntegerField()))
        .order_by()
        for index, stream in enumerate(streams)
    ]
    merged = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return merged.order_by("-history_date", "-history_id")


def entries_for(streams: list[Stream], rows) -> list[audit.HistoryEntry]:
    """Load the page's history rows per stream (with who and the row before each) and turn them into entries."""
    wanted: dict[int, list[int]] = {}
    for _date, history_id, index in rows:
        wanted.setdefault(index, []).append(history_id)
    by_key = {}
    for index, ids in wanted.items():
        stream = streams[index]
        history_model = get_history_model_for_model(stream.model)
        records = list(history_model.objects.filter(history_id__in=ids).select_related("history_user__staff_member"))
        previous = audit.previous_records(history_model, records)
        part = str(stream.model._meta.verbose_name).capitalize()

        def what(record, stream=stream, part=part):
            label = stream.label(record)
            return f"{part}: {label}" if label else part

        for record, entry in zip(
            records, audit.history_entries(records, model=stream.model, what=what, previous=previous), strict=True
        ):
            by_key[(index, record.history_id)] = entry
    return [by_key[(index, history_id)] for _date, history_id, index in rows]


def _page(request, *, title: str, organisation_id: int, back_url: str, back_label: str, streams: list[Stream]):
    if not access.can_read_history(request.user, organisation_id):
        raise PermissionDenied
    page, query = paginate(request, _merged(streams), per_page=PAGE_SIZE)
    return render(
        request,
        "history/history.html",
        {
            "title": title,
            "back_url": back_url,
            "back_label": back_label,
            "page": page,
            "query": query,
            "entries": entries_for(streams, list(page.object_list)),
        },
    )


def _local(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""


@access.require_capability(access.Capability.READ_HISTORY)
def staff_history(request, pk: int):
    staff = get_object_or_404(access.visible_staff(request.user), pk=pk)
    return _page(
        request,
        title=_("Historik för %(name)s") % {"name": staff.full_name},
        organisation_id=staff.organisation_id,
        back_url=reverse("districts:staff_detail", args=[staff.pk]),
        back_label=staff.full_name,
        streams=[
            Stream(StaffMember, {"id": staff.pk}),
            Stream(StaffRole, {"staff_id": staff.pk}, lambda record: record.get_role_display()),
        ],
    )


@access.require_capability(access.Capability.READ_HISTORY)
def plan_history(request, plan_id: int):
    plans = access.restrict_by_staff(request.user, IntroductionPlan.objects.select_related("staff"), "staff")
    plan = get_object_or_404(plans, pk=plan_id)
    return _page(
        request,
        title=_("Historik för introduktionsplanen för %(name)s") % {"name": plan.staff.full_name},
        organisation_id=plan.staff.organisation_id,
        back_url=reverse("checklists:plan_detail", args=[plan.pk]),
        back_label=plan.staff.full_name,
        streams=[
            Stream(IntroductionPlan, {"id": plan.pk}),
            Stream(PlanItem, {"plan_id": plan.pk}, lambda record: record.title),
            Stream(LearningGoal, {"plan_id": plan.pk}, lambda record: record.get_knowledge_area_display()),
            Stream(
                PlanMeeting,
                {"plan_id": plan.pk},
                lambda record: f"{record.get_kind_display()} {_local(record.starts_at)}",
            ),
        ],
    )


@access.require_capability(access.Capability.READ_HISTORY)
def round_history(request, pk: int):
    rounds = access.restrict_by_organisation(
        request.user, CourseRound.objects.select_related("course"), "course__organisation"
    )
    course_round = get_object_or_404(rounds, pk=pk)
    return _page(
        request,
        title=_("Historik för %(round)s") % {"round": course_round.title},
        organisation_id=course_round.course.organisation_id,
        back_url=reverse("courses:round_detail", args=[course_round.pk]),
        back_label=course_round.title,
        streams=[
            Stream(CourseRound, {"id": course_round.pk}),
            Stream(RoundSession, {"course_round_id": course_round.pk}, lambda record: f"{record.date:%Y-%m-%d}"),
        ],
    )


@access.require_capability(access.Capability.READ_HISTORY)
def nomination_history(request, pk: int):
    nominations = access.restrict_by_organisation(
        request.user,
        Nomination.objects.select_related("staff", "course_round__course"),
        "course_round__course__organisation",
    )
    nomination = get_object_or_404(access.restrict_by_staff(request.user, nominations, "staff"), pk=pk)
    return _page(
        request,
        title=_("Historik för nomineringen av %(name)s till %(round)s")
        % {"name": nomination.staff.full_name, "round": nomination.course_round.title},
        organisation_id=nomination.course_round.course.organisation_id,
        back_url=reverse("courses:nomination_detail", args=[nomination.pk]),
        back_label=nomination.staff.full_name,
        streams=[
            Stream(Nomination, {"id": nomination.pk}),
            Stream(Attendance, {"nomination_id": nomination.pk}),
        ],
    )


@access.require_capability(access.Capability.READ_HISTORY)
def template_history(request, template_id: int):
    templates = access.restrict_by_organisation(request.user, ChecklistTemplate.objects.all(), "organisation_id")
    template = get_object_or_404(templates, pk=template_id)
    version_ids = list(TemplateVersion.objects.filter(template=template).values_list("pk", flat=True))
    return _page(
        request,
        title=_("Historik för checklistmallen %(name)s") % {"name": template.name},
        organisation_id=template.organisation_id,
        back_url=reverse("checklists:template_list"),
        back_label=template.name,
        streams=[
            Stream(ChecklistTemplate, {"id": template.pk}),
            Stream(TemplateVersion, {"template_id": template.pk}, lambda record: f"v{record.number}"),
            Stream(TemplatePhase, {"version_id__in": version_ids}, lambda record: record.title),
            Stream(TemplateItem, {"version_id__in": version_ids}, lambda record: record.title),
        ],
    )
