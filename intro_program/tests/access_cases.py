from intro_program.tests.access_table import OK, PageCase, every_role

CASES = [
    PageCase("dashboard", every_role(OK)),
]
