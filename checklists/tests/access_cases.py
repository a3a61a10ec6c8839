"""Every checklists page for every role: own objects (world.own_unit) and objects in world.other_district."""

import datetime

from checklists import services
from checklists.models import MeetingKind, PlanExport, PlanItem, PlanMeeting, ResponsibleRole
from checklists.tests.factories import ensure_default_template, plan_for
from districts import clock
from districts.models import Role
from districts.tests.access_table import FORBIDDEN, NOT_FOUND, OK, REDIRECT, PageCase, every_role, roles
from districts.tests.factories import StaffMemberFactory

R = Role


def _plan(staff):
    return getattr(staff, "introduction_plan", None) or plan_for(staff)


def own_plan(world):
    return {"plan_id": _plan(world.hire).pk}


def other_plan(world):
    return {"plan_id": _plan(world.other_hire).pk}


def _item(staff, role=ResponsibleRole.ENHETSCHEF):
    plan = _plan(staff)
    # A fresh item each time, so that every role's request sees version 1.
    template = PlanItem.objects.filter(plan=plan, responsible_role=role).first()
    return PlanItem.objects.create(
        plan=plan, phase=template.phase, title="Testpunkt", responsible_role=role, due_date=template.due_date
    )


def _past_meeting(staff):
    """A supervision of the hire's plan that was due yesterday (the same row for every role's request)."""
    meeting, _created = PlanMeeting.objects.get_or_create(
        plan=_plan(staff),
        kind=MeetingKind.SUPERVISION,
        starts_at=(clock.now() - datetime.timedelta(days=1)).replace(minute=0, second=0, microsecond=0),
    )
    return {"meeting_id": meeting.pk}


def _new_hire(unit):
    return StaffMemberFactory(unit=unit)


def _version(world):
    return {"version_id": ensure_default_template(world.organisation).pk}


def _draft(world):
    version = ensure_default_template(world.organisation)
    return services.template_version_draft(template=version.template, actor=None)


def _draft_item(world):
    return {"item_id": _draft(world).items.first().pk}


def _published_item(world):
    return {"item_id": ensure_default_template(world.organisation).items.first().pk}


def _export(world, staff):
    plan = _plan(staff)
    export = PlanExport.objects.create(
        organisation=world.organisation, description="test", plan_ids=[plan.pk], total=1, requested_by=None
    )
    return {"export_id": export.pk}


ORGANISATION_WIDE = {R.UTBILDNINGSSAMORDNARE, R.HR, R.OMRADESCHEF}
SEES_OWN_HIRE = every_role(OK, NOT_FOUND)
for role in ORGANISATION_WIDE:
    SEES_OWN_HIRE[role] = (OK, OK)

# Who may change the plan: the hire's enhetschef and 1:e socialsekreterare, and coordinators/HR
# (MANAGE_PLANS in their organisation). The hire and read-only roles get 403, others' plans 404.
EDITS_PLAN = roles(
    (FORBIDDEN, NOT_FOUND),
    enhetschef=(OK, NOT_FOUND),
    forste_socialsekreterare=(OK, NOT_FOUND),
    utbildningssamordnare=(OK, OK),
    hr=(OK, OK),
    omradeschef=(FORBIDDEN, FORBIDDEN),
)

# Who marks a meeting held: the hire and their 1:e socialsekreterare; others who see the plan get 403.
RECORDS_MEETINGS = roles(
    (FORBIDDEN, NOT_FOUND),
    socialsekreterare=(OK, NOT_FOUND),
    forste_socialsekreterare=(OK, NOT_FOUND),
    utbildningssamordnare=(FORBIDDEN, FORBIDDEN),
    hr=(FORBIDDEN, FORBIDDEN),
    omradeschef=(FORBIDDEN, FORBIDDEN),
)

PROGRAMME_ONLY = roles((FORBIDDEN, None), utbildningssamordnare=(OK, None))
PROGRAMME_POST = roles((FORBIDDEN, None), utbildningssamordnare=(REDIRECT, None))
EXPORTERS = roles((FORBIDDEN, None), utbildningssamordnare=(OK, None), hr=(OK, None))

