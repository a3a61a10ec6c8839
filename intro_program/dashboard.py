"""Collect the dashboard panels each app contributes for a user."""

from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

from districts import clock
from districts.compiled import CompiledRead
from districts.panels import Panel, facts_known_together, facts_query


def panels_for(user) -> list[Panel]:
    """Return every app's panels for the user, in display order.

    Every app's one-value reads (its dashboard module's `facts(user)`, when it has one) are read first, in one
    query for all apps; the panels then find them read. That query's SQL is compiled once per reader and day
    (districts.compiled): building every app's expressions and compiling them was ~8 ms of a coordinator's dashboard.
    """
    providers = tuple(settings.DASHBOARD_PANEL_PROVIDERS)
    rows, names_of = _facts.rows_and_noted(user=user, user_id=user.pk, today=clock.today(), providers=providers)
    values = rows[0] if rows else {name: None for names in names_of.values() for name in names}
    collected: list[Panel] = []
    with facts_known_together(user, values, names_of):
        for provider_path in providers:
            collected.extend(import_string(provider_path)(user))
    return sorted(collected, key=lambda panel: panel.order)


def _facts_of(*, user, user_id: int, today, providers: tuple[str, ...]):
    """Every app's one-value reads as one query, and the names of each app's (for read_facts).

    `today` only keys the SQL kept: the apps' reads take the day from the clock, as the panels do.
    """
    facts, names_of = {}, {}
    for app_facts in _fact_functions(providers):
        found = app_facts(user)
        names_of[app_facts] = tuple(found)
        facts.update(found)
    return facts_query(user_id, facts), names_of


_facts = CompiledRead(_facts_of)


def _fact_functions(providers: tuple[str, ...]) -> list[Callable]:
    found = []
    for provider_path in providers:
        module_path = provider_path.rpartition(".")[0]
        try:
            found.append(import_string(f"{module_path}.facts"))
        except ImportError:  # an app without one-value reads
            continue
    return found
