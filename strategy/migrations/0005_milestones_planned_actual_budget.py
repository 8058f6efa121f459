"""Milestones get a planned and an actual date instead of a date and a "done" flag; a
milestone that was done was reached on its date. Drafts and older revisions of project
pages carry their milestones in JSON: they are rewritten the same way, so that nothing
is lost when an editor opens or restores one; so are wagtail-localize's stored sources,
from which translations are made. Projects get an optional budget."""

import json

from django.db import migrations, models


def planned_and_actual(milestone):
    """One milestone's serialized data in the new shape (a revision's or a row's)."""
    milestone = dict(milestone)
    if "date" in milestone:
        milestone["planned_date"] = milestone.pop("date")
    done = milestone.pop("done", False)
    milestone.setdefault("actual_date", milestone.get("planned_date") if done else None)
    return milestone


def milestones_reached_on_their_date(apps, schema_editor):
    Milestone = apps.get_model("strategy", "Milestone")
    Milestone.objects.filter(done=True).update(actual_date=models.F("planned_date"))

    Revision = apps.get_model("wagtailcore", "Revision")
    revisions = Revision.objects.filter(
        content_type__app_label="strategy", content_type__model="projectpage"
    )
    for revision in revisions.iterator():
        if rewrite_milestones(revision.content):
            revision.save(update_fields=["content"])

    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    sources = TranslationSource.objects.filter(
        specific_content_type__app_label="strategy", specific_content_type__model="projectpage"
    )
    for source in sources.iterator():
        content = json.loads(source.content_json)
        if rewrite_milestones(content):
            source.content_json = json.dumps(content)
            source.save(update_fields=["content_json"])


def rewrite_milestones(content):
    """Rewrites a serialized page's milestones in place; True if it had any."""
    milestones = content.get("milestones")
    if not milestones:
        return False
    content["milestones"] = [planned_and_actual(m) for m in milestones]
    return True


def francs(label):
    return models.PositiveBigIntegerField(blank=True, null=True, verbose_name=label)


class Migration(migrations.Migration):
    dependencies = [
        ("strategy", "0004_commune_index_page"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RenameField(model_name="milestone", old_name="date", new_name="planned_date"),
        migrations.AddField(
            model_name="milestone",
            name="actual_date",
            field=models.DateField(
                blank=True,
                help_text="Leer lassen, solange der Meilenstein nicht erreicht ist.",
                null=True,
                verbose_name="Erreicht am",
            ),
        ),
        migrations.RunPython(milestones_reached_on_their_date, migrations.RunPython.noop),
        migrations.RemoveField(model_name="milestone", name="done"),
        migrations.AlterField(
            model_name="milestone",
            name="planned_date",
            field=models.DateField(blank=True, null=True, verbose_name="Geplant für"),
        ),
        migrations.AddField(
            model_name="projectpage",
            name="budget_total",
            field=francs("Budget gesamt (CHF)"),
        ),
        migrations.AddField(
            model_name="projectpage",
            name="budget_kanton",
            field=francs("davon Kanton (CHF)"),
        ),
        migrations.AddField(
            model_name="projectpage",
            name="budget_gemeinden",
            field=francs("davon Gemeinden (CHF)"),
        ),
        migrations.AddField(
            model_name="projectpage",
            name="budget_bund",
            field=francs("davon Bund (CHF)"),
        ),
        migrations.AddField(
            model_name="projectpage",
            name="budget_other",
            field=francs("davon andere (CHF)"),
        ),
        migrations.AddField(
            model_name="projectpage",
            name="budget_source",
            field=models.CharField(
                blank=True,
                help_text="Z. B. «Regierungsratsbeschluss vom 4. März 2025» oder eine Adresse.",
                max_length=500,
                verbose_name="Quelle der Zahlen",
            ),
        ),
    ]
