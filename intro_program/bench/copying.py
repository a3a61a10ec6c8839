"""Write the seed's rows fast: PostgreSQL's COPY with keys drawn from the table's sequence, else bulk_create.

bulk_create spends most of the seed's time preparing each value through the field API and building one huge
INSERT per batch; at national scale (millions of rows) that took most of a quarter of an hour. COPY takes the
rows as text: each value is written by its Python type, keys are drawn from the sequence first (so children can
point at their parents before anything is written), and auto_now_add fields get their time as save() would.
The rows are the same ones bulk_create would write: no signal and no history row, as bulk_create sends none.
"""

import datetime
import io
import uuid
from decimal import Decimal

from django.db import connection, models

from intro_program.bench.seeding import BATCH

COPY_CHUNK = 50_000  # rows per COPY: bounded memory for the text buffer


def copy_create(model: type[models.Model], objects) -> list:
    """Insert `objects` (unsaved instances of `model`) and set their primary keys; return them."""
    objects = list(objects)
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=BATCH)
    meta = model._meta
    pk = meta.pk
    fields = list(meta.concrete_fields)
    missing = [obj for obj in objects if obj.pk is None]
    if missing:
        for obj, key in zip(missing, _next_keys(meta.db_table, pk.column, len(missing)), strict=True):
            obj.pk = key
    stamped = [f for f in fields if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]
    plain = [f for f in fields if not _needs_prep(f)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    writers = [(f.attname, None if f in plain else f) for f in fields]
    relations = [f for f in fields if f.is_relation]  # parents saved after the child was built: take their keys
    with connection.cursor() as cursor:
        for first in range(0, len(objects), COPY_CHUNK):
            buffer = io.StringIO()
            for obj in objects[first : first + COPY_CHUNK]:
                for field in relations:
                    if getattr(obj, field.attname) is None and field.is_cached(obj):
                        parent = field.get_cached_value(obj)
                        if parent is not None:
                            setattr(obj, field.attname, parent.pk)
                for field in stamped:
                    if getattr(obj, field.attname) is None:
                        field.pre_save(obj, add=True)
                buffer.write(
                    "\t".join(
                        _text(
                            getattr(obj, attname)
                            if field is None
                            else field.get_db_prep_save(getattr(obj, attname), connection)
                        )
                        for attname, field in writers
                    )
                )
                buffer.write("\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {meta.db_table} ({columns}) FROM STDIN", buffer)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = "default"
    return objects


def copy_rows(model: type[models.Model], columns: list[str], rows, *, with_keys: bool = False) -> list[int]:
    """Insert plain rows (database-ready values in `columns` order; a `Fragment` stands for several) into `model`.

    With `with_keys` the primary keys are drawn first and returned in the rows' order (`rows` must be a list).
    """
    table = model._meta.db_table
    keys: list[int] = []
    if with_keys:
        keys = next_keys(model, len(rows))
        columns = [model._meta.pk.column, *columns]
        rows = ((key, *row) for key, row in zip(keys, rows, strict=True))
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", [_flat(row) for row in rows])
            return keys
        chunk: list[str] = []
        for row in rows:
            chunk.append("\t".join(map(_text, row)))
            if len(chunk) >= COPY_CHUNK:
                _copy(cursor, table, names, chunk)
                chunk = []
        if chunk:
            _copy(cursor, table, names, chunk)
    return keys


class Fragment(str):
    """Several consecutive columns' values written once as COPY text, for rows that share them (a template's)."""

    values: tuple


def fragment(*values) -> Fragment:
    """Return `values` as one Fragment for copy_rows."""
    written = Fragment("\t".join(map(_text, values)))
    written.values = values
    return written


def next_keys(model: type[models.Model], count: int) -> list[int]:
    """Draw `count` primary keys from `model`'s sequence, for rows whose children are written with them."""
    return _next_keys(model._meta.db_table, model._meta.pk.column, count)


def _flat(row) -> list:
    """The row's values as the ORM would pass them to a database without COPY (SQLite), fragments spread."""
    return [_prepared(v) for value in row for v in (value.values if type(value) is Fragment else (value,))]


def _prepared(value):
    if isinstance(value, uuid.UUID):
        return value.hex  # as UUIDField stores it where the database has no uuid type
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _copy(cursor, table: str, names: str, lines: list[str]) -> None:
    buffer = io.StringIO("\n".join(lines) + "\n")
    cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)


def _next_keys(table: str, column: str, count: int) -> list[int]:
    if connection.vendor != "postgresql":  # SQLite: the keys after the table's largest
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")
            first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))
    with connection.cursor() as cursor:
        # The sequence looked up once: as an argument of nextval it would be looked up again for every key.
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
        return [row[0] for row in cursor.fetchall()]


_PLAIN_TYPES = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.BooleanField,
    models.CharField,
    models.TextField,
    models.DateField,
    models.DateTimeField,
    models.TimeField,
    models.DecimalField,
    models.ForeignKey,
    models.EmailField,
    models.SlugField,
)


def _needs_prep(field) -> bool:
    return not isinstance(field, _PLAIN_TYPES) or isinstance(field, models.JSONField)


def _text(value) -> str:
    write = _WRITERS.get(type(value))
    return write(value) if write is not None else _other_text(value)


def _str_text(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


_WRITERS = {  # by exact type, the common ones first: a million rows pass here
    int: str,
    str: _str_text,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    uuid.UUID: str,
    Fragment: str.__str__,  # written already
}


def _other_text(value) -> str:
    if isinstance(value, str):  # a lazy translation or a TextChoices member
        return _str_text(str(value))
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):  # an ArrayField after prep
        return "{" + ",".join('"' + str(v).replace('"', '\\"') + '"' for v in value) + "}"
    return str(value)
