"""Gives the newsroom roles (articles/migrations/0002) their comment permissions.

Moderator: the moderation queue, flags, commenter histories and the blocklist; nothing
editorial. Editor: the same, plus per-article comment settings (closing, policy).
"""

from django.db import migrations

MODERATOR = [
    "view_comment", "change_comment", "moderate_comment", "feature_comment",
    "view_commentflag", "view_commenter",
    "view_blocklistentry", "add_blocklistentry", "change_blocklistentry",
    "delete_blocklistentry",
]  # fmt: skip
EDITOR = MODERATOR + [
    "view_articlecommentsettings", "add_articlecommentsettings",
    "change_articlecommentsettings", "delete_articlecommentsettings",
]  # fmt: skip


def ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("Moderator", MODERATOR), ("Editor", EDITOR)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    comment_permissions = Permission.objects.filter(content_type__app_label="comments")
    for group in Group.objects.filter(name__in=["Moderator", "Editor"]):
        group.permissions.remove(*comment_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_comments_threads_moderation_blocklist"),
        ("articles", "0002_create_newsroom_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
