"""The report filters' fields written in Python, in the markup crispy-forms' bootstrap5 pack gives them.

Every report page shows the filter form, and crispy's field template (a dozen includes and filters a field) cost
each page about 5 ms for its six fields, as much as some reports' own numbers. The plain cases the filters use, a
select or an input without errors, help text or a required mark, are written here with crispy's whitespace and
classes (tests compare them with crispy's own rendering); any other field is still rendered by crispy.
"""

from django import forms
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe

from districts.markup import conditional_escape

# crispy's bootstrap5/field.html around a label and a widget, blank lines and all, for a field without errors or
# help text; a select sits one {% if %} deeper than an input, hence its own indentation.
_OPENING = (
    '\n\n\n    \n    <div id="div_{id}" class="mb-3">\n        \n            \n            <label'
    '\n                for="{id}" class="form-label">\n                {label}\n            </label>'
    "\n        \n\n        \n\n        \n            \n                \n                    "
    "\n                        "
)
_SELECT_INDENT = "\n                            "
_SELECT_AFTER = "\n                        "
_CLOSING = (
    "\n                    \n                    \n                        \n\n\n    \n\n\n\n\n    \n\n"
    "\n\n                    \n                \n            \n        \n        \n    </div>\n    \n\n"
)
_COLUMN = '\n      <div class="col-6 col-md-4 col-xl">{field}</div>\n    '


def filter_fields_html(form: forms.Form) -> SafeString:
    """Return each field of a report filter form in its column, as templates/reports/_filters.html lays them out."""
    return mark_safe("".join(_COLUMN.format(field=field_html(bound)) for bound in form))  # noqa: S308


def form_html(form: forms.Form) -> SafeString:
    """Return the whole form's fields as crispy's |crispy filter writes them (bootstrap5's uni_form.html)."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
    from crispy_forms.templatetags.crispy_forms_utils import remove_spaces

    if form.non_field_errors():
        return as_crispy_form(form)
    # uni_form.html: its fields one an include, the whole between {% specialspaceless %} (stripped, and spaces
    # between tags collapsed), after a blank line and before a newline.
    fields = "\n    \n        ".join(field_html(bound) for bound in form)
    return mark_safe(f"\n\n{remove_spaces(fields.strip())}\n")  # noqa: S308 (the fields are escaped)


def field_html(bound: forms.BoundField) -> str:
    """Return one field as crispy's |as_crispy_field writes it (bootstrap5, no label or field class)."""
    widget = bound.field.widget
    is_select = isinstance(widget, forms.Select)
    plain = (
        (is_select or isinstance(widget, Input))
        and not isinstance(widget, forms.CheckboxInput | forms.FileInput | forms.RadioSelect | forms.MultiWidget)
        and not bound.is_hidden
        and not widget.use_fieldset
        and not bound.field.required
        and bound.label
        and bound.auto_id
        and not bound.help_text
        and not bound.errors
        and not bound.css_classes()
    )
    if not plain:
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(bound)
    _add_class(widget, widget.__class__.__name__.lower())  # what crispy's {% crispy_field %} adds, in its order
    _add_class(widget, "form-select" if is_select else "form-control")
    opening = _OPENING.format(id=conditional_escape(bound.auto_id), label=conditional_escape(bound.label))
    if is_select:
        return f"{opening}{_SELECT_INDENT}{bound}{_SELECT_AFTER}{_CLOSING}"
    return f"{opening}{bound}{_CLOSING}"


def _add_class(widget: forms.Widget, name: str) -> None:
    # As crispy does it: the widget's own class is looked for as a substring, the pack's classes as words.
    classes = widget.attrs.get("class", "")
    if not classes:
        widget.attrs["class"] = name
    elif (name.find("-") == -1 and classes.find(name) == -1) or (name.find("-") != -1 and name not in classes.split()):
        widget.attrs["class"] = f"{classes} {name}"
