"""Forms of the project as a whole."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from districts.backends import leaver_with_password


class LoginForm(AuthenticationForm):
    """The login form; it tells a leaver that their employment has ended instead of "wrong password"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "employment_ended": _(
            "Din anställning upphörde %(day)s, så du kan inte logga in längre. Kontakta HR om det inte stämmer."
        ),
    }

    def get_invalid_login_error(self):
        ended = leaver_with_password(self.cleaned_data.get("username"), self.cleaned_data.get("password"))
        if ended is None:
            return super().get_invalid_login_error()
        return ValidationError(
            self.error_messages["employment_ended"],
            code="employment_ended",
            params={"day": formats.date_format(ended, "j F Y")},
        )
