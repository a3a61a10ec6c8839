"""Reads whose SQL is compiled once a process for the same inputs, then only run.

Building and compiling a joined, annotated queryset costs the ORM 1 to 4 ms, more than PostgreSQL takes to run
most of the dashboard's reads: on the national seed about half of a coordinator's dashboard was the ORM building
and compiling the same dozen queries for the same SQL, request after request. A read whose SQL follows only from
its inputs (the reader's access scope, the day, constant arguments) is compiled on its first use with those
inputs and its SQL kept; its rows are not kept, so every call runs it and sees the data as it is now.

The queryset a read builds must depend on nothing else: the reader only through `districts.access` (their
scope), the day as an input (a build that also reads the clock is keyed on the clock's day), no value read from
the database while building, no setting that is not one of its inputs.

A read may also take inputs that differ on every call (the time now): those named in `varying` are not part of
the key; the build is given the first call's values, and the SQL's parameters that are those very objects are
replaced by each call's values when it runs. Such an input must reach the SQL as it was given (a build that
derives another value from it takes that value as a second varying input); where the backend adapts it (SQLite
writes a datetime as text), the read is built and compiled on every call instead, which is always correct; so is
a call whose varying input is a small integer (one object Python shares with any constant equal to it).

On PostgreSQL the kept SQL is also a prepared statement of each connection that ran it: planning the same
dashboard reads again on each request was a third of their time in the database (7 of 21 ms for a national
coordinator). Its constants are written into the statement (as psycopg2 writes them into each query it sends), so
PostgreSQL plans it once, for those very values, and not as a generic plan; only the varying inputs are its
parameters. A statement lives as long as its connection (CONN_MAX_AGE, a minute: a gunicorn worker's requests in
it share it); PostgreSQL plans it afresh when its tables are altered or analysed. A connection pooler that hands
one client several server connections (PgBouncer in transaction mode) would not know them: there
DATABASE_PREPARED_STATEMENTS=0 (the setting COMPILED_READS_PREPARED) runs the SQL as before.
"""

import hashlib
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from districts import access

# Distinct inputs kept per read, the least recently used dropped first: a reader's SQL is a few kilobytes, and
# the readers a worker serves on one day reuse theirs.
KEPT_PER_READ = 128


