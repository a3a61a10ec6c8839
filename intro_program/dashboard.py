"""Collect the dashboard panels each app contributes for a user."""

from django.conf import settings
from django.utils.module_loading import import_string

from districts.panels import Panel


def panels_for(user) -> list[Panel]:
    """Return every app's panels for the user, in display order."""
    collected: list[Panel] = []
    for provider_path in settings.DASHBOARD_PANEL_PROVIDERS:
        collected.extend(import_string(provider_path)(user))
    return sorted(collected, key=lambda panel: panel.order)
