"""Escaping for the few places that write HTML in Python rather than in a template (long lists of rows or options).

Django's escape and conditional_escape are html.escape underneath, behind a check for lazy arguments on every call;
a list of 400 options, 100 cards or ten years of report rows escapes thousands of values, and the check cost more
than the escaping. These give the same text.
"""

import html


def escape(value) -> str:
    """Return `value` escaped as django.utils.html.escape does."""
    return html.escape(str(value))


def conditional_escape(value) -> str:
    """Return `value` escaped as django.utils.html.conditional_escape does: left as it is when already safe."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def attributes(attrs: dict) -> str:
    """Return a widget's attributes as Django's attrs.html writes them, in their order (flatatt would sort them): a
    True one by its name alone, a False or None one left out."""
    return "".join(
        f" {key}" if item is True else f' {key}="{conditional_escape(item)}"'
        for key, item in attrs.items()
        if item is not False and item is not None
    )
