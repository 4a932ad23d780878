"""Newsroom login throttling (django-axes): wrong passwords lock a username and an address out
for a while, say so, and are logged; time or an administrator lifts the lockout."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 5


def log_in(username, password, *, address="198.51.100.20"):
    return Client(REMOTE_ADDR=address).post(
        reverse("admin:login"), {"username": username, "password": password}
    )


def logged_in(response):
    return response.status_code == 302 and response.url == reverse("admin:index")


def test_the_right_password_after_many_wrong_ones_is_refused_with_a_clear_message():
    make_user("editor")
    for _ in range(4):
        assert log_in("editor", "wrong").status_code == 200
    assert log_in("editor", "wrong").status_code == 429  # the fifth locks
    response = log_in("editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "Try again in 15 minutes" in page
    assert "newsroom administrator" in page


def test_a_username_is_locked_from_every_address():
    make_user("editor")
    for n in range(5):
        log_in("editor", "wrong", address=f"198.51.100.{n}")
    assert log_in("editor", PASSWORD, address="203.0.113.9").status_code == 429


def test_an_address_guessing_many_usernames_is_locked_out():
    make_user("editor")
    for n in range(5):
        log_in(f"guess{n}", "wrong")
    assert log_in("editor", PASSWORD).status_code == 429
    assert logged_in(log_in("editor", PASSWORD, address="203.0.113.9"))


def test_fewer_failures_than_the_limit_still_let_the_owner_in_and_reset_the_count():
    make_user("editor")
    for _ in range(4):
        log_in("editor", "wrong")
    assert logged_in(log_in("editor", PASSWORD))
    for _ in range(4):
        log_in("editor", "wrong")
    assert logged_in(log_in("editor", PASSWORD))


def test_the_lockout_ends_by_itself_after_the_cool_off():
    make_user("editor")
    for _ in range(5):
        log_in("editor", "wrong")
    assert log_in("editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert logged_in(log_in("editor", PASSWORD))


def test_an_administrator_unlocks_from_the_admin_or_the_command_line():
    make_user("editor")
    for _ in range(5):
        log_in("editor", "wrong")
    admin = Client()
    admin.force_login(make_user("chief", superuser=True))
    attempts = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert "editor" in attempts.content.decode()
    attempt = AccessAttempt.objects.get(username="editor")
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert logged_in(log_in("editor", PASSWORD))

    for _ in range(5):
        log_in("editor", "wrong")
    call_command("axes_reset_username", "editor", verbosity=0)
    assert logged_in(log_in("editor", PASSWORD))


def test_failures_are_logged_with_who_and_where(caplog):
    make_user("editor")
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(5):
            log_in("editor", "wrong", address="198.51.100.77")
    failures = AccessFailureLog.objects.filter(username="editor")
    assert failures.count() == 5
    assert set(failures.values_list("ip_address", flat=True)) == {"198.51.100.77"}
    locked = [record.getMessage() for record in caplog.records if "Locking out" in record.message]
    assert locked and "editor" in locked[0] and "198.51.100.77" in locked[0]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_lockout_is_per_reader_address_not_the_proxys():
    make_user("editor")
    for n in range(5):
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5").post(
            reverse("admin:login"), {"username": f"guess{n}", "password": "wrong"}
        )
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.6").post(
        reverse("admin:login"), {"username": "editor", "password": PASSWORD}
    )
    assert logged_in(colleague)


def test_the_admin_moves_with_its_setting(tmp_path):
    from tests.newsapp.test_settings import run_python

    code = (
        "import django; django.setup(); "
        "from django.urls import reverse; print(reverse('admin:login'))"
    )
    result = run_python(code, tmp_path, LOCAL_RUN="1", ADMIN_URL="desk-7f3a")
    assert result.stdout.strip() == "/desk-7f3a/login/"
