"""The shape of a dashboard panel; every app's `dashboard.panels(user)` returns a list of them.

It lives in districts, the bottom layer, so that every app may build panels; `intro_program.dashboard`
gathers them.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    """One box on the dashboard: a template and its context, ordered by `order`."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
