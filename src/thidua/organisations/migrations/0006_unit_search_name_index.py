"""The unit search's exact and prefix tiers read a b-tree on the name's search words (issue 15).

`text_pattern_ops` serves both `search_name = 'so y te'` and `search_name LIKE 'so y te%'` on
PostgreSQL whatever the database's collation; SQLite ignores the operator class.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_merge_search_and_reach")]

    operations = [
        migrations.AddIndex(
            model_name="unit",
            index=models.Index(
                fields=["search_name"], name="organisations_unit_search_name", opclasses=["text_pattern_ops"]
            ),
        ),
    ]
