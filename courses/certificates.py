"""Certificates (intyg): issued for every completed nomination of a held round, checked by a short code.

A certificate states the person, the course, the first and last day, the days and the högskolepoäng, as
they were when it was issued. Its code is 12 characters of Crockford base32 from `secrets` (60 random
bits), unique in the database; the public check page says only whether a code belongs to a certificate.
Issuing happens in `round_mark_held`'s transaction and is idempotent (one certificate per nomination, a
one-to-one key); every issue and every download leaves a history row naming its actor (`districts.audit`).
"""

import datetime
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from courses.models import (
    CERTIFICATE_CODE_ALPHABET,
    CERTIFICATE_CODE_LENGTH,
    Certificate,
    CourseRound,
    Nomination,
    NominationStatus,
    RoundStatus,
)
from districts import access, audit, clock
from districts.pdf import render_pdf

logger = logging.getLogger(__name__)

HALF_DAY_MINUTES = 4 * 60
# Letters people mistake for digits in Crockford's alphabet, read as the digit.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def session_days(start_time: datetime.time, end_time: datetime.time) -> Decimal:
    """Return a session's length in days: up to four hours is half a day, anything longer a whole day."""
    minutes = (end_time.hour * 60 + end_time.minute) - (start_time.hour * 60 + start_time.minute)
    return Decimal("0.5") if minutes <= HALF_DAY_MINUTES else Decimal("1")


def certificate_days(*, module_days: Iterable[Decimal], sessions: Iterable[tuple[datetime.time, datetime.time]]):
    """Return the days a certificate states: the days of the modules the round taught, else its sessions' length."""
    from_modules = sum(module_days, Decimal(0))
    if from_modules > 0:
        return from_modules
    return sum((session_days(start, end) for start, end in sessions), Decimal(0))


def normalise_code(raw: str) -> str:
    """Return a typed code as stored: capitals, no spaces or dashes, O read as 0 and I/L as 1."""
    return "".join(raw.split()).replace("-", "").upper().translate(_READ_AS)


def is_well_formed(code: str) -> bool:
    return len(code) == CERTIFICATE_CODE_LENGTH and all(char in CERTIFICATE_CODE_ALPHABET for char in code)


def grouped(code: str) -> str:
    """Return the code in groups of four for print (ABCD-EFGH-JKMN)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _round_days(course_round: CourseRound) -> Decimal:
    held = [session for session in course_round.sessions.all() if not session.cancelled]
    modules = {module.pk: module.days for session in held for module in session.modules.all()}
    return certificate_days(
        module_days=modules.values(), sessions=[(session.start_time, session.end_time) for session in held]
    )


# --- writes -------------------------------------------------------------------------------------------------


@audit.records_actor
@transaction.atomic
def certificates_issue_for_round(*, course_round: CourseRound, actor) -> list[Certificate]:
    """Issue a certificate to every completed participant of a held round who has none yet; return the new ones."""
    if course_round.status != RoundStatus.HELD:
        return []
    course_round = (
        CourseRound.objects.select_related("course").prefetch_related("sessions__modules").get(pk=course_round.pk)
    )
    waiting = list(
        course_round.nominations.filter(status=NominationStatus.COMPLETED, certificate__isnull=True).order_by("pk")
    )
    if not waiting:
        return []
    days = _round_days(course_round)
    today = clock.today()
    issued = []
    for nomination in waiting:
        issued.append(_issue(nomination, course_round, days=days, issued_on=today))
    logger.debug("issued %s certificates for round %s", len(issued), course_round.pk)
    return issued


def _issue(nomination: Nomination, course_round: CourseRound, *, days: Decimal, issued_on) -> Certificate:
    for _attempt in range(3):  # a code clash (1 in 2^60 per code) draws a new one
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    nomination=nomination,
                    issued_on=issued_on,
                    course_name=course_round.course.name,
                    first_day=course_round.starts_on,
                    last_day=course_round.ends_on,
                    days=days,
                    credits=course_round.course.credits,
                )
        except IntegrityError:
            existing = Certificate.objects.filter(nomination=nomination).first()
            if existing is not None:  # issued by a concurrent call: idempotent
                return existing
    raise IntegrityError("no free certificate code")  # pragma: no cover - 60 random bits


@audit.records_actor
@transaction.atomic
def certificate_download_record(*, certificate: Certificate, actor) -> Certificate:
    """Count a download of the certificate; its history row says who downloaded it and when."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    certificate.download_count += 1  # the row is locked, so two downloads at once both count
    certificate.last_downloaded_at = clock.now()
    certificate.save(update_fields=["download_count", "last_downloaded_at"])
    logger.info("certificate %s downloaded by user %s", certificate.pk, getattr(actor, "pk", None))
    return certificate


# --- reads --------------------------------------------------------------------------------------------------


def visible_certificates(*, user) -> QuerySet[Certificate]:
    """Return the certificates the user may download: their own, and HR's whole organisation."""
    return Certificate.objects.filter(
        nomination__staff__in=access.certificate_holders(user).values("pk")
    ).select_related("nomination__staff", "nomination__course_round__course__organisation")


def own_certificates(*, user) -> QuerySet[Certificate]:
    """Return the user's own certificates, newest first."""
    scope = access.scope_for(user)
    if scope.staff_id is None:
        return Certificate.objects.none()
    return certificates_of_staff(user=user, staff_id=scope.staff_id)


def certificates_of_staff(*, user, staff_id: int) -> QuerySet[Certificate]:
    return visible_certificates(user=user).filter(nomination__staff_id=staff_id)


def certificates_of_round(*, user, round_id: int) -> QuerySet[Certificate]:
    return (
        visible_certificates(user=user)
        .filter(nomination__course_round_id=round_id)
        .order_by("nomination__staff__last_name", "nomination__staff__first_name", "pk")
    )


def certificate_by_code(code: str) -> Certificate | None:
    """Return the certificate with this code (as typed: normalised first), or None."""
    code = normalise_code(code)
    if not is_well_formed(code):
        return None
    return Certificate.objects.filter(code=code).first()


def certificate_pdf(certificate: Certificate, *, check_url: str) -> bytes:
    """Render the certificate as a PDF with its check code and the address where it is checked."""
    context = {
        "certificate": certificate,
        "staff": certificate.nomination.staff,
        "organisation": certificate.nomination.course_round.course.organisation,
        "code": grouped(certificate.code),
        "check_url": check_url,
    }
    return render_pdf("courses/pdf/certificate.html", context)
