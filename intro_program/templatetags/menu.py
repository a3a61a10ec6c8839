"""The site's menu (`{% menu %}` in base.html), rendered once for each language and set of capabilities.

The menu is the same for everyone who may do the same things: its entries depend on the user's capabilities
(`can`, keyed by what they are worked out from: the roles, districts.access.granted_capabilities), the active
language and the URLs, nothing else. Rendering its five includes (about 30 links and
translations) was half of base.html's time on every page, so it is rendered once per combination and reused.
Its templates are rendered with `can` alone, so an entry that read anything else would show up empty at once
(intro_program.tests.test_menu compares it with the include rendered in the page's own context).
"""

import functools

from django import template
from django.dispatch import receiver
from django.template.loader import get_template
from django.test.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

from districts.context_processors import NAMES, Capabilities

MENU_TEMPLATE = "includes/nav_items.html"

register = template.Library()


@register.simple_tag(takes_context=True)
def menu(context) -> str:
    """Return the menu entries for the capabilities in the context's `can`."""
    can = context.get("can") or {}
    # From the user's roles, as has_capability works them out: reading `can` name by name would check every
    # capability on every page, which the lazy map exists to avoid.
    lazy = isinstance(can, Capabilities)
    granted = can.granted() if lazy else frozenset(name for name in NAMES if can.get(name))
    return _rendered(granted, get_language(), get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=512)
def _rendered(granted: frozenset[str], language: str, script_prefix: str, urlconf) -> str:
    # A SafeString: the template escaped what it shows, and simple_tag leaves a safe string as it is.
    return get_template(MENU_TEMPLATE).render({"can": dict.fromkeys(granted, True)})


@receiver(file_changed, dispatch_uid="intro_program.menu.file_changed")
def _forget_on_file_change(sender, file_path, **kwargs):
    # `make run` reloads templates when one is edited, without restarting: the menu is rendered again too.
    # (Returns None, so the autoreloader still restarts for a changed Python file.)
    _rendered.cache_clear()


@receiver(setting_changed, dispatch_uid="intro_program.menu.setting_changed")
def _forget_on_setting_change(**kwargs):
    _rendered.cache_clear()  # tests that override TEMPLATES, ROOT_URLCONF or LANGUAGES
