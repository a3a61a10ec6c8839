from districts import access


def access_scope(request):
    """Expose the user's capabilities to templates, for menus only (views check again)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can": {}}
    return {"can": {capability.value: access.has_capability(user, capability) for capability in access.Capability}}
