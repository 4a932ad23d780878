"""`manage.py ensure_admin`: make sure someone can log in to the newsroom admin."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

USERNAME = "admin"
GENERATED_LOGIN_FILE = "admin-password.txt"


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' if the site has no superuser, then print how to log in. "
        "The password comes from the ADMIN_PASSWORD environment variable, or is generated and "
        f"written to var/{GENERATED_LOGIN_FILE} (readable by you only). Safe to run on every start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say whether an account would be created, and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        self.verbosity = options["verbosity"]
        User = get_user_model()
        superusers = User.objects.filter(is_superuser=True).order_by("pk")
        if superusers.exists():
            names = [getattr(user, User.USERNAME_FIELD) for user in superusers]
            self.say(f"A superuser already exists ({', '.join(names)}); no account created.")
            self.explain_login(names[0])
            return
        if User.objects.filter(**{User.USERNAME_FIELD: USERNAME}).exists():
            raise CommandError(
                f"A user named '{USERNAME}' exists but is not a superuser. Promote it in the "
                "admin's shell, or create a superuser with `manage.py createsuperuser`."
            )
        if dry_run:
            self.say(f"Dry run: would create the superuser '{USERNAME}'. Nothing was changed.")
            return

        password = os.environ.get("ADMIN_PASSWORD", "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(18)
        else:
            try:
                validate_password(password, User(**{User.USERNAME_FIELD: USERNAME}))
            except ValidationError as error:
                raise CommandError(
                    "ADMIN_PASSWORD is too weak: " + " ".join(error.messages)
                ) from None
        with transaction.atomic():
            User.objects.create_superuser(
                USERNAME, email=os.environ.get("ADMIN_EMAIL", ""), password=password
            )
            if generated:
                # Written inside the transaction: if the file cannot be written, no account
                # with an unknown password is left behind.
                write_private_file(password_file(), password + "\n")
        self.say(f"Created the superuser '{USERNAME}'.", style=self.style.SUCCESS)
        self.explain_login(USERNAME, generated_password=password if generated else None)

    def say(self, message, *, style=None):
        if self.verbosity >= 1:
            self.stdout.write(style(message) if style else message)

    def explain_login(self, username, *, generated_password=None):
        self.say(f"  Log in at {settings.SITE_URL}{reverse('admin:index')}")
        self.say(f"  Username: {username}")
        path = password_file()
        if generated_password:
            # The only time the password is shown; later runs point at the file.
            self.say(
                f"  Password: {generated_password} (shown once; saved in {display_path(path)})"
            )
        elif username == USERNAME and path.exists():
            self.say(
                f"  Password: in {display_path(path)} (delete the file once you have changed "
                "the password)"
            )
        elif username == USERNAME and os.environ.get("ADMIN_PASSWORD"):
            self.say("  Password: the value of ADMIN_PASSWORD when the account was created")
        else:
            self.say(f"  Password: forgotten? Run `manage.py changepassword {username}`")


def password_file():
    return Path(settings.VAR_DIR) / GENERATED_LOGIN_FILE


def write_private_file(path, text):
    """Write `text` to `path`, readable and writable by the owner only from the start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    path.chmod(0o600)  # in case the file already existed with wider permissions


def display_path(path):
    try:
        return path.relative_to(settings.BASE_DIR)
    except ValueError:
        return path
