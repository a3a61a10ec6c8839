"""Every districts page for every role: the own object is in world.own_district, the other in world.other_district."""

from districts.tests.access_table import FORBIDDEN, NOT_FOUND, OK, REDIRECT, PageCase, every_role, roles

ORGANISATION_WIDE = ("utbildningssamordnare", "hr", "omradeschef")


def _org_wide_sees_both(default):
    return roles(default, **dict.fromkeys(ORGANISATION_WIDE, (OK, OK)))


CASES = [
    PageCase("districts:staff_list", every_role(OK)),
    PageCase("districts:staff_list", every_role(OK), query="?q=nora&new_hires=on&sida=2"),
    PageCase(
        "districts:staff_detail",
        _org_wide_sees_both((OK, NOT_FOUND)),
        own=lambda world: {"pk": world.hire.pk},
        other=lambda world: {"pk": world.other_hire.pk},
    ),
    PageCase(
        "districts:staff_edit",
        roles(
            (FORBIDDEN, FORBIDDEN),
            utbildningssamordnare=(OK, OK),
            hr=(OK, OK),
            enhetschef=(OK, NOT_FOUND),
        ),
        own=lambda world: {"pk": world.hire.pk},
        other=lambda world: {"pk": world.other_hire.pk},
    ),
    # An empty form: allowed users get the form back with errors (200), never a change.
    PageCase(
        "districts:staff_edit",
        roles(
            (FORBIDDEN, FORBIDDEN),
            utbildningssamordnare=(OK, OK),
            hr=(OK, OK),
            enhetschef=(OK, NOT_FOUND),
        ),
        own=lambda world: {"pk": world.hire.pk},
        other=lambda world: {"pk": world.other_hire.pk},
        method="post",
        data=lambda world: {},
    ),
    PageCase("districts:district_list", every_role(OK)),
    PageCase(
        "districts:district_detail",
        _org_wide_sees_both((OK, NOT_FOUND)),
        own=lambda world: {"pk": world.own_district.pk},
        other=lambda world: {"pk": world.other_district.pk},
    ),
    PageCase("districts:unit_list", every_role(OK)),
    PageCase(
        "districts:unit_detail",
        _org_wide_sees_both((OK, NOT_FOUND)),
        own=lambda world: {"pk": world.own_unit.pk},
        other=lambda world: {"pk": world.other_unit.pk},
    ),
    PageCase("districts:staff_import", roles((FORBIDDEN, None), utbildningssamordnare=(OK, None), hr=(OK, None))),
    PageCase(
        "districts:staff_import_confirm",
        roles((FORBIDDEN, None), utbildningssamordnare=(REDIRECT, None), hr=(REDIRECT, None)),
        method="post",
        data=lambda world: {"sha256": "0" * 64},
    ),
    PageCase(
        "districts:staff_import_sample",
        roles((FORBIDDEN, None), utbildningssamordnare=(OK, None), hr=(OK, None)),
        own=lambda world: {"file_format": "xlsx"},
    ),
    # HR anonymises leavers; the world's hire is still employed, so HR is sent back with a message.
    PageCase(
        "districts:staff_anonymise",
        roles((FORBIDDEN, FORBIDDEN), hr=(OK, OK)),
        own=lambda world: {"pk": world.hire.pk},
        other=lambda world: {"pk": world.other_hire.pk},
    ),
    PageCase(
        "districts:staff_anonymise",
        roles((FORBIDDEN, FORBIDDEN), hr=(REDIRECT, REDIRECT)),
        own=lambda world: {"pk": world.hire.pk},
        other=lambda world: {"pk": world.other_hire.pk},
        method="post",
    ),
]