CASES = [
    PageCase("checklists:my_hires", every_role(OK)),
    # Own hires only (the unit's, the supervised): nothing to address in another district, the list is scoped.
    PageCase(
        "checklists:del2_themes",
        roles((FORBIDDEN, None), enhetschef=(OK, None), forste_socialsekreterare=(OK, None)),
    ),
    PageCase(
        "checklists:unit_overview",
        roles((FORBIDDEN, None), enhetschef=(OK, None), utbildningssamordnare=(OK, None), hr=(OK, None)),
    ),
    PageCase(
        "checklists:overview",
        roles(
            (FORBIDDEN, None),
            enhetschef=(OK, None),
            utbildningssamordnare=(OK, None),
            hr=(OK, None),
            omradeschef=(OK, None),
            utbildarstod=(OK, None),
        ),
    ),
    PageCase("checklists:plan_detail", SEES_OWN_HIRE, own=own_plan, other=other_plan),
    PageCase("checklists:plan_pdf", SEES_OWN_HIRE, own=own_plan, other=other_plan),
    PageCase("checklists:plan_edit", EDITS_PLAN, own=own_plan, other=other_plan),
    PageCase("checklists:meeting_create", EDITS_PLAN, own=own_plan, other=other_plan),
    PageCase(
        "checklists:meeting_record_held",
        RECORDS_MEETINGS,
        own=lambda world: _past_meeting(world.hire),
        other=lambda world: _past_meeting(world.other_hire),
    ),
    PageCase(
        "checklists:plan_create",
        # changeable_staff: the enhetschef's unit, HR's and coordinators' organisation.
        roles(
            (FORBIDDEN, FORBIDDEN),
            enhetschef=(OK, NOT_FOUND),
            utbildningssamordnare=(OK, OK),
            hr=(OK, OK),
        ),
        own=lambda world: {"staff_id": _new_hire(world.own_unit).pk},
        other=lambda world: {"staff_id": _new_hire(world.other_unit).pk},
    ),
    PageCase(
        "checklists:item_tick",
        # The enhetschef's item: its manager and the hire's supervisor tick; visible read-only roles get 403.
        roles(
            (FORBIDDEN, NOT_FOUND),
            enhetschef=(REDIRECT, NOT_FOUND),
            forste_socialsekreterare=(REDIRECT, NOT_FOUND),
            utbildningssamordnare=(FORBIDDEN, FORBIDDEN),
            hr=(FORBIDDEN, FORBIDDEN),
            omradeschef=(FORBIDDEN, FORBIDDEN),
        ),
        own=lambda world: {"item_id": _item(world.hire).pk},
        other=lambda world: {"item_id": _item(world.other_hire).pk},
        method="post",
        data=lambda world: {"done": "1", "version": "1", "note": ""},
    ),
    PageCase("checklists:template_list", PROGRAMME_ONLY),
    PageCase("checklists:version_detail", PROGRAMME_ONLY, own=_version),
    PageCase(
        "checklists:version_draft",
        PROGRAMME_POST,
        own=lambda world: {"template_id": ensure_default_template(world.organisation).template_id},
        method="post",
    ),
    PageCase("checklists:version_publish", PROGRAMME_POST, own=_version, method="post"),
    PageCase("checklists:version_pdf", every_role(OK), own=_version),
    PageCase("checklists:template_item_create", PROGRAMME_ONLY, own=lambda world: {"version_id": _draft(world).pk}),
    PageCase("checklists:template_item_edit", PROGRAMME_ONLY, own=_draft_item),
    PageCase("checklists:template_item_delete", PROGRAMME_POST, own=_draft_item, method="post"),
    PageCase("checklists:template_item_move", PROGRAMME_POST, own=_draft_item, method="post"),
    PageCase("checklists:export_list", EXPORTERS),
    PageCase("checklists:export_status", EXPORTERS, own=lambda world: _export(world, world.hire)),
    PageCase(
        "checklists:export_download",
        roles((FORBIDDEN, None), utbildningssamordnare=(NOT_FOUND, None), hr=(NOT_FOUND, None)),
        own=lambda world: _export(world, world.hire),
    ),
]
