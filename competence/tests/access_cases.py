from districts.tests.access_table import FORBIDDEN, NOT_FOUND, OK, PageCase, roles

# Whoever sees the person sees their competence: organisation-wide roles everyone, the others their own scope.
SEES_PERSON = roles((OK, NOT_FOUND), utbildningssamordnare=(OK, OK), hr=(OK, OK), omradeschef=(OK, OK))
# Reviews and credits: the roles that edit staff records, within the records they may edit.
REVIEWS = roles((FORBIDDEN, FORBIDDEN), utbildningssamordnare=(OK, OK), hr=(OK, OK), enhetschef=(OK, NOT_FOUND))


def _own(world):
    return {"pk": world.hire.pk}


def _other(world):
    return {"pk": world.other_hire.pk}


CASES = [
    PageCase("competence:staff", SEES_PERSON, own=_own, other=_other),
    PageCase("competence:credit_register", REVIEWS, own=_own, other=_other),
    PageCase(
        "competence:credit_register",
        REVIEWS,
        own=_own,
        other=_other,
        method="post",
        data=lambda world: {"earned_on": "2026-13-01", "source": "", "credits": "abc"},
    ),
    PageCase("competence:review_record", REVIEWS, own=_own, other=_other),
    PageCase(
        "competence:review_record",
        REVIEWS,
        own=_own,
        other=_other,
        method="post",
        data=lambda world: {"reviewed_on": "", "decided_level": "okand", "rationale": ""},
    ),
]