@dataclass(frozen=True)
class _Compiled:
    using: str
    sql: str | None  # None: the queryset can match nothing (EmptyResultSet)
    params: tuple
    names: tuple[str, ...]
    converters: tuple  # (position, (converter functions, expression)) as the compiler gives them
    varying: tuple[tuple[int, str], ...] = ()  # (parameter position, input name): replaced on each run

    def rows(self, varying: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        if self.sql is None:
            return []
        params = self.params
        if self.varying:
            params = list(params)
            for position, name in self.varying:
                params[position] = varying[name]
        connection = connections[self.using]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and getattr(settings, "COMPILED_READS_PREPARED", True):
                found = _prepared_rows(self, cursor, connection, params)
            else:
                cursor.execute(self.sql, params)
                found = cursor.fetchall()
        if self.converters:
            found = [self._converted(list(row), connection) for row in found]
        return [dict(zip(self.names, row, strict=True)) for row in found]

    def _converted(self, row: list, connection) -> list:
        for position, (functions, expression) in self.converters:
            value = row[position]
            for convert in functions:
                value = convert(value, expression, connection)
            row[position] = value
        return row


class _Parameter:
    """A varying input's place in a prepared statement: `$1`, cast as psycopg2 writes the value it stands for."""

    def __init__(self, number: int, value: Any):
        from psycopg2.extensions import adapt

        literal = adapt(value).getquoted().decode()
        cast = re.search(r"::[\w ]+(\[\])?$", literal)
        self._quoted = f"${number}{cast.group(0) if cast else ''}".encode()

    def __conform__(self, protocol):
        return self

    def getquoted(self) -> bytes:
        return self._quoted


# Per database connection (the psycopg2 one, so a reconnect starts with none): the names of the statements it
# has prepared, or None while unknown (after an error in a statement that prepared one: PREPARE outlives the
# transaction it ran in, even a failed one, and whether it ran before the error is not known).
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_prepared_lock = threading.Lock()


def _prepared_rows(compiled: _Compiled, cursor, connection, params: list | tuple) -> list[tuple]:
    """Run the kept SQL as a statement prepared on this connection, preparing it in the same round trip first."""
    parameters = list(compiled.params)
    executed = []
    for number, (position, _name) in enumerate(compiled.varying, start=1):
        parameters[position] = _Parameter(number, params[position])
        executed.append(params[position])
    statement = cursor.mogrify(compiled.sql, parameters).decode()
    name = "compiled_" + hashlib.sha1(statement.encode()).hexdigest()[:24]
    execute = f"EXECUTE {name}" + (f"({', '.join(['%s'] * len(executed))})" if executed else "")
    raw = connection.connection
    with _prepared_lock:
        names = _prepared.setdefault(raw, set())
    if names is None:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        names = {row[0] for row in cursor.fetchall()}
        with _prepared_lock:
            _prepared[raw] = names
    if name in names:
        cursor.execute(execute, executed)
        return cursor.fetchall()
    try:
        # One query: the statement is prepared and run in one round trip (and counted once).
        cursor.execute(f"PREPARE {name} AS {statement.replace('%', '%%')}; {execute}", executed)
    except Exception:
        with _prepared_lock:
            _prepared[raw] = None  # read back from the server before the next prepared read
        raise
    names.add(name)
    return cursor.fetchall()


def _compile(queryset: QuerySet, varying: dict[str, Any] | None = None) -> _Compiled:
    query = queryset.query
    if queryset._fields is None and not query.values_select:
        raise TypeError("a compiled read builds a values() queryset")
    # The names and order of a values() row, as Django's ValuesIterable gives them.
    if query.selected:
        names = tuple(query.selected)
    else:
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled(queryset.db, None, (), names, ())
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = tuple(compiler.get_converters(fields).items())
    return _Compiled(queryset.db, sql, tuple(params), names, converters, _varying_positions(params, varying or {}))


def _varying_positions(params, varying: dict[str, Any]) -> tuple[tuple[int, str], ...]:
    # By identity, not equality: a constant of the read that happens to equal the first call's value stays. Python
    # shares one object for each small integer (and for True, False, None), so such a value cannot be told from a
    # constant equal to it: that call is compiled on its own, and the SQL is kept from a call that can be told.
    shared = [name for name, value in varying.items() if value is None or _is_shared_int(value)]
    if shared:
        raise _NotSubstitutable(shared)
    positions = tuple(
        (position, name) for name, value in varying.items() for position, param in enumerate(params) if param is value
    )
    missing = set(varying) - {name for _position, name in positions}
    if missing:
        raise _NotSubstitutable(sorted(missing))
    return positions


def _is_shared_int(value: Any) -> bool:
    return isinstance(value, int) and (isinstance(value, bool) or -5 <= value <= 256)


class _NotSubstitutable(ValueError):
    """A varying input did not reach the SQL as given: the backend adapted it (SQLite writes a datetime as text)."""


def field_names(model, prefix: str = "") -> tuple[str, ...]:
    """Return the values() names of a model's columns (`prefix` for a related model's: "course__")."""
    return tuple(f"{prefix}{field.attname}" for field in model._meta.concrete_fields)


def instance(model, row: dict[str, Any], prefix: str = ""):
    """Return the model instance of a row read with `field_names(model, prefix)`, as the ORM would give it."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(model.objects.db, names, [row[f"{prefix}{name}"] for name in names])


def related_instance(model, row: dict[str, Any], prefix: str):
    """Return `instance(model, row, prefix)` of a nullable relation (`prefix` "supervisor__"), or None when the row
    has none (its primary key is null, as a LEFT JOIN gives it)."""
    return instance(model, row, prefix) if row[f"{prefix}{model._meta.pk.attname}"] is not None else None


class BuildReadTheDatabase(RuntimeError):
    """A compiled read's build ran a query: its SQL could then depend on data that later changes."""


def _refuse_queries(execute, sql, params, many, context):
    raise BuildReadTheDatabase(f"a compiled read's build may not query the database; it ran: {sql[:200]}")


def _built_without_queries(build: Callable[..., Any], **arguments: Any) -> Any:
    """Run `build`, refusing any query on any connection meanwhile (the rule in this module's docstring)."""
    with ExitStack() as refusing:
        for connection in connections.all():
            refusing.enter_context(connection.execute_wrapper(_refuse_queries))
        return build(**arguments)


class CompiledRead:
    """A values() read built by `build(user=..., **inputs)`, compiled once per reader's scope and inputs.

    `build` may return `(queryset, noted)` instead: `noted` is something learnt while building (the names the
    read's parts contributed, say), kept with the SQL and given back by `rows_and_noted`.
    """

    def __init__(self, build: Callable[..., QuerySet | tuple[QuerySet, Any]], *, varying: tuple[str, ...] = ()):
        self._build = build
        self._varying = frozenset(varying)
        self._kept: OrderedDict[Hashable, tuple[_Compiled, Any]] = OrderedDict()
        self._lock = threading.Lock()  # a threaded server's requests share the kept SQL

    def rows(self, *, user=None, **inputs: Hashable) -> list[dict[str, Any]]:
        """Return the read's rows as values() dicts; `inputs` but the varying ones must be hashable (a date, ids)."""
        return self.rows_and_noted(user=user, **inputs)[0]

    def rows_and_noted(self, *, user=None, **inputs: Hashable) -> tuple[list[dict[str, Any]], Any]:
        """Return the read's rows and what its build noted (None when it returned a queryset alone)."""
        scope = access.scope_for(user) if user is not None else None
        varying = {name: value for name, value in inputs.items() if name in self._varying}
        if set(varying) != self._varying:
            raise TypeError(f"a compiled read needs its varying inputs: {sorted(self._varying - set(varying))}")
        key = (scope, tuple(sorted((name, value) for name, value in inputs.items() if name not in self._varying)))
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
        if kept is None:
            arguments = {"user": user, **inputs} if user is not None else inputs
            built = _built_without_queries(self._build, **arguments)
            queryset, noted = built if isinstance(built, tuple) else (built, None)
            try:
                kept = (_compile(queryset, varying), noted)
            except _NotSubstitutable:
                # Its SQL cannot be kept on this backend (the embedded SQLite): this call's own, compiled afresh.
                return _compile(queryset).rows(), noted
            with self._lock:
                self._kept[key] = kept
                if len(self._kept) > KEPT_PER_READ:
                    self._kept.popitem(last=False)
        compiled, noted = kept
        return compiled.rows(varying), noted
