from django.db import migrations, models

from home.communes import commune_slug


def fill_slugs(apps, schema_editor):
    Commune = apps.get_model("home", "Commune")
    for commune in Commune.objects.all():
        commune.slug = commune_slug(commune.name)
        commune.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0015_preview_links"),
    ]

    operations = [
        # Added without uniqueness, filled from the names, then made unique. Without an
        # index at first: on PostgreSQL, making an indexed slug unique would create its
        # second ("_like") index under the name the first one already has.
        migrations.AddField(
            model_name="commune",
            name="slug",
            field=models.SlugField(
                db_index=False, default="", max_length=100, verbose_name="Kurzname"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="commune",
            name="slug",
            field=models.SlugField(max_length=100, unique=True, verbose_name="Kurzname"),
        ),
    ]
