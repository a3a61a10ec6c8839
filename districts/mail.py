"""The one way the app sends e-mail: a plain-text part, an HTML part, in each recipient's language.

A message is a template name: `<name>_subject.txt` and `<name>.txt` are rendered without HTML escaping (it
is text), once per language among the recipients (StaffMember.language), and the HTML part wraps the same
text in `email/base.html`, so the two parts never say different things. Attachments (an iCalendar
invitation) are built per language too, by a callable, so that their texts follow the recipient.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

DEFAULT_LANGUAGE = "sv"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def _language_of(recipient) -> str:
    language = getattr(recipient, "language", "") or DEFAULT_LANGUAGE
    return language if language in dict(settings.LANGUAGES) else DEFAULT_LANGUAGE


def _address_of(recipient) -> str:
    return recipient if isinstance(recipient, str) else recipient.work_email


def _text(template_name: str, context: dict) -> str:
    rendered = get_template(template_name).template.render(Context(context, autoescape=False))
    # Django marks what it rendered as safe HTML; this is text, which the HTML part must escape.
    return "".join(rendered)


def render(template: str, context: dict, *, language: str = DEFAULT_LANGUAGE) -> tuple[str, str, str]:
    """Return (subject, text, html) of a message in `language`."""
    with translation.override(language):
        subject = " ".join(_text(f"{template}_subject.txt", context).split())
        text = _text(f"{template}.txt", context)
        html = render_to_string("email/base.html", {"subject": subject, "text": text, "language": language})
    return subject, text, html


def send(
    template: str,
    context: dict,
    recipients: Iterable,
    *,
    attachments: Callable[[str], Iterable[Attachment]] | None = None,
) -> int:
    """Send the message to StaffMembers (or bare addresses, in Swedish); one e-mail per language; return e-mails sent.

    A failure raises: callers send inside the transaction that claims the notification, so it rolls back for a retry.
    """
    by_language: dict[str, set[str]] = defaultdict(set)
    for recipient in recipients:
        address = _address_of(recipient)
        if address:
            by_language[_language_of(recipient)].add(address)
    sent = 0
    for language, addresses in sorted(by_language.items()):
        subject, text, html = render(template, context, language=language)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, sorted(addresses))
        message.attach_alternative(html, "text/html")
        if attachments is not None:
            with translation.override(language):
                for attachment in attachments(language):
                    message.attach(attachment.filename, attachment.content, attachment.mimetype)
        message.send()
        sent += 1
    return sent
