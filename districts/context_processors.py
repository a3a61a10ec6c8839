from collections.abc import Mapping

from districts import access

NAMES = frozenset(capability.value for capability in access.Capability)


class Capabilities(Mapping):
    """The user's capabilities by name (`can.import_staff` in a template), each checked when a template reads it.

    A page that reads none of them (a fragment, a PDF, a redirect's template) does not load the user's scope for them.
    """

    def __init__(self, user):
        self._user = user
        self._known: dict[str, bool] = {}

    def __getitem__(self, name: str) -> bool:
        if name not in self._known:
            if name not in NAMES:
                raise KeyError(name)
            self._known[name] = access.has_capability(self._user, access.Capability(name))
        return self._known[name]

    def granted(self) -> frozenset[str]:
        """The names of every capability the user has, from their roles alone (no capability is checked)."""
        return access.granted_capabilities(self._user)

    def __iter__(self):
        return iter(capability.value for capability in access.Capability)

    def __len__(self) -> int:
        return len(NAMES)

    def __contains__(self, name) -> bool:
        return name in NAMES


def access_scope(request):
    """Expose the user's capabilities to templates, for menus only (views check again)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can": {}}
    return {"can": Capabilities(user)}
