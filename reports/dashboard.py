from intro_program.dashboard import Panel


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user."""
    return []
