from checklists.tests.access_cases import other_plan, own_plan
from checklists.tests.factories import ensure_default_template
from courses.tests.access_cases import _nomination, _round
from districts.tests.access_table import FORBIDDEN, OK, PageCase, PublicPage, every_role, roles

# Coordinators and HR read history in their organisation; everyone else is refused before any lookup.
HISTORY_READERS = roles((FORBIDDEN, FORBIDDEN), utbildningssamordnare=(OK, OK), hr=(OK, OK))

CASES = [
    PageCase("dashboard", every_role(OK)),
    PageCase(
        "staff_history",
        HISTORY_READERS,
        own=lambda world: {"pk": world.hire.pk},
        other=lambda world: {"pk": world.other_hire.pk},
    ),
    PageCase("plan_history", HISTORY_READERS, own=own_plan, other=other_plan),
    PageCase("round_history", HISTORY_READERS, own=lambda world: {"pk": _round(world).pk}),
    PageCase(
        "nomination_history",
        HISTORY_READERS,
        own=lambda world: {"pk": _nomination(world, world.hire).pk},
        other=lambda world: {"pk": _nomination(world, world.other_hire).pk},
    ),
    PageCase(
        "template_history",
        HISTORY_READERS,
        own=lambda world: {"template_id": ensure_default_template(world.organisation).template_id},
    ),
    PageCase(
        "register_extract_json",
        roles((FORBIDDEN, FORBIDDEN), hr=(OK, OK)),
        own=lambda world: {"pk": world.hire.pk},
        other=lambda world: {"pk": world.other_hire.pk},
    ),
    PageCase(
        "register_extract_pdf",
        roles((FORBIDDEN, FORBIDDEN), hr=(OK, OK)),
        own=lambda world: {"pk": world.hire.pk},
        other=lambda world: {"pk": world.other_hire.pk},
    ),
]

PUBLIC = [
    PublicPage("accessibility", "the accessibility statement that lag 2018:1937 requires; public, no personal data"),
    PublicPage("health", "the load balancer's check: no login, no personal data (intro_program/tests/test_health.py)"),
    PublicPage("oidc_authentication_init", "the door in: sends the browser to the identity provider"),
    PublicPage("oidc_authentication_callback", "the door in: the identity provider's answer (tests/test_sso.py)"),
]
