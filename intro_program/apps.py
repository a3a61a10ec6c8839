from django.apps import AppConfig


class IntroProgramConfig(AppConfig):
    """The project itself, as an app only to connect its login receivers (the session limits)."""

    name = "intro_program"
    verbose_name = "Introduktionsprogrammet"

    def ready(self):
        from intro_program import session_limits  # noqa: F401  (connects its receiver)
