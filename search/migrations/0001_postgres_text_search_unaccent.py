"""PostgreSQL text search configurations that fold accents and umlauts ("Zürich" and
"Zurich" match, as on SQLite and in the search cluster): vlgsite_german (German stemming)
for search, vlgsite_simple (no stemming) for autocomplete. Nothing on other databases.
The unaccent extension ships with PostgreSQL (Debian: in the postgresql package) and is
trusted: the database owner may create it."""

from django.db import migrations

CONFIGURATIONS = {"vlgsite_german": "german_stem", "vlgsite_simple": "simple"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, dictionary in CONFIGURATIONS.items():
        template = "german" if dictionary == "german_stem" else "simple"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {template})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
