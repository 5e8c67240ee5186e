"""Indexes for the unit search (`name`/`short_name` icontains, `code` iexact) on PostgreSQL.

At national scale (50,000 units) the search was a sequential scan computing UPPER() of every
name (~220 ms). Django's icontains is `UPPER(col::text) LIKE UPPER('%q%')`, which a trigram GIN
index on the same expression serves. SQLite has neither pg_trgm nor the need, so it is skipped.
"""

from django.db import migrations

INDEXES = [
    ("organisations_unit_name_upper_trgm", "USING gin (UPPER((name)::text) gin_trgm_ops)"),
    ("organisations_unit_short_name_upper_trgm", "USING gin (UPPER((short_name)::text) gin_trgm_ops)"),
    ("organisations_unit_code_upper", "(UPPER((code)::text))"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON organisations_unit {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
