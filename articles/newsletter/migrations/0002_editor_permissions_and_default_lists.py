"""Gives Editors the newsletters (lists, subscribers, sends; alerts need publish rights too)
and offers two lists to start with: a daily briefing at 07:00 and breaking news alerts."""

import datetime

from django.db import migrations

EDITOR = [
    "view_newsletterlist", "add_newsletterlist", "change_newsletterlist",
    "view_subscriber", "change_subscriber", "delete_subscriber",
    "view_send", "add_send",
]  # fmt: skip


def ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("newsletter")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="newsletter", codename__in=EDITOR)
    )
    NewsletterList = apps.get_model("newsletter", "NewsletterList")
    if not NewsletterList.objects.exists():
        # next_digest_at stays empty: the worker schedules the list when it first sees it.
        NewsletterList.objects.create(
            name="Daily briefing",
            slug="daily-briefing",
            description="The day's main stories, every morning.",
            kind="digest",
            frequency="daily",
            send_time=datetime.time(7, 0),
            is_default=True,
            position=1,
        )
        NewsletterList.objects.create(
            name="Breaking news",
            slug="breaking-news",
            description="An email when big news breaks, a few times a month at most.",
            kind="alerts",
            frequency="",
            position=2,
        )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="newsletter"))


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("articles", "0002_create_newsroom_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
