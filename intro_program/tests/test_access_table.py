"""Run every page for every role against an object in scope and one in another district.

The world (districts.tests.world) is built once for the module (plugins.shared_rows) and each test gets a
copy of it: a test's rows (a case's objects, its logins) roll back, its changes to the objects stay in its copy.
"""

import copy
import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from districts.tests.access_table import ALL_ROLES, PageCase, PublicPage
from districts.tests.world import build_world

pytestmark = pytest.mark.django_db

PROJECT_APPS = ["intro_program", "districts", "courses", "checklists"] + [
    name for name in ("surveys", "competence", "reports") if apps.is_installed(name)
]
# Pages that belong to Django itself or are the door in, not part of the product's scope rules.
FRAMEWORK_PAGES = {"login", "logout", "set_language"}


def _collect(attribute: str) -> list:
    collected = []
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.tests.access_cases")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.tests.access_cases":
                raise
            continue
        collected.extend(getattr(module, attribute, []))
    return collected


CASES: list[PageCase] = _collect("CASES")
PUBLIC: list[PublicPage] = _collect("PUBLIC")


def _named_urls(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


@pytest.fixture(scope="module")
def module_world(seed_for_module, module_clock):
    yield from seed_for_module(build_world)


@pytest.fixture
def world(module_world):
    """The module's world as it was built: a copy for this test."""
    return copy.deepcopy(module_world)


def test_every_named_page_is_in_the_access_table():
    covered = {case.url_name for case in CASES} | {page.url_name for page in PUBLIC} | FRAMEWORK_PAGES
    missing = sorted(_named_urls() - covered)
    assert not missing, f"pages without an access case: {missing}"


def test_every_case_names_every_role():
    incomplete = [case.url_name for case in CASES if set(case.expect) != set(ALL_ROLES)]
    assert not incomplete, f"cases that leave out a role: {incomplete}"


def _request(client, case: PageCase, world, kwargs_builder):
    url = reverse(case.url_name, kwargs=kwargs_builder(world)) + case.query
    if case.method == "post":
        return client.post(url, case.data(world) if case.data else {})
    return client.get(url)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method}:{case.url_name}")
def test_page_answers_each_role_as_the_table_says(client, world, case: PageCase):
    anonymous = _request(client, case, world, case.own)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"], "anonymous must be sent to login"

    failures = []
    for role in ALL_ROLES:
        client.force_login(world.user(role))
        expected_own, expected_other = case.expect[role]
        got_own = _request(client, case, world, case.own).status_code
        if got_own != expected_own:
            failures.append(f"{role} own: expected {expected_own}, got {got_own}")
        if case.other is not None:
            got_other = _request(client, case, world, case.other).status_code
            if got_other != expected_other:
                failures.append(f"{role} other district: expected {expected_other}, got {got_other}")
        client.logout()
    assert not failures, "\n".join(failures)


# --- the regional reader: a login that reads its region's reports and no person's data ------------------
# Not a Role (they are no one's colleague): a RegionalReader row on a login without a StaffMember. Every
# page of the table either refuses them (403/404) or, when it answers, names and shows no person of the
# world: an empty list of "my hires" is theirs as anyone's. The regional report is theirs alone.
REGIONAL_READER_PAGES = {"reports:regional": 200, "dashboard": 200}
REFUSED = (403, 404)


def _regional_reader(world):
    from districts.models import Region, RegionalReader
    from districts.tests.factories import UserFactory

    region = Region.objects.create(name="Göteborgsregionen", slug="gr")
    world.organisation.region = region
    world.organisation.save(update_fields=["region"])
    user = UserFactory(username="region@example.se")
    RegionalReader.objects.create(user=user, region=region)
    return user


def _people_shown(body: str, world) -> list[str]:
    people = [*world.people.values(), world.other_hire, world.other_unit_manager]
    return [person.full_name for person in people if person.full_name in body or person.work_email in body]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method}:{case.url_name}")
def test_a_regional_reader_reaches_no_persons_data(client, world, case: PageCase):
    client.force_login(_regional_reader(world))
    failures = []
    for name, kwargs_builder in (("own", case.own), ("other district", case.other)):
        if kwargs_builder is None:
            continue
        response = _request(client, case, world, kwargs_builder)
        expected = REGIONAL_READER_PAGES.get(case.url_name)
        if expected is not None:
            if response.status_code != expected:
                failures.append(f"{name}: expected {expected}, got {response.status_code}")
        elif case.method == "post" and response.status_code not in REFUSED:
            failures.append(f"{name}: a write answered {response.status_code}, not 403/404")
        elif response.status_code not in REFUSED:
            body = response.content.decode(errors="replace") if response.status_code == 200 else ""
            shown = _people_shown(body, world)
            if response.status_code != 200 or shown:
                failures.append(f"{name}: answered {response.status_code} showing {shown}")
    assert not failures, "\n".join(failures)
