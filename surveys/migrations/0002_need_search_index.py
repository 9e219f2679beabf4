"""A GIN index for the needs board's full-text search, on PostgreSQL only.

The expression is exactly what surveys.selectors_needs.search_needs generates
(SearchVector("title", "description", config="english")), so the planner uses it. On
SQLite search falls back to a plain "contains" and there is nothing to do.
"""

from django.db import migrations

INDEX = "surveys_need_search_gin"
EXPRESSION = (
    "to_tsvector('english'::regconfig, "
    "COALESCE(\"title\", '') || ' ' || COALESCE(\"description\", ''))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON "surveys_need" USING gin ({EXPRESSION})'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_needs_and_surveys")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
