"""What districts holds about one person: their register extract sections and their anonymisation.

Every app that holds personal data has a module like this one, listed in settings.PERSONAL_DATA_MODULES,
with `extract(*, staff) -> list[Section]` and `anonymise(*, staff) -> None`. The helpers here
(`Section`, `rows`, `history_rows`, `ANONYMISED`) are shared by the others.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import get_history_model_for_model

from districts import audit
from districts.models import ImportRecord, StaffMember, StaffRole

# What replaces names and free text; the same word in every app, so a reader sees what happened.
ANONYMISED = "Anonymiserad"
ANONYMISATION_REASON = "Anonymisering"


@dataclass
class Section:
    """One part of a register extract: a heading and rows of field -> value, with the fields' labels."""

    key: str
    title: str
    labels: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)


def _plain(value):
    """Return a value JSON and a PDF can both show."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return getattr(value, "full_name", None) or str(value)
    return value


def _value(instance: models.Model, name: str):
    model_field = instance._meta.get_field(name)
    if model_field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if model_field.is_relation:
        related = getattr(instance, name)
        if related is not None and hasattr(related, "get_username"):
            return audit.user_label(related)
        return _plain(related)
    return _plain(getattr(instance, name))


def rows(instances, fields: list[str]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Return the fields' labels and one row per instance with each field shown as a person reads it."""
    instances = list(instances)
    if not instances:
        return {}, []
    meta = instances[0]._meta
    labels = {name: str(meta.get_field(name).verbose_name) for name in fields}
    return labels, [{name: _value(instance, name) for name in fields} for instance in instances]


def section(key: str, title: str, instances, fields: list[str]) -> Section:
    labels, found = rows(instances, fields)
    return Section(key=key, title=str(title), labels=labels, rows=found)


HISTORY_LABELS = {
    "history_date": gettext_lazy("tidpunkt"),
    "history_user": gettext_lazy("av"),
    "history_type": gettext_lazy("händelse"),
    "history_change_reason": gettext_lazy("orsak"),
}


def history_section(key: str, title: str, model: type[models.Model], object_filter: dict, fields: list[str]) -> Section:
    """Return the history rows of the matching objects: when, by whom, what kind, and the fields as they were."""
    history_model = get_history_model_for_model(model)
    records = list(
        history_model.objects.filter(**object_filter)
        .select_related("history_user__staff_member")
        .order_by("history_date", "history_id")
    )
    labels = {name: str(label) for name, label in HISTORY_LABELS.items()}
    labels.update({name: str(model._meta.get_field(name).verbose_name) for name in fields})
    found = []
    for record in records:
        row = {
            "history_date": _plain(record.history_date),
            "history_user": audit.user_label(record.history_user),
            "history_type": str(audit.HISTORY_TYPE_LABELS[record.history_type]),
            "history_change_reason": record.history_change_reason or "",
        }
        for name in fields:
            model_field = model._meta.get_field(name)
            value = getattr(record, model_field.attname)
            if model_field.choices:
                value = str(dict(model_field.flatchoices).get(value, value))
            row[name] = _plain(value)
        found.append(row)
    return Section(key=key, title=str(title), labels=labels, rows=found)


STAFF_FIELDS = [
    "first_name",
    "last_name",
    "work_email",
    "organisation",
    "unit",
    "employment_start",
    "employment_end",
    "profession_start",
    "employment_type",
    "competence_level",
    "introduction_profile",
    "gender",
    "supervisor",
    "mentor",
    "user",
    "anonymised_at",
    "created_at",
]
STAFF_HISTORY_FIELDS = [name for name in STAFF_FIELDS if name not in {"organisation", "user", "created_at"}]


def extract(*, staff: StaffMember) -> list[Section]:
    """Return the staff record, roles, the people they supervise or mentor, and the record's history."""
    staff = StaffMember.objects.select_related("organisation", "unit", "supervisor", "mentor", "user").get(pk=staff.pk)
    return [
        section("staff", _("Personuppgifter"), [staff], STAFF_FIELDS),
        section("roles", _("Roller"), StaffRole.objects.filter(staff=staff).order_by("role"), ["role"]),
        section(
            "supervised",
            _("Handleder eller är fadder för"),
            StaffMember.objects.filter(models.Q(supervisor=staff) | models.Q(mentor=staff)).order_by("pk"),
            ["first_name", "last_name", "unit"],
        ),
        section(
            "imports",
            _("Personalimporter gjorda av personen"),
            ImportRecord.objects.filter(actor_id=staff.user_id).order_by("imported_at") if staff.user_id else [],
            ["filename", "imported_at", "created", "updated", "unchanged"],
        ),
        history_section(
            "staff_history", _("Historik: personuppgifter"), StaffMember, {"id": staff.pk}, STAFF_HISTORY_FIELDS
        ),
        history_section("role_history", _("Historik: roller"), StaffRole, {"staff_id": staff.pk}, ["role"]),
    ]


def anonymised_email(staff: StaffMember) -> str:
    return f"anonymiserad-{staff.pk}@anonymiserad.invalid"


def anonymise(*, staff: StaffMember) -> None:
    """Replace the name and e-mail, here and in the record's history; end the login; keep every link."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415 - the user model is only needed here

    values = {"first_name": ANONYMISED, "last_name": str(staff.pk), "work_email": anonymised_email(staff)}
    old_username = staff.user.get_username() if staff.user_id else None
    for name, value in values.items():
        setattr(staff, name, value)
    staff.anonymised_at = timezone.now()
    staff.save()
    audit.scrub_history(StaffMember, {"id": staff.pk}, values)
    if staff.user_id:
        user_model = get_user_model()
        user = user_model.objects.get(pk=staff.user_id)
        user.username = f"anonymiserad-{staff.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        _scrub_login_records(old_username, user.username)


def _scrub_login_records(old_username: str, new_username: str) -> None:
    """Rename the login in django-axes' records of attempts, so the old address is not kept there either."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # noqa: PLC0415

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=old_username).update(username=new_username)
