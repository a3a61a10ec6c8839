"""Templates see the user's capabilities as `can`, each read only when a template asks for it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory

from districts import access
from districts.backends import session_user
from districts.context_processors import access_scope
from districts.models import Role

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.parametrize("role", list(Role))
def test_can_holds_each_capability_of_the_user(world, role):
    user = session_user(world.user(role).pk)
    can = access_scope(_request(user))["can"]
    expected = {capability.value: access.has_capability(user, capability) for capability in access.Capability}
    assert dict(can) == expected and len(can) == len(expected)
    assert all(can[name] == granted for name, granted in expected.items())


def test_the_roles_are_read_only_when_a_template_reads_a_capability(world, django_assert_num_queries):
    request = _request(session_user(world.user(Role.HR).pk))  # the staff member and unit joined
    template = engines["django"].from_string("{% if can.import_staff %}import{% endif %}{{ can.no_such_thing }}.")
    with django_assert_num_queries(0):
        can = access_scope(request)["can"]
        assert engines["django"].from_string("nothing").render({}, request) == "nothing"
    with django_assert_num_queries(1):  # the roles, once
        assert template.render({}, request) == "import."
        assert can["import_staff"] and not can["report_training_needs"]
    with pytest.raises(KeyError):
        can["no_such_thing"]


def test_an_anonymous_visitor_can_do_nothing():
    assert access_scope(_request(AnonymousUser())) == {"can": {}}
