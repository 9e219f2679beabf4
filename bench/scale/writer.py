"""Writing generated rows fast, straight into the tables Django made for the models.

A `Table` takes rows as tuples in the order of the columns the generator names; every
other column gets the field's default (so a field someone adds with a default keeps
working, and one added without a default fails loudly here). Rows are buffered and sent
in chunks: with COPY on PostgreSQL, with executemany on any other database (SQLite).

Ids are allocated here, after the highest id already in the table, so the generator can
point rows at each other without asking the database; `Loader.finish` moves each
table's id sequence past the ids used.
"""

import io
import json
import time
from datetime import date, datetime

from django.db import connection
from django.db.models import Max, Model

CHUNK_ROWS = 20_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_PLAIN = (int, str, bool, float, type(None))


def copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind is datetime or kind is date:
        return value.isoformat()
    if kind is dict or kind is list:
        return json.dumps(value).translate(_ESCAPES)
    return str(value)


def field_default(field, now: datetime):
    """What a column gets when the generator does not fill it."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    value = field.get_default()  # "" for text, None otherwise
    if value is None and not field.null:
        raise ValueError(
            f"seed_scale does not fill {field.model._meta.label}.{field.name} (not null, no "
            "default): add it to the generator"
        )
    return value


class Table:
    """One table being filled: ids, a buffer, and counts for the progress report."""

    def __init__(self, loader: "Loader", model: type[Model], columns: list[str]):
        self.loader = loader
        self.model = model
        self.name = model._meta.db_table
        fields = model._meta.local_concrete_fields
        by_attname = {f.attname: f for f in fields}
        unknown = [c for c in columns if c not in by_attname]
        if unknown:
            raise ValueError(f"{model._meta.label} has no columns {unknown}")
        rest = [f for f in fields if f.attname not in columns]
        self.fields = [by_attname[c] for c in columns] + rest
        self.rest = tuple(field_default(f, loader.now) for f in rest)
        self.rest_text = "".join("\t" + copy_text(v) for v in self.rest)
        self.rows: list[tuple] = []
        self.count = 0
        self.seconds = 0.0
        self._next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def new_id(self) -> int:
        value = self._next_id
        self._next_id += 1
        return value

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        started = time.perf_counter()
        self.loader.write(self, self.rows)
        self.count += len(self.rows)
        self.rows = []
        self.seconds += time.perf_counter() - started


class Loader:
    """Holds the tables of one run and writes their rows to the database."""

    def __init__(self, now: datetime):
        self.now = now
        self.tables: dict[type[Model], Table] = {}
        self.postgres = connection.vendor == "postgresql"

    def table(self, model: type[Model], columns: list[str]) -> Table:
        if model in self.tables:
            raise ValueError(f"{model._meta.label} is already being filled")
        self.tables[model] = Table(self, model, columns)
        return self.tables[model]

    def write(self, table: Table, rows: list[tuple]) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in table.fields)
        with connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                tail = table.rest_text + "\n"
                buffer.writelines("\t".join(map(copy_text, row)) + tail for row in rows)
                buffer.seek(0)
                sql = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
                cursor.copy_expert(sql, buffer)
            else:
                prepare = [f.get_db_prep_save for f in table.fields]
                marks = ", ".join(["%s"] * len(table.fields))
                sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, [_prepared(row + table.rest, prepare) for row in rows])

    def flush_all(self) -> None:
        for table in self.tables.values():
            table.flush()

    def finish(self) -> None:
        """Send what is left, then move each id sequence past the ids used."""
        self.flush_all()
        models = [m for m, t in self.tables.items() if t.count]
        statements = connection.ops.sequence_reset_sql(_NoStyle(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyze(self) -> None:
        """Fresh planner statistics for every table written (PostgreSQL only)."""
        if not self.postgres:
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if table.count:
                    cursor.execute(f"ANALYZE {quote(table.name)}")


def _prepared(row: tuple, prepare: list) -> tuple:
    return tuple(
        value if type(value) in _PLAIN else prep(value, connection)
        for value, prep in zip(row, prepare, strict=True)
    )


class _NoStyle:
    """sequence_reset_sql wants a colour style; plain text is all we need."""

    def __getattr__(self, name):
        return str
