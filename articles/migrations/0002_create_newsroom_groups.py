"""Creates the newsroom roles as auth Groups.

Writer: writes and edits their own drafts, cannot publish. Editor: everything editorial.
Moderator: comments only; the comments app's migration gives it its permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = {
    "articles": ["add_article", "change_article", "delete_article", "view_article",
                 "view_section", "view_tag", "add_tag", "view_author"],
}  # fmt: skip
EDITOR = {
    "articles": ["add_article", "change_article", "delete_article", "view_article",
                 "publish_article",
                 "add_section", "change_section", "delete_section", "view_section",
                 "add_tag", "change_tag", "delete_tag", "view_tag",
                 "add_author", "change_author", "delete_author", "view_author",
                 "add_announcement", "change_announcement", "delete_announcement",
                 "view_announcement"],
}  # fmt: skip


def ensure_permissions(apps):
    """Permissions are normally made after migrations; roles need them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name, codenames_by_app):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codenames in codenames_by_app.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    grant(apps, "Writer", WRITER)
    grant(apps, "Editor", EDITOR)
    apps.get_model("auth", "Group").objects.get_or_create(name="Moderator")


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Writer", "Editor", "Moderator"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
