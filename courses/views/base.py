"""What the course pages share: the programme capability, the request's organisation, the next URL."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from courses import selectors
from districts import access
from districts.access import Capability, require_capability

manage_programme = require_capability(Capability.MANAGE_PROGRAMME)


def _organisation(request):
    organisation = access.visible_organisations(request.user).first()
    if organisation is None:
        raise Http404
    return organisation


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


def _coordinated_round(request, pk):
    return get_object_or_404(selectors.visible_rounds(user=request.user), pk=pk)
