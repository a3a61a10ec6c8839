"""The shape of the access table: every page, every role, own object and another district's object.

Each app lists its pages in `<app>/tests/access_cases.py` as `CASES`; the test in
`intro_program/tests/test_access_table.py` runs them all and fails when a named URL has no case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from districts.models import Role
from districts.tests.world import World

ALL_ROLES = tuple(Role)
OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404

Kwargs = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class PageCase:
    """One page: how to address it for an object in scope (`own`) and in another district (`other`).

    `expect` maps every role to (status for own, status for other); for a page without an
    object, `other` is None and only the first status is used. `data` builds the POST body.
    """

    url_name: str
    expect: dict[str, tuple[int, int | None]]
    own: Kwargs = field(default=lambda world: {})
    other: Kwargs | None = None
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""


@dataclass(frozen=True)
class PublicPage:
    """A page reached without login (a token link); listed so the completeness check knows it."""

    url_name: str
    why: str


def every_role(own: int, other: int | None = None) -> dict[str, tuple[int, int | None]]:
    return dict.fromkeys(ALL_ROLES, (own, other))


def roles(default: tuple[int, int | None], **overrides: tuple[int, int | None]) -> dict[str, tuple[int, int | None]]:
    """Give every role `default`, except the roles named by their Role value."""
    table = dict.fromkeys(ALL_ROLES, default)
    for role_value, expected in overrides.items():
        table[Role(role_value)] = expected
    return table
