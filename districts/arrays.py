"""Membership sent to PostgreSQL as one array: `value = ANY(array)` rather than `value IN (...)`.

Two reasons, each seen on the national seed. A list of ids goes as one parameter, not one each that Django prepares
one by one (a year's 1,700 hires: ~5 ms of a request a query). And a subquery read into an array first is then
looked up by index, where for `IN (subquery)` PostgreSQL expected a thousand rows and hashed all 52,500 staff rows.
SQLite (make run's embedded default) has no arrays: there the condition is the `__in` lookup, the same rows.

`AmongIds` sends the very list it is given as that one parameter, so that a compiled read (districts.compiled) can
give each call's ids to the SQL it kept: `among` prepares a copy of the list, which the read cannot find again.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, Expression, F, Func, Q, QuerySet, Value


class _EqualsAny(Func):
    """`value = ANY(array)`: whether the value is among the array's elements."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def among(field: str, values: list[int] | QuerySet, *, using: str = "default") -> Q | Func:
    """Return the condition that `field` is one of `values`: a list of ids, or a values() subquery of one column."""
    if connections[using].vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    if isinstance(values, QuerySet):
        return _EqualsAny(F(field), ArraySubquery(values))
    return _EqualsAny(F(field), Value(list(values), output_field=ArrayField(BigIntegerField())))


class AmongIds(Expression):
    """`field = ANY(ids)` with the list of ids as its one parameter, the very list given (a compiled read's varying
    input); elsewhere than PostgreSQL, `field IN (ids)`, which a compiled read builds afresh on each call."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, ids: list[int]):
        super().__init__()
        self.column, self.ids = F(field), ids

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        field_sql, field_params = compiler.compile(self.column)
        return f"{field_sql} = ANY(%s::bigint[])", (*field_params, self.ids)

    def as_sqlite(self, compiler, connection):
        if not self.ids:
            return "1 = 0", ()  # not EmptyResultSet: a compiled read would keep "no rows" for every later call
        field_sql, field_params = compiler.compile(self.column)
        return f"{field_sql} IN ({', '.join(['%s'] * len(self.ids))})", (*field_params, *self.ids)
