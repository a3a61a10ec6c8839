from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from districts import access
from districts import services as district_services
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


@login_not_required
@require_POST
def language_set(request):
    """Switch the language (also before login); a signed-in person's e-mails follow their choice."""
    response = set_language(request)
    staff = getattr(request.user, "staff_member", None) if request.user.is_authenticated else None
    if staff is not None:
        district_services.staff_language_set(staff=staff, language=request.POST.get("language", ""), actor=request.user)
    return response
