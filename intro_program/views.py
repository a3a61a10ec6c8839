from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from districts import access
from intro_program.dashboard import panels_for


def dashboard(request):
    """Show the user what they must do next, gathered from every app."""
    return render(
        request,
        "dashboard.html",
        {"panels": panels_for(request.user), "scope": access.scope_for(request.user)},
    )


@login_not_required
def accessibility(request):
    """Show the accessibility statement (tillgänglighetsredogörelse) that lag 2018:1937 requires."""
    return render(request, "accessibility.html")
