"""Why someone may not sign in: the refusals a sign-in can end with, and the message each shows."""

from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _


class Refusal(StrEnum):
    UNKNOWN = "unknown"  # no staff member has this work e-mail
    LEFT = "left"  # the employment has ended
    INACTIVE = "inactive"  # the login is switched off in the admin
    NO_EMAIL = "no_email"  # the provider sent no e-mail claim
    TAKEN = "taken"  # a login with this user name exists but belongs to no staff member
    FAILED = "failed"  # cancelled at the provider, or the answer did not verify
    UNAVAILABLE = "unavailable"  # the provider does not answer


class SignInRefused(Exception):
    """Someone the provider vouched for may not sign in here; `message` says why, in the active language."""

    def __init__(self, reason: Refusal, *, email: str = "", employment_end=None):
        super().__init__(reason)
        self.reason = reason
        self.email = email
        self.employment_end = employment_end

    @property
    def message(self) -> str:
        if self.reason == Refusal.UNKNOWN:
            return _(
                "Det finns ingen medarbetare med e-postadressen %(email)s i Introduktionsprogrammet. "
                "Kontakta HR eller utbildningssamordnaren om du ska ha tillgång."
            ) % {"email": self.email}
        if self.reason == Refusal.LEFT:
            # The same words as the password form's (intro_program.forms.LoginForm).
            return _(
                "Din anställning upphörde %(day)s, så du kan inte logga in längre. Kontakta HR om det inte stämmer."
            ) % {"day": date_format(self.employment_end, "j F Y")}
        if self.reason == Refusal.INACTIVE:
            return _("Ditt konto är avstängt. Kontakta utbildningssamordnaren.")
        if self.reason == Refusal.NO_EMAIL:
            return _(
                "Inloggningstjänsten skickade ingen e-postadress, så vi vet inte vem du är. "
                "Kontakta kommunens IT-support."
            )
        if self.reason == Refusal.TAKEN:
            return _(
                "Det finns redan ett konto med e-postadressen %(email)s som inte hör till någon medarbetare. "
                "Kontakta utbildningssamordnaren."
            ) % {"email": self.email}
        if self.reason == Refusal.UNAVAILABLE:
            return _("Inloggningstjänsten svarar inte just nu. Försök igen om en stund.")
        return _("Inloggningen avbröts eller kunde inte slutföras. Försök igen.")
