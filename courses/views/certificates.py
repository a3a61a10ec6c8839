"""Certificates (intyg): Mina intyg, HR's lists per person and round, the PDF, and the public check page."""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from courses import certificates, selectors
from districts import access
from districts.access import Capability, require_capability

# Lookups per client address and window on the public check page; the code's 60 random bits make
# guessing futile anyway, the limit keeps the page from being used as an oracle in bulk.
CHECK_LIMIT, CHECK_WINDOW_SECONDS = 30, 600


def my_certificates(request):
    rows = certificates.own_certificates(user=request.user)
    return render(request, "courses/certificate_list.html", {"certificates": rows, "mine": True})


@require_capability(Capability.READ_CERTIFICATES)
def staff_certificates(request, staff_pk: int):
    staff = get_object_or_404(access.certificate_holders(request.user), pk=staff_pk)
    rows = certificates.certificates_of_staff(user=request.user, staff_id=staff.pk)
    return render(request, "courses/certificate_list.html", {"certificates": rows, "staff": staff})


@require_capability(Capability.READ_CERTIFICATES)
def round_certificates(request, pk: int):
    course_round = get_object_or_404(selectors.visible_rounds(user=request.user), pk=pk)
    rows = certificates.certificates_of_round(user=request.user, round_id=course_round.pk)
    return render(request, "courses/certificate_list.html", {"certificates": rows, "course_round": course_round})


def certificate_download(request, pk: int):
    certificate = get_object_or_404(certificates.visible_certificates(user=request.user), pk=pk)
    certificates.certificate_download_record(certificate=certificate, actor=request.user)
    check_url = request.build_absolute_uri(reverse("courses:certificate_check_code", args=[certificate.code]))
    response = HttpResponse(
        certificates.certificate_pdf(certificate, check_url=check_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="intyg-{certificate.code}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _over_limit(request) -> bool:
    key = f"certificate-check:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, CHECK_WINDOW_SECONDS)
    try:
        return cache.incr(key) > CHECK_LIMIT
    except ValueError:  # the key expired between add and incr
        return False


def _check(request, raw_code: str):
    if not raw_code.strip():
        return render(request, "courses/certificate_check.html", {"asked": False})
    if _over_limit(request):
        return render(request, "courses/certificate_check.html", {"asked": True, "limited": True}, status=429)
    certificate = certificates.certificate_by_code(raw_code)
    context = {
        "asked": True,
        "code": raw_code.strip()[:40],
        # Only what proves the certificate genuine: never the person.
        "genuine": certificate is not None,
        "issued_on": certificate.issued_on if certificate else None,
        "course_name": certificate.course_name if certificate else "",
    }
    return render(request, "courses/certificate_check.html", context, status=200 if certificate else 404)


@login_not_required
def certificate_check(request):
    """Check a typed code without login: the answer says whether it is genuine, nothing about the person."""
    return _check(request, request.GET.get("kod", ""))


@login_not_required
def certificate_check_code(request, code: str):
    if len(code) > 40:
        raise Http404
    return _check(request, code)
