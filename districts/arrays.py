"""Membership sent to PostgreSQL as one array: `value = ANY(array)` rather than `value IN (...)`.

Two reasons, each seen on the national seed. A list of ids goes as one parameter, not one each that Django prepares
one by one (a year's 1,700 hires: ~5 ms of a request a query). And a subquery read into an array first is then
looked up by index, where for `IN (subquery)` PostgreSQL expected a thousand rows and hashed all 52,500 staff rows.
SQLite (make run's embedded default) has no arrays: there the condition is the `__in` lookup, the same rows.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, QuerySet, Value


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
