"""The audit trail: who changed what, built on django-simple-history.

Every important model declares `history = AuditedHistory()`. In a web request the history user
is the logged-in user (simple-history's HistoryRequestMiddleware); a service called from a task,
an import or a command names its actor with `with audit.acting(actor): ...`, which wins over the
request. `acting(..., reason=...)` also writes why (e.g. which import) on every history row it covers.
History rows are only ever added: no page or admin changes or deletes them; anonymisation is the
one writer that scrubs personal fields in them (`scrub_history`).
"""

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history import utils as history_utils
from simple_history.models import HistoricalRecords

_actor: contextvars.ContextVar = contextvars.ContextVar("audit_actor", default=None)
_reason: contextvars.ContextVar[str] = contextvars.ContextVar("audit_reason", default="")
# History reasons are stored in simple-history's 100-character column.
REASON_MAX_LENGTH = 100


@contextlib.contextmanager
def acting(actor, *, reason: str = "") -> Iterator[None]:
    """Record `actor` (a User or None for the system) and `reason` on every history row written inside."""
    actor_token = _actor.set(_Acting(actor))
    reason_token = _reason.set(reason[:REASON_MAX_LENGTH] if reason else _reason.get())
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _reason.reset(reason_token)


@dataclass(frozen=True)
class _Acting:
    user: Any


