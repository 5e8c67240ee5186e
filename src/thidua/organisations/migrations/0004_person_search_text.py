"""Search people by folded full name (accent- and case-insensitive, the same on both databases),
for the site's search box: adds `Person.search_text`, fills it for existing rows and, on
PostgreSQL, a trigram index that serves `search_text LIKE '%word%'`."""

from django.db import migrations, models

from thidua.core.text import fold


def fill(apps, schema_editor):
    Person = apps.get_model("organisations", "Person")
    batch = []
    fields = ("id", "family_name", "middle_name", "given_name")
    for person in Person.objects.only(*fields).iterator(chunk_size=5000):
        person.search_text = fold(f"{person.family_name} {person.middle_name} {person.given_name}")
        batch.append(person)
        if len(batch) >= 5000:
            Person.objects.bulk_update(batch, ["search_text"])
            batch = []
    Person.objects.bulk_update(batch, ["search_text"])


def index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS organisations_person_search_text_trgm "
        "ON organisations_person USING gin (search_text gin_trgm_ops)"
    )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS organisations_person_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_unit_search_text")]
    operations = [
        migrations.AddField(
            model_name="person",
            name="search_text",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index, unindex, elidable=False),
    ]
