"""Search units by word start, short words included (issue 15 item 1).

`search_text` now holds the search words (`thidua.core.text.search_words`) of code, name and short
name, one space between them, and `search_name` those of the name alone (for ranking). The
trigram index could not serve words shorter than three letters ("Sở Y tế": the table was scanned);
on PostgreSQL the column `search_words` (generated, stored: the words as lexemes through
`array_to_tsvector`, no text-search parser in between, so the lexemes are exactly the stored words;
the Django model does not declare it) has a GIN index that serves prefix queries (`'y':*`) of any
length.
"""

from django.db import migrations, models

from thidua.core.text import search_words

INDEX = "organisations_unit_search_words"
# PostgreSQL only: the words as lexemes, stored (a generated column: computing them per row made
# a sequential scan cost 17 µs a row, and the planner picks that scan for common prefixes).
COLUMN = (
    "ALTER TABLE organisations_unit ADD COLUMN IF NOT EXISTS search_words tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(search_text, ' '))) STORED"
)


def fill(apps, schema_editor):
    Unit = apps.get_model("organisations", "Unit")
    batch = []
    for unit in Unit.objects.only("id", "code", "name", "short_name").iterator(chunk_size=5000):
        unit.search_text = " ".join(search_words(f"{unit.code} {unit.name} {unit.short_name}"))
        unit.search_name = " ".join(search_words(unit.name))
        batch.append(unit)
        if len(batch) >= 5000:
            Unit.objects.bulk_update(batch, ["search_text", "search_name"])
            batch = []
    Unit.objects.bulk_update(batch, ["search_text", "search_name"])


def swap_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS organisations_unit_search_text_trgm")
    schema_editor.execute(COLUMN)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON organisations_unit USING gin (search_words)"
    )
    # A search matching a few thousand units is a bitmap scan of this index; for a table of this
    # size the planner otherwise prefers a parallel sequential scan, whose workers cost more than
    # they save on an application server answering many requests at once (measured at 50,000
    # units: "tế" 134 ms with two workers, 50 ms without, under the same load).
    schema_editor.execute("ALTER TABLE organisations_unit SET (parallel_workers = 0)")


def unswap_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("ALTER TABLE organisations_unit RESET (parallel_workers)")
    schema_editor.execute("ALTER TABLE organisations_unit DROP COLUMN IF EXISTS search_words")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS organisations_unit_search_text_trgm "
        "ON organisations_unit USING gin (search_text gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_unit_search_text")]
    operations = [
        migrations.AddField(
            model_name="unit",
            name="search_name",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(swap_indexes, unswap_indexes, elidable=False),
    ]
