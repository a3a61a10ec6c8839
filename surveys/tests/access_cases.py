from districts.tests.access_table import FORBIDDEN, NOT_FOUND, OK, REDIRECT, PageCase, PublicPage, roles
from districts.tests.factories import OrganisationFactory
from surveys.models import Question, QuestionKind, SurveyTemplate
from surveys.tests.factories import default_evaluation

COORDINATOR_ONLY = roles((FORBIDDEN, None), utbildningssamordnare=(OK, None))
COORDINATOR_ONLY_OTHER = roles((FORBIDDEN, FORBIDDEN), utbildningssamordnare=(OK, NOT_FOUND))


def _own_template(world) -> SurveyTemplate:
    template, _created = SurveyTemplate.objects.get_or_create(
        organisation=world.organisation, name="Egen utvärdering", defaults={"purpose": "evaluation", "is_active": False}
    )
    return template


def _foreign_template(world) -> SurveyTemplate:
    organisation = OrganisationFactory(name="Annan kommun", slug="annan-kommun")
    template, _created = SurveyTemplate.objects.get_or_create(
        organisation=organisation, name="Annans utvärdering", defaults={"purpose": "evaluation", "is_active": False}
    )
    return template


def _question(template) -> Question:
    question, _created = Question.objects.get_or_create(
        template=template, text="Hur var dagen?", defaults={"kind": QuestionKind.FREE_TEXT, "order": 1}
    )
    return question


CASES = [
    PageCase("surveys:template_list", COORDINATOR_ONLY),
    PageCase("surveys:template_create", COORDINATOR_ONLY),
    PageCase(
        "surveys:template_create",
        roles((FORBIDDEN, None), utbildningssamordnare=(REDIRECT, None)),
        method="post",
        data=lambda world: {"name": "Ny mall", "purpose": "follow_up", "reminder_after_days": 5},
    ),
    PageCase(
        "surveys:template_detail",
        COORDINATOR_ONLY_OTHER,
        own=lambda world: {"pk": default_evaluation().pk},
        other=lambda world: {"pk": _foreign_template(world).pk},
    ),
    PageCase(
        "surveys:template_edit",
        COORDINATOR_ONLY_OTHER,
        own=lambda world: {"pk": _own_template(world).pk},
        other=lambda world: {"pk": _foreign_template(world).pk},
    ),
    PageCase(
        "surveys:template_copy",
        roles((FORBIDDEN, FORBIDDEN), utbildningssamordnare=(REDIRECT, NOT_FOUND)),
        method="post",
        own=lambda world: {"pk": default_evaluation().pk},
        other=lambda world: {"pk": _foreign_template(world).pk},
    ),
    PageCase(
        "surveys:question_create",
        COORDINATOR_ONLY_OTHER,
        own=lambda world: {"template_pk": _own_template(world).pk},
        other=lambda world: {"template_pk": _foreign_template(world).pk},
    ),
    PageCase(
        "surveys:question_edit",
        COORDINATOR_ONLY_OTHER,
        own=lambda world: {"pk": _question(_own_template(world)).pk},
        other=lambda world: {"pk": _question(_foreign_template(world)).pk},
    ),
    PageCase(
        "surveys:question_delete",
        roles((FORBIDDEN, FORBIDDEN), utbildningssamordnare=(REDIRECT, NOT_FOUND)),
        method="post",
        own=lambda world: {"pk": _question(_own_template(world)).pk},
        other=lambda world: {"pk": _question(_foreign_template(world)).pk},
    ),
]

CASES += [
    PageCase("surveys:survey_send", COORDINATOR_ONLY),
    PageCase(
        "surveys:survey_send",
        roles((FORBIDDEN, None), utbildningssamordnare=(OK, None)),
        method="post",
        data=lambda world: {"course_round": "999999", "template": ""},
    ),
]


def _inquiry(world, unit):
    import datetime

    from surveys.models import NonParticipationInquiry

    inquiry, _created = NonParticipationInquiry.objects.get_or_create(
        organisation=world.organisation,
        district=unit.district,
        unit=unit,
        period_start=datetime.date(2026, 1, 1),
        defaults={"period_end": datetime.date(2026, 6, 30)},
    )
    return inquiry


CASES += [
    PageCase("surveys:follow_up_settings", COORDINATOR_ONLY),
    PageCase(
        "surveys:follow_up_settings",
        roles((FORBIDDEN, None), utbildningssamordnare=(REDIRECT, None)),
        method="post",
        data=lambda world: {"follow_up_after_months": "4", "ask_non_participating": "on"},
    ),
    # Only the unit's enhetschef answers the unit's question; another unit's is not found.
    PageCase(
        "surveys:non_participation_answer",
        roles(
            (NOT_FOUND, NOT_FOUND),
            socialsekreterare=(FORBIDDEN, FORBIDDEN),
            forste_socialsekreterare=(FORBIDDEN, FORBIDDEN),
            enhetschef=(OK, NOT_FOUND),
        ),
        own=lambda world: {"pk": _inquiry(world, world.own_unit).pk},
        other=lambda world: {"pk": _inquiry(world, world.other_unit).pk},
    ),
]

PUBLIC = [
    PublicPage("surveys:answer", "the invitation link: a participant answers anonymously with the token, no login"),
]
