"""A trigram index for article search on PostgreSQL.

Search filters `search_text LIKE '%term%'` (the text is folded by the service, so the query needs
no function). At 100,000 articles that was a sequential scan (p95 ~320 ms); a trigram GIN index
serves the same query unchanged. SQLite has no pg_trgm and is small where it is used: skipped.
"""

from django.db import migrations

INDEX = "news_article_search_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON news_article USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
