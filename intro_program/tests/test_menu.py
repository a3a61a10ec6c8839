"""The menu (`{% menu %}` in base.html) reads as its include does in the page, rendered once per set of rights."""

import pytest
from django.contrib.auth import get_user_model
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from districts import access
from districts.backends import session_user
from districts.models import Role, StaffRole
from districts.tests.factories import StaffMemberFactory
from intro_program.templatetags import menu

pytestmark = pytest.mark.django_db


def _render(source: str, user, language: str) -> str:
    """Render a template as a page would: with the request's context processors, in `language`."""
    request = RequestFactory().get("/")
    request.user = session_user(user.pk)  # as the session middleware loads it
    with translation.override(language):
        return engines["django"].from_string(source).render({}, request)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_menu_reads_as_its_include_in_the_page_context_for_every_role(world, language):
    superuser = get_user_model().objects.create_superuser("root@example.se", "root@example.se", "x")
    menu._rendered.cache_clear()
    for user in [*(world.user(role) for role in Role), superuser]:
        reused = _render("{% load menu %}{% menu %}", user, language)
        included = _render('{% include "includes/nav_items.html" %}', user, language)
        assert reused == included, user
        assert _render("{% load menu %}{% menu %}", user, language) == included, user  # the second time, reused
    assert menu._rendered.cache_info().hits > 0


def test_each_user_gets_the_menu_of_their_own_rights_and_language(world):
    menu._rendered.cache_clear()
    hr = _render("{% load menu %}{% menu %}", world.user(Role.HR), "sv")
    senior = _render("{% load menu %}{% menu %}", world.user(Role.FORSTE_SOCIALSEKRETERARE), "sv")
    assert reverse("districts:staff_import") in hr and reverse("districts:staff_import") not in senior
    assert reverse("checklists:del2_themes") in senior and reverse("checklists:del2_themes") not in hr
    assert "Kurskalender" in hr
    assert "Kurskalender" not in _render("{% load menu %}{% menu %}", world.user(Role.HR), "en")


def test_the_menu_is_rendered_once_for_everyone_who_may_do_the_same(client, world):
    menu._rendered.cache_clear()
    url = reverse("accessibility")  # a page in the site's frame
    client.force_login(world.user(Role.HR))
    first = client.get(url)
    assert "districts/nav_items.html" in [template.name for template in first.templates]
    client.force_login(StaffMemberFactory(unit=world.other_unit, roles=[Role.HR], with_login=True).user)
    again = client.get(url)
    assert "districts/nav_items.html" not in [template.name for template in again.templates]
    assert reverse("districts:staff_import") in again.content.decode()
    client.force_login(world.user(Role.ENHETSCHEF))  # other rights: its own menu
    other = client.get(url)
    assert "districts/nav_items.html" in [template.name for template in other.templates]
    assert reverse("districts:staff_import") not in other.content.decode()


def test_a_role_given_or_taken_changes_the_menu_on_the_next_page(world):
    menu._rendered.cache_clear()
    manager = world.user(Role.ENHETSCHEF)
    assert reverse("districts:staff_import") not in _render("{% load menu %}{% menu %}", manager, "sv")
    role = StaffRole.objects.create(staff=manager.staff_member, role=Role.HR)
    assert reverse("districts:staff_import") in _render("{% load menu %}{% menu %}", manager, "sv")
    role.delete()
    assert reverse("districts:staff_import") not in _render("{% load menu %}{% menu %}", manager, "sv")


def test_the_menu_grants_what_has_capability_grants(world):
    superuser = get_user_model().objects.create_superuser("root@example.se", "root@example.se", "x")
    for user in [*(world.user(role) for role in Role), superuser]:
        expected = {c.value for c in access.Capability if access.has_capability(user, c)}
        assert access.granted_capabilities(session_user(user.pk)) == expected, user
