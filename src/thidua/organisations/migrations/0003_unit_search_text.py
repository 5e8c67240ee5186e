"""Search units by folded text (accent- and case-insensitive, the same on both databases).

Adds `Unit.search_text`, fills it for existing rows, and on PostgreSQL swaps the trigram indexes
on UPPER(name)/UPPER(short_name) (no longer queried) for one on `search_text`, which serves
`search_text LIKE '%word%'`.
"""

from django.db import migrations, models

from thidua.core.text import fold


def fill(apps, schema_editor):
    Unit = apps.get_model("organisations", "Unit")
    batch = []
    for unit in Unit.objects.only("id", "code", "name", "short_name").iterator(chunk_size=5000):
        unit.search_text = fold(f"{unit.code} {unit.name} {unit.short_name}")
        batch.append(unit)
        if len(batch) >= 5000:
            Unit.objects.bulk_update(batch, ["search_text"])
            batch = []
    Unit.objects.bulk_update(batch, ["search_text"])


def swap_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS organisations_unit_name_upper_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS organisations_unit_short_name_upper_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS organisations_unit_search_text_trgm "
        "ON organisations_unit USING gin (search_text gin_trgm_ops)"
    )


def unswap_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS organisations_unit_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_unit_search_indexes")]
    operations = [
        migrations.AddField(
            model_name="unit",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(swap_indexes, unswap_indexes, elidable=False),
    ]
