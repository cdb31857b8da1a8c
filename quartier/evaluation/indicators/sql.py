"""One aggregate over another, in the database: the ORM writes the inner grouped query (with
its filters, joins and parameters, for SQLite as for PostgreSQL) and a short portable outer
query counts over its rows. Used where Django cannot aggregate an aggregate, e.g. « how many
people came three times or more in each period »."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import QuerySet


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def over(
    queryset: QuerySet,
    select: str,
    *,
    where: str = "",
    group_by: str = "",
    select_params: tuple = (),
    params: tuple = (),
) -> list[tuple]:
    """Rows of `SELECT <select> FROM (<queryset>) [WHERE <where>] [GROUP BY <group_by>]`.

    `select`, `where` and `group_by` are written by this app only (column names of the
    queryset's annotations, quoted with `q`), never from user input; values reach the
    database as parameters (`%s`): `select_params` for those of `select`, `params` for those of
    `where` then `group_by`."""
    inner, params_inner = queryset.order_by().query.sql_with_params()
    sql = f"SELECT {select} FROM ({inner}) inner_rows"  # noqa: S608 (our own SQL)
    if where:
        sql += f" WHERE {where}"
    if group_by:
        sql += f" GROUP BY {group_by}"
    with connection.cursor() as cursor:
        cursor.execute(sql, (*select_params, *params_inner, *params))
        return cursor.fetchall()


def over_each(querysets: list[QuerySet], select: str, *, select_params: tuple = ()) -> list[tuple]:
    """Rows of `SELECT <i>, <select> FROM (<querysets[i]>)` for every i, in one statement
    (UNION ALL). One small grouped query per period is much cheaper than one large query that
    buckets every row into its period and sorts them all (three times, on 500,000 rows)."""
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        inner, params_inner = queryset.order_by().query.sql_with_params()
        parts.append(f"SELECT {index}, {select} FROM ({inner}) rows_{index}")  # noqa: S608
        params += [*select_params, *params_inner]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def plus_days(expression: str, days: int) -> str:
    """SQL for the datetime `expression` plus `days` days, on SQLite (text datetimes) as on
    PostgreSQL."""
    if connection.vendor == "postgresql":
        return f"({expression} + INTERVAL '{int(days)} days')"
    return f"datetime({expression}, '+{int(days)} days')"


def param(value: dt.datetime) -> object:
    """A datetime as this database wants it in a raw query's parameters."""
    return connection.ops.adapt_datetimefield_value(value)
