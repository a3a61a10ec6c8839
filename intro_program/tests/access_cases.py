from intro_program.tests.access_table import OK, PageCase, PublicPage, every_role

CASES = [
    PageCase("dashboard", every_role(OK)),
]

PUBLIC = [
    PublicPage("accessibility", "the accessibility statement that lag 2018:1937 requires; public, no personal data"),
    PublicPage("health", "the load balancer's check: no login, no personal data (intro_program/tests/test_health.py)"),
    PublicPage("oidc_authentication_init", "the door in: sends the browser to the identity provider"),
    PublicPage("oidc_authentication_callback", "the door in: the identity provider's answer (tests/test_sso.py)"),
]
