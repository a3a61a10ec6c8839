"""Collect the dashboard panels each app contributes for a user."""

from django.conf import settings
from django.utils.module_loading import import_string

from districts.panels import Panel, facts_read_together


def panels_for(user) -> list[Panel]:
    """Return every app's panels for the user, in display order.

    Every app's one-value reads (its dashboard module's `facts(user)`, when it has one) are read first, in one
    query for all apps; the panels then find them read.
    """
    facts, by_provider = {}, {}
    for provider_path in settings.DASHBOARD_PANEL_PROVIDERS:
        module_path = provider_path.rpartition(".")[0]
        try:
            app_facts = import_string(f"{module_path}.facts")
        except ImportError:  # an app without one-value reads
            continue
        by_provider[app_facts] = app_facts(user)
        facts.update(by_provider[app_facts])
    collected: list[Panel] = []
    with facts_read_together(user, facts, by_provider):
        for provider_path in settings.DASHBOARD_PANEL_PROVIDERS:
            collected.extend(import_string(provider_path)(user))
    return sorted(collected, key=lambda panel: panel.order)
