"""Show a service's ValidationError to the user: on the form's fields, as messages, or as one line of text.

Every app's views use these, so a rule's message reaches the user the same way on every page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Add the error to the form: each field's message on its field when the form has it, the rest above."""
    if hasattr(error, "error_dict"):
        for name, field_errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def errors_to_messages(request, error: ValidationError) -> None:
    """Show each of the error's messages as a message on the next page."""
    for message in error.messages:
        messages.error(request, message)


def error_text(error: ValidationError) -> str:
    """Return the error's messages as one line (for a table row or a single message)."""
    return " ".join(error.messages)
