from django.apps import AppConfig


class IntroProgramConfig(AppConfig):
    """The project itself, installed for what composes the apps, and to connect its login receivers.

    Onboarding an organisation, the admin of organisations and the `seed_demo` and `benchmark` commands
    need every app, so they live here, above them (see `.importlinter`); `ready` connects the session
    limits' login receiver.
    """

    name = "intro_program"
    verbose_name = "Introduktionsprogrammet"

    def ready(self):
        from intro_program import receivers, session_limits  # noqa: F401  (connect their receivers)
