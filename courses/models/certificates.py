"""Certificates (intyg) of completed nominations, with their verification codes."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory

from .nominations import Nomination

# Crockford's base32 without I, L, O and U, so a code read aloud or typed from paper is not misread.
CERTIFICATE_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CODE_LENGTH = 12  # 60 random bits: guessing one of even a million codes takes ~10^12 tries


def new_certificate_code() -> str:
    return "".join(secrets.choice(CERTIFICATE_CODE_ALPHABET) for _position in range(CERTIFICATE_CODE_LENGTH))


class Certificate(models.Model):
    """The intyg of one completed nomination in a held round, with what it said when it was issued."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("nominering")
    )
    code = models.CharField(
        _("kontrollkod"), max_length=CERTIFICATE_CODE_LENGTH, unique=True, default=new_certificate_code
    )
    issued_on = models.DateField(_("utfärdat"))
    # What the certificate states, kept as it was issued: a course renamed later does not change it.
    course_name = models.CharField(_("kurs"), max_length=200)
    first_day = models.DateField(_("första dag"), null=True, blank=True)
    last_day = models.DateField(_("sista dag"), null=True, blank=True)
    days = models.DecimalField(_("dagar"), max_digits=5, decimal_places=2, default=0)
    credits = models.DecimalField(_("högskolepoäng"), max_digits=4, decimal_places=1, default=0)
    download_count = models.PositiveIntegerField(_("nedladdningar"), default=0)
    last_downloaded_at = models.DateTimeField(_("senast nedladdat"), null=True, blank=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["-issued_on", "id"]
        verbose_name = _("intyg")
        verbose_name_plural = _("intyg")
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=0) & Q(credits__gte=0), name="certificate_amounts_positive"),
        ]

    def __str__(self):
        return self.code