def records_actor(service: Callable) -> Callable:
    """Decorate a keyword-only service so its `actor` argument is the history user of everything it writes."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        if "actor" not in kwargs:
            return service(*args, **kwargs)
        with acting(kwargs["actor"]):
            return service(*args, **kwargs)

    return wrapper


def _history_user(instance=None, request=None, **kwargs):
    """Return the acting user: the one named by `acting()`, else the request's (simple-history's get_user)."""
    acting_now = _actor.get()
    if acting_now is not None:
        user = acting_now.user
        return user if getattr(user, "is_authenticated", False) else None
    try:
        return request.user if request.user.is_authenticated else None
    except AttributeError:
        return None


def current_reason() -> str:
    return _reason.get()


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords that take the acting user and reason from `acting()` and keep history on delete."""

    def __init__(self, **kwargs):
        kwargs.setdefault("get_user", _history_user)
        kwargs.setdefault("cascade_delete_history", False)
        super().__init__(**kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return history_utils.get_change_reason_from_object(instance) or _reason.get() or None


def bulk_create(objs: list[models.Model], model: type[models.Model], *, batch_size: int = 1000) -> list:
    """Create rows in bulk with one history row each, naming the acting user and reason."""
    created = history_utils.bulk_create_with_history(
        objs,
        model,
        batch_size=batch_size,
        default_user=_history_user(),
        default_change_reason=_reason.get() or None,
    )
    return created


def bulk_update(objs: list[models.Model], model: type[models.Model], fields: Iterable[str], *, batch_size=1000) -> int:
    """Update rows in bulk with one history row each, naming the acting user and reason."""
    updated = history_utils.bulk_update_with_history(
        objs,
        model,
        list(fields),
        batch_size=batch_size,
        default_user=_history_user(),
        default_change_reason=_reason.get() or None,
    )
    return updated


# --- reading history ---------------------------------------------------------------------------------------

HISTORY_TYPE_LABELS = {"+": gettext_lazy("Skapad"), "~": gettext_lazy("Ändrad"), "-": gettext_lazy("Borttagen")}
# Fields that change on every save or only guard concurrency: never worth a line in Historik.
NOISE_FIELDS = frozenset({"updated_at", "created_at", "version", "sequence", "id"})


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One history row as the Historik page shows it: when, who, what kind, which fields before and after."""

    at: Any
    who: str
    kind: str
    what: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(model: type[models.Model], field_name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "–"
    model_field = model._meta.get_field(field_name)
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def user_label(user) -> str:
    """Name the person behind a login: their staff record's name, else the login name."""
    if user is None:
        return _("Systemet")
    staff = getattr(user, "staff_member", None)
    if staff is not None:
        return staff.full_name
    return user.get_username()


def history_entries(
    records: list, *, model: type[models.Model], what=lambda record: "", previous: dict | None = None
) -> list[HistoryEntry]:
    """Turn history rows (newest first, with history_user loaded) into entries with before -> after per field.

    `previous` maps a history row's id to the row before it of the same object; rows without one are
    compared with nothing (a creation shows every field set). Related ids are shown by name where the
    related rows are few, else by id.
    """
    # The fields the history keeps: a field left out of it (a counter such as a plan's items done) has no column.
    kept = {f.attname for f in model.history.model._meta.concrete_fields} if hasattr(model, "history") else None
    tracked = [
        f
        for f in model._meta.concrete_fields
        if f.name not in NOISE_FIELDS
        and not (f.is_relation and f.related_model is None)
        and (kept is None or f.attname in kept)
    ]
    related_ids: dict[type, set] = {}
    for record in list(records) + list((previous or {}).values()):
        for model_field in tracked:
            if model_field.is_relation:
                value = getattr(record, model_field.attname)
                if value is not None:
                    related_ids.setdefault(model_field.related_model, set()).add(value)
    names: dict = {}
    for related_model, ids in related_ids.items():
        for row in related_model._default_manager.filter(pk__in=ids):
            names[(related_model, row.pk)] = _related_name(row)
    entries = []
    for record in records:
        before = (previous or {}).get(record.history_id)
        changes = []
        for model_field in tracked:
            new = getattr(record, model_field.attname)
            old = getattr(before, model_field.attname) if before is not None else None
            if before is not None and old == new:
                continue
            if before is None and (new is None or new == "" or new == []):
                continue
            if before is not None:
                old_text = _display(model, model_field.name, old, names)
            else:
                # A creation has nothing before it; a row made before history was kept has an unknown before.
                old_text = "–" if record.history_type in ("+", "-") else _("okänt")
            changes.append(
                Change(
                    field=model_field.name,
                    label=str(model_field.verbose_name),
                    old=old_text,
                    new=_display(model, model_field.name, new, names),
                )
            )
        entries.append(
            HistoryEntry(
                at=record.history_date,
                who=user_label(record.history_user),
                kind=str(HISTORY_TYPE_LABELS[record.history_type]),
                what=what(record),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _related_name(row) -> str:
    full_name = getattr(row, "full_name", None)
    return full_name if full_name is not None else str(row)


def previous_records(history_model, records: list) -> dict:
    """Return, for each history row, the row before it of the same object: two queries for a whole page."""
    if not records:
        return {}
    pk_name = history_model.instance_type._meta.pk.attname
    earlier = history_model.objects.filter(**{pk_name: OuterRef(pk_name)}).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    pairs = dict(
        history_model.objects.filter(history_id__in=[record.history_id for record in records])
        .annotate(previous_id=Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1]))
        .values_list("history_id", "previous_id")
    )
    before = history_model.objects.in_bulk([pk for pk in pairs.values() if pk is not None])
    return {history_id: before[previous_id] for history_id, previous_id in pairs.items() if previous_id in before}


# --- append-only, and scrubbing (anonymisation only) ------------------------------------------------------

# On PostgreSQL every history table has this guard (migrations call `guard_history_tables`): rows are
# never deleted, and updated only inside `scrubbing()`, which anonymisation alone uses.
GUARD_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION audit_history_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('intro.anonymising', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'history is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""
GUARD_TRIGGER_NAME = "audit_history_append_only"


def guard_history_tables(apps, schema_editor, app_label: str) -> None:
    """Add the append-only guard to every history table of the app (a migration's RunPython)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(GUARD_FUNCTION_SQL, params=None)
    for model in apps.get_app_config(app_label).get_models():
        if model.__name__.startswith("Historical"):
            table = schema_editor.quote_name(model._meta.db_table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {GUARD_TRIGGER_NAME} ON {table}", params=None)
            schema_editor.execute(
                f"CREATE TRIGGER {GUARD_TRIGGER_NAME} BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_history_append_only()",
                params=None,
            )


def unguard_history_tables(apps, schema_editor, app_label: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for model in apps.get_app_config(app_label).get_models():
        if model.__name__.startswith("Historical"):
            table = schema_editor.quote_name(model._meta.db_table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {GUARD_TRIGGER_NAME} ON {table}", params=None)


@contextlib.contextmanager
def scrubbing() -> Iterator[None]:
    """Let the statements inside overwrite history (anonymisation only); must run inside a transaction."""
    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL intro.anonymising = 'on'")
    try:
        yield
    finally:
        if on_postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL intro.anonymising = 'off'")


def scrub_history(model: type[models.Model], object_filter: dict, values: dict) -> int:
    """Overwrite personal fields in the history rows of the matching objects; return how many rows changed.

    The only writer of history rows besides simple-history itself: anonymisation must not leave the
    old name in the trail.
    """
    history_model = history_utils.get_history_model_for_model(model)
    with scrubbing():
        return history_model.objects.filter(**object_filter).update(**values)
