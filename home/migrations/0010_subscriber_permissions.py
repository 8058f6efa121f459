"""The group "Feedback" (0003) handles personal data: it also sees the addresses of e-mail
subscriptions and answers data-protection requests (export, deletion). Page editors see
only the counts of the report "Abonnements" (home/subscriptions/report.py)."""

from django.db import migrations

FEEDBACK_GROUP = "Feedback"
ACTIONS = ("view", "delete")


def subscriber_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after all migrations ran; create ours now.
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="subscriber")
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_subscriber",
            defaults={"name": f"Can {action} Abonnentin/Abonnent"},
        )[0]
        for action in ACTIONS
    ]


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=FEEDBACK_GROUP)
    group.permissions.add(*subscriber_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=FEEDBACK_GROUP).first()
    if group:
        group.permissions.remove(*subscriber_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_subscriptions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
