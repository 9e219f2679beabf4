"""A GIN index for the training library's full-text search, on PostgreSQL only.

The expression is exactly what training.selectors_library.search_vector() generates
(SearchVector("title", "summary", "presenter", "transcript", config="english")), so the
planner uses it. On SQLite search falls back to a plain "contains"; nothing to do.
"""

from django.db import migrations

INDEX = "training_session_search_gin"
EXPRESSION = (
    "to_tsvector('english'::regconfig, "
    "COALESCE(\"title\", '') || ' ' || COALESCE(\"summary\", '') || ' ' || "
    "COALESCE(\"presenter\", '') || ' ' || COALESCE(\"transcript\", ''))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON "training_session" USING gin ({EXPRESSION})'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("training", "0001_training_library")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
