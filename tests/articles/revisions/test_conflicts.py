"""Two editors saving the same article: the second is shown what changed and keeps their text;
they merge by hand or overwrite knowingly. Nothing is ever overwritten unknowingly."""

import html
import threading

import pytest
from django.db import connection
from django.test import Client

from articles.models import Article
from articles.revisions.models import ArticleRevision
from articles.services import article_withdraw
from tests.factories import make_article

from .support import change_form, change_url, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return make_editor("ana", "Ana", "Ribeiro")


@pytest.fixture
def tom():
    return make_editor("tom", "Tom", "Okafor")


@pytest.fixture
def article():
    return make_article(
        published=False,
        headline="Harbour vote delayed",
        body="The vote was put off.\n\nCouncillors meet again on Friday.",
    )


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_edit_version_counts_every_save_even_from_stale_copies(article):
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.save()
    second.save()
    article_withdraw(article=first)  # saves only some fields
    assert [first.edit_version, second.edit_version] == [4, 3]
    assert Article.objects.get(pk=article.pk).edit_version == 4


def test_a_save_from_the_current_version_goes_through(article, ana):
    response = client_of(ana).post(change_url(article), change_form(article, headline="Vote on"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.edit_version) == ("Vote on", 2)


def test_a_save_from_an_older_version_is_refused_and_shown_what_changed(article, ana, tom):
    ana_client = client_of(ana)
    ana_client.get(change_url(article))  # opened at this version, kept in the history
    opened_at = article.edit_version
    client_of(tom).post(change_url(article), change_form(article, headline="Harbour vote today"))

    typed = "The vote was put off <again> & again.\n\nCouncillors meet again on Friday."
    response = ana_client.post(
        change_url(article), change_form(article, opened_at=opened_at, body=typed)
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "Harbour vote today"  # Tom's save stands
    assert article.body.startswith("The vote was put off.")  # Ana's is not stored
    page = response.content.decode()
    assert "Not saved: Tom Okafor changed this article after you opened it." in page
    assert "by <strong>Tom Okafor</strong>" in page
    # What Tom changed, from what Ana opened to what is stored: the headline only.
    assert "<caption>Headline</caption>" in page
    assert "<ins>today</ins>" in page
    assert "<caption>Body</caption>" not in page
    # What Ana typed is still in the form, escaped.
    assert html.escape(typed).replace("&#x27;", "'") in page
    assert "I have merged their changes into mine by hand" in page
    assert "Overwrite their changes with mine" in page
    assert f'name="conflict_version" value="{article.edit_version}"' in page
    assert f'name="based_on_version" value="{opened_at}"' in page


def test_merging_by_hand_saves_once_chosen(article, ana, tom):
    opened_at = article.edit_version
    client_of(tom).post(change_url(article), change_form(article, headline="Harbour vote today"))
    ana_client = client_of(ana)
    merged = change_form(
        article, opened_at=opened_at, headline="Harbour vote today", body="Ana's merged body."
    )
    assert ana_client.post(change_url(article), merged).status_code == 200

    stored = Article.objects.get(pk=article.pk).edit_version
    response = ana_client.post(
        change_url(article),
        {**merged, "conflict_version": stored, "conflict_resolution": "merged"},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Harbour vote today", "Ana's merged body.")
    latest = ArticleRevision.objects.filter(article=article).with_details().first()
    assert latest.revision.user == ana
    assert f"Saved over the changes of edit {stored} (merged by hand)." in latest.revision.comment


def test_overwriting_knowingly_keeps_the_overwritten_version_in_the_history(article, ana, tom):
    opened_at = article.edit_version
    client_of(tom).post(change_url(article), change_form(article, headline="Tom's headline"))
    stored = Article.objects.get(pk=article.pk).edit_version
    response = client_of(ana).post(
        change_url(article),
        change_form(
            article, opened_at=opened_at, headline="Ana's headline",
            conflict_version=stored, conflict_resolution="overwrite",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Ana's headline"
    headlines = [
        revision.version.field_dict["headline"]
        for revision in ArticleRevision.objects.filter(article=article).with_details()
    ]
    assert headlines[:2] == ["Ana's headline", "Tom's headline"]
    assert "(overwritten knowingly)" in ArticleRevision.objects.first().revision.comment


def test_a_choice_made_for_one_conflict_does_not_cover_a_later_save(article, ana, tom):
    ana_client = client_of(ana)
    ana_client.get(change_url(article))
    opened_at = article.edit_version
    tom_client = client_of(tom)
    tom_client.post(change_url(article), change_form(article, headline="Tom's first"))
    seen = Article.objects.get(pk=article.pk).edit_version
    article.refresh_from_db()
    tom_client.post(change_url(article), change_form(article, headline="Tom's second"))

    response = ana_client.post(
        change_url(article),
        change_form(
            article, opened_at=opened_at, headline="Ana's",
            conflict_version=seen, conflict_resolution="overwrite",
        ),
    )  # fmt: skip
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Tom's second"
    page = response.content.decode()
    assert page.count("by <strong>Tom Okafor</strong>") == 2  # both of his saves
    assert "<ins>Tom&#x27;s second</ins>" in page


def test_a_change_made_outside_the_form_is_a_conflict_too(article, ana):
    ana_client = client_of(ana)
    ana_client.get(change_url(article))
    opened_at = article.edit_version
    article_withdraw(article=Article.objects.get(pk=article.pk))
    response = ana_client.post(
        change_url(article), change_form(article, opened_at=opened_at, headline="Ana's")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: someone changed this article" in page
    assert "outside the newsroom’s form" in page
    assert "<caption>Status</caption>" in page
    assert "<ins>Withdrawn</ins>" in page
    assert Article.objects.get(pk=article.pk).headline == "Harbour vote delayed"


def test_a_form_without_its_version_is_not_saved(article, ana):
    data = change_form(article, headline="Who knows")
    del data["based_on_version"]
    response = client_of(ana).post(change_url(article), data)
    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()
    assert Article.objects.get(pk=article.pk).headline == "Harbour vote delayed"


@pytest.mark.parametrize("value", ["-1", "abc", "9" * 40, "1\x00"])
def test_a_nonsense_version_is_a_form_error_not_a_crash(article, ana, value):
    response = client_of(ana).post(change_url(article), change_form(article, opened_at=value))
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).edit_version == 1


def test_opening_the_form_carries_the_version_it_shows(article, ana):
    article_withdraw(article=article)
    page = client_of(ana).get(change_url(article)).content.decode()
    assert f'name="based_on_version" value="{article.edit_version}"' in page
    assert 'name="conflict_resolution"' not in page  # offered only with a conflict


# Committed for real, so the database is restored to its migrated state afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_saving_the_same_version_at_once_one_wins(ana, tom):
    """Two requests in two threads (each its own database connection, as two gunicorn
    workers), released together, both from the same version: exactly one is stored."""
    article = make_article(published=False, headline="Harbour vote delayed")
    start = threading.Barrier(2)
    results = {}

    def save(user, headline):
        client = client_of(user)
        data = change_form(article, headline=headline)
        start.wait()
        try:
            results[user.username] = client.post(change_url(article), data).status_code
        finally:
            connection.close()

    workers = [
        threading.Thread(target=save, args=(ana, "Ana's headline")),
        threading.Thread(target=save, args=(tom, "Tom's headline")),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(results.values()) == [200, 302]
    winner = next(name for name, status in results.items() if status == 302)
    article.refresh_from_db()
    assert article.headline == {"ana": "Ana's headline", "tom": "Tom's headline"}[winner]
    assert article.edit_version == 2
