"""The editorial roles and the four-eyes workflow, so that every installation has them.

- Redaktion: writes and edits drafts of every page, uploads images and documents; cannot
  publish or delete.
- Freigabe: approves (moderates) and publishes, may lock and delete pages.
- Feedback: handles feedback submissions (created in 0003).
The workflow "Redaktion → Freigabe" on the root page covers every page of every language.
"""

from django.db import migrations

REDAKTION = "Redaktion"
FREIGABE = "Freigabe"
WORKFLOW = "Redaktion → Freigabe"
PAGE_PERMISSIONS = {
    REDAKTION: ["add_page", "change_page"],
    FREIGABE: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
# Wagtail checks image permissions on its own Image model, also for a custom image model.
MEDIA_PERMISSIONS = [("wagtailimages", "image"), ("wagtaildocs", "document")]


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after all migrations ran; make sure ours exist.
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )[0]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=_permission(apps, "wagtailcore", "page", codename),
            )
        for app_label, model in MEDIA_PERMISSIONS:
            for action in ("add", "change", "choose"):
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, model, f"{action}_{model}"),
                )
        groups[name] = group

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=FREIGABE, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups[FREIGABE]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    # Wagtail's sample groups and their workflow would grant rights beside these roles.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()
    Workflow.objects.filter(name="Moderators approval").update(active=False)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REDAKTION, FREIGABE]).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_feedback_related_project"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
