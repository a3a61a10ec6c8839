from districts.tests.access_table import OK, PageCase, PublicPage, every_role

CASES = [
    PageCase("dashboard", every_role(OK)),
]

PUBLIC = [
    PublicPage("accessibility", "the accessibility statement that lag 2018:1937 requires; public, no personal data"),
]
