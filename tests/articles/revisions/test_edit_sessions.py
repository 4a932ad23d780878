"""'Being edited by X since HH:MM': a soft lock in the database that warns, expires and
never stops anyone from saving."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.revisions.models import EditSession
from tests.factories import make_article, make_user

from .support import change_form, change_url, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(published=False)


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def editing_url(article):
    return reverse("admin:articles_article_editing", args=[article.pk])


def test_others_opening_the_article_see_who_is_editing_it_since_when(article, settings):
    settings.TIME_ZONE = "Europe/Lisbon"
    ana, tom = make_editor("ana", "Ana", "Ribeiro"), make_editor("tom", "Tom", "Okafor")
    ana_client, tom_client = client_of(ana), client_of(tom)
    assert "Being edited by" not in ana_client.get(change_url(article)).content.decode()

    started = EditSession.objects.get(article=article, user=ana).started_at
    since = timezone.localtime(started, timezone.get_current_timezone()).strftime("%H:%M")
    page = tom_client.get(change_url(article)).content.decode()
    assert f"Being edited by Ana Ribeiro since {since}." in page
    assert "You can still edit it" in page

    # Ana sees Tom; reopening keeps her "since".
    assert b"Being edited by Tom Okafor since" in ana_client.get(change_url(article)).content
    assert EditSession.objects.get(article=article, user=ana).started_at == started


def test_the_notice_expires_and_expired_sessions_are_forgotten(article, settings):
    settings.REVISIONS_EDIT_SESSION_MINUTES = 5
    ana, tom = make_editor("ana", "Ana", "Ribeiro"), make_editor("tom", "Tom", "Okafor")
    client_of(ana).get(change_url(article))
    EditSession.objects.update(seen_at=timezone.now() - timedelta(minutes=6))
    page = client_of(tom).get(change_url(article)).content.decode()
    assert "Being edited by" not in page
    assert list(EditSession.objects.values_list("user__username", flat=True)) == ["tom"]


def test_saving_ends_the_session_and_no_one_is_locked_out(article):
    ana, tom = make_editor("ana", "Ana", "Ribeiro"), make_editor("tom", "Tom", "Okafor")
    client_of(ana).get(change_url(article))
    tom_client = client_of(tom)
    tom_client.get(change_url(article))
    response = tom_client.post(change_url(article), change_form(article, headline="Tom's"))
    assert response.status_code == 302  # Ana's open form does not stop Tom
    assert list(EditSession.objects.values_list("user__username", flat=True)) == ["ana"]


def test_the_open_form_says_every_minute_it_is_still_there(article):
    ana = make_editor("ana", "Ana", "Ribeiro")
    client = client_of(ana)
    page = client.get(change_url(article)).content.decode()
    assert f'data-url="{editing_url(article)}"' in page
    assert "revisions/js/edit-session.js" in page
    EditSession.objects.update(seen_at=timezone.now() - timedelta(minutes=4))
    assert client.post(editing_url(article)).status_code == 204
    assert EditSession.objects.get().seen_at > timezone.now() - timedelta(minutes=1)
    assert client.get(editing_url(article)).status_code == 405


def test_only_those_who_may_edit_the_article_are_counted(article):
    moderator = client_of(make_user("mo", group="Moderator"))
    assert moderator.post(editing_url(article)).status_code == 403
    writer = make_user("walt", group="Writer")  # not their article: not even shown
    assert client_of(writer).post(editing_url(article)).status_code == 404
    assert not EditSession.objects.exists()
