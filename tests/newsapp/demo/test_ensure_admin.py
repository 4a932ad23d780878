"""`manage.py ensure_admin`: there is always a way into the admin, and never two accounts."""

import stat
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

User = get_user_model()
STRONG_PASSWORD = "harbour-lantern-quietly-7"


def run_ensure_admin(*args, **options):
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, monkeypatch):
    """A private var/ folder per test, and no password in the environment unless a test sets one."""
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    settings.SITE_URL = "https://news.example"
    return tmp_path


@pytest.mark.django_db
def test_creates_admin_with_a_generated_password_kept_in_a_private_file(var_dir):
    output = run_ensure_admin()

    admin = User.objects.get(is_superuser=True)
    assert admin.username == "admin" and admin.is_staff
    password_file = var_dir / "admin-password.txt"
    password = password_file.read_text().strip()
    assert len(password) >= 20
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert authenticate(RequestFactory().post("/"), username="admin", password=password) == admin
    assert password in output
    assert "https://news.example/admin/" in output
    assert "Username: admin" in output


@pytest.mark.django_db
def test_second_run_creates_nothing_and_does_not_repeat_the_password(var_dir):
    run_ensure_admin()
    password = (var_dir / "admin-password.txt").read_text().strip()

    output = run_ensure_admin()

    assert User.objects.filter(is_superuser=True).count() == 1
    assert "already exists" in output
    assert password not in output
    assert "admin-password.txt" in output
    assert "https://news.example/admin/" in output


@pytest.mark.django_db
def test_password_from_environment_works_and_is_not_written_down(var_dir, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", STRONG_PASSWORD)

    output = run_ensure_admin()

    assert (
        authenticate(RequestFactory().post("/"), username="admin", password=STRONG_PASSWORD)
        is not None
    )
    assert not (var_dir / "admin-password.txt").exists()
    assert STRONG_PASSWORD not in output
    assert "ADMIN_PASSWORD" in output


@pytest.mark.django_db
def test_weak_password_from_environment_is_refused(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "admin")

    with pytest.raises(CommandError, match="ADMIN_PASSWORD is too weak"):
        run_ensure_admin()

    assert not User.objects.exists()


@pytest.mark.django_db
def test_points_to_changepassword_once_the_file_is_gone(var_dir):
    run_ensure_admin()
    (var_dir / "admin-password.txt").unlink()

    output = run_ensure_admin()

    assert "manage.py changepassword admin" in output


@pytest.mark.django_db
def test_an_existing_superuser_is_enough():
    User.objects.create_superuser("chief-editor", password=STRONG_PASSWORD)

    output = run_ensure_admin()

    assert list(User.objects.values_list("username", flat=True)) == ["chief-editor"]
    assert "Username: chief-editor" in output
    assert "manage.py changepassword chief-editor" in output


@pytest.mark.django_db
def test_an_ordinary_user_called_admin_is_not_promoted():
    User.objects.create_user("admin", password=STRONG_PASSWORD)

    with pytest.raises(CommandError, match="not a superuser"):
        run_ensure_admin()

    assert not User.objects.filter(is_superuser=True).exists()


@pytest.mark.django_db
def test_dry_run_creates_nothing(var_dir):
    output = run_ensure_admin("--dry-run")

    assert "would create" in output
    assert not User.objects.exists()
    assert not (var_dir / "admin-password.txt").exists()


@pytest.mark.django_db
def test_silent_at_verbosity_zero(var_dir):
    assert run_ensure_admin(verbosity=0) == ""
    assert User.objects.filter(is_superuser=True).count() == 1
    assert (var_dir / "admin-password.txt").exists()
