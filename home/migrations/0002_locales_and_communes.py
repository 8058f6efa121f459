from django.conf import settings
from django.db import migrations

from home.communes import sync_communes


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def load_communes(apps, schema_editor):
    sync_communes(apps.get_model("home", "Commune"))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_locales, migrations.RunPython.noop),
        migrations.RunPython(load_communes, migrations.RunPython.noop),
    ]
