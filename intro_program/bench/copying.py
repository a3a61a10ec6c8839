"""Write the seed's rows fast: PostgreSQL's COPY with keys drawn from the table's sequence, else bulk_create.

bulk_create spends most of the seed's time preparing each value through the field API and building one huge
INSERT per batch; at national scale (millions of rows) that took most of a quarter of an hour. COPY takes the
rows as text: each value is written by its Python type, keys are drawn from the sequence first (so children can
point at their parents before anything is written), and auto_now_add fields get their time as save() would.
The rows are the same ones bulk_create would write: no signal and no history row, as bulk_create sends none.
"""

import datetime
import io
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
    """Insert plain rows (database-ready values in `columns` order) into `model`'s table.

    With `with_keys` the primary keys are drawn first and returned in the rows' order (`rows` must be a list).
    """
    table = model._meta.db_table
    keys: list[int] = []
    if with_keys:
        keys = _next_keys(table, model._meta.pk.column, len(rows))
        columns = [model._meta.pk.column, *columns]
        rows = ((key, *row) for key, row in zip(keys, rows, strict=True))
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))
            return keys
        chunk: list[str] = []
        for row in rows:
            chunk.append("\t".join(_text(value) for value in row))
            if len(chunk) >= COPY_CHUNK:
                _copy(cursor, table, names, chunk)
                chunk = []
        if chunk:
            _copy(cursor, table, names, chunk)
    return keys


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
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
        )
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
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):  # an ArrayField after prep
        return "{" + ",".join('"' + str(v).replace('"', '\\"') + '"' for v in value) + "}"
    return str(value)
