from django.apps import AppConfig


class IntroProgramConfig(AppConfig):
    """The project itself, installed for what composes the apps.

    Onboarding an organisation, the admin of organisations and the `seed_demo` and `benchmark` commands
    need every app, so they live here, above them (see `.importlinter`).
    """

    name = "intro_program"
