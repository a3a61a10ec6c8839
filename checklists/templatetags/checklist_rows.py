"""Rows written in Python (`checklists.rows`) for templates that include them, as the Del 2 themes' table."""

from django import template

from checklists import rows

register = template.Library()


@register.simple_tag
def del2_theme_rows(themes):
    """Return the rows of a hire's Del 2 themes (`del2_themes.HireThemes`)."""
    return rows.del2_theme_rows_html(rows=themes.rows)
