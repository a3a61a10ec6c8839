"""Issue the certificates (intyg) of nominations completed in rounds held before certificates existed."""

import datetime
import secrets
from decimal import Decimal

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # courses.models.CERTIFICATE_CODE_ALPHABET, frozen here


def _session_days(start, end) -> Decimal:
    # courses.certificates.session_days as it stood when this migration was written.
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return Decimal("0.5") if minutes <= 240 else Decimal("1")


def backfill(apps, schema_editor):
    CourseRound = apps.get_model("courses", "CourseRound")
    Certificate = apps.get_model("courses", "Certificate")
    Nomination = apps.get_model("courses", "Nomination")
    HistoricalCertificate = apps.get_model("courses", "HistoricalCertificate")
    rounds = (
        CourseRound.objects.filter(status="held", nominations__status="completed")
        .select_related("course")
        .prefetch_related("sessions__modules")
        .distinct()
    )
    for course_round in rounds.iterator(chunk_size=200):
        held = [session for session in course_round.sessions.all() if not session.cancelled]
        module_days = {module.pk: module.days for session in held for module in session.modules.all()}
        days = sum(module_days.values(), Decimal(0)) or sum(
            (_session_days(s.start_time, s.end_time) for s in held), Decimal(0)
        )
        waiting = Nomination.objects.filter(course_round=course_round, status="completed", certificate__isnull=True)
        for nomination in waiting:
            issued_on = (nomination.completed_at.date() if nomination.completed_at else None) or (
                course_round.ends_on or datetime.date.today()
            )
            certificate = Certificate.objects.create(
                nomination=nomination,
                code="".join(secrets.choice(ALPHABET) for _i in range(12)),
                issued_on=issued_on,
                course_name=course_round.course.name,
                first_day=course_round.starts_on,
                last_day=course_round.ends_on,
                days=days,
                credits=course_round.course.credits,
            )
            fields = {f.attname: getattr(certificate, f.attname) for f in Certificate._meta.concrete_fields}
            HistoricalCertificate.objects.create(
                **fields,
                history_date=datetime.datetime.now(datetime.UTC),
                history_type="+",
                history_change_reason="Intyg för tidigare genomförda omgångar",
            )


class Migration(migrations.Migration):
    dependencies = [("courses", "0009_certificates_key_people_trainer_shares")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
