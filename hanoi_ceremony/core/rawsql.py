"""Hand-written SELECTs for the few hot paths where compiling an ORM query costs more than running it.

A gate scan reads a device, a list and a badge with its holder across six tables: through the ORM that is
about 2 ms of query compiling per scan, ten times the database's own time. `Columns` names the columns of
such a SELECT by model field, so the SQL follows the models (table and column names come from `_meta`),
and converts each value with the backend's own converters, as the ORM does (SQLite's datetimes and
booleans, JSON on both), so the same code runs on SQLite and PostgreSQL.

Use it only where a benchmark shows the ORM's cost; everywhere else the ORM is the rule.
"""

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Column:
    key: str
    alias: str
    field: object  # a concrete model field

    @property
    def sql(self) -> str:
        return f'{self.alias}."{self.field.column}"'


class Columns:
    """The select list of one hand-written query: `Columns(("key", "alias", Model, "field"), …)`."""

    def __init__(self, *specs: tuple[str, str, type, str]):
        self.columns = [Column(key, alias, model._meta.get_field(name)) for key, alias, model, name in specs]
        self._converters = None

    @classmethod
    def of_model(cls, model, alias: str) -> "Columns":
        """Every concrete field of `model` (for `model.from_db`), keyed by attribute name."""
        return cls(*((f.attname, alias, model, f.name) for f in model._meta.concrete_fields))

    @property
    def sql(self) -> str:
        return ", ".join(c.sql for c in self.columns)

    def _converters_for(self):
        if self._converters is None:
            found = []
            for i, column in enumerate(self.columns):
                expression = column.field.get_col(column.alias)
                chain = connection.ops.get_db_converters(expression) + column.field.get_db_converters(
                    connection
                )
                if chain:
                    found.append((i, expression, tuple(chain)))
            self._converters = found
        return self._converters

    def values(self, row) -> list:
        """The row's values as the ORM would load them."""
        values = list(row)
        for i, expression, chain in self._converters_for():
            value = values[i]
            for converter in chain:
                value = converter(value, expression, connection)
            values[i] = value
        return values

    def as_dict(self, row, start: int = 0) -> dict:
        """`{key: value}` for this select list's columns, read from `row` from position `start`."""
        values = self.values(row[start : start + len(self.columns)])
        return {c.key: v for c, v in zip(self.columns, values, strict=True)}


def _positional(sql: str) -> str:
    parts = sql.split("%s")
    return "".join(part + (f"${i}" if i < len(parts) else "") for i, part in enumerate(parts, start=1))


_NAMED = re.compile(r"%\((\w+)\)s")


@lru_cache(maxsize=64)
def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """`%(name)s` placeholders as `$1`, `$2`… numbered by first appearance, and the names in that order."""
    names: dict[str, int] = {}

    def number(match) -> str:
        return f"${names.setdefault(match.group(1), len(names) + 1)}"

    return _NAMED.sub(number, sql), tuple(names)


def fetch_one(sql: str, params, *, prepare: str = "") -> tuple | None:
    """The first row of `sql` (with `%s` placeholders and a list, or `%(name)s` ones and a dict), or None.
    A named value used several times is sent once to a prepared statement.

    On PostgreSQL, `prepare` names a server-side prepared statement: planned once per connection and then
    only executed (a six-table join costs more to plan than to run). It goes through Django's cursor like
    any query (counted, logged). Session state: `DB_PREPARED_STATEMENTS=0` turns it off (behind a PgBouncer
    in transaction pooling mode)."""
    with connection.cursor() as cursor:
        if prepare and connection.vendor == "postgresql" and settings.DB_PREPARED_STATEMENTS:
            raw = connection.connection
            name = f"hc_{prepare}_{zlib.crc32(sql.encode()):08x}"
            known = getattr(raw, "_hc_prepared", None)
            if known is None:
                known = raw._hc_prepared = set()
            if isinstance(params, dict):
                text, names = _numbered(sql)
                params = [params[key] for key in names]
            else:
                text = _positional(sql)
            if name not in known:
                cursor.execute(f"PREPARE {name} AS {text}")
                known.add(name)
            cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
        else:
            cursor.execute(sql, params)
        return cursor.fetchone()
