"""Every admin save keeps a revision; editors compare any two and restore one as a new save."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.revisions.models import ArticleRevision
from tests.factories import make_article, make_author, make_tag, make_user

from .support import (
    change_form,
    change_url,
    compare_url,
    history_url,
    make_editor,
    messages_of,
    restore_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return make_editor("ana", "Ana", "Ribeiro")


@pytest.fixture
def client(ana):
    client = Client()
    client.force_login(ana)
    return client


@pytest.fixture
def article():
    return make_article(published=False, headline="Ferry strike", body="Talks go on.")


def save(client, article, **fields):
    article.refresh_from_db()
    response = client.post(change_url(article), change_form(article, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return ArticleRevision.objects.filter(article=article).with_details().first()


def test_every_admin_save_keeps_a_revision_with_who_when_and_a_note(client, ana):
    tag = make_tag(name="Ferries")
    data = change_form(
        make_article(published=False), headline="Ferry strike ends", slug="ferry-strike-ends",
        tags=[tag.pk], revision_note="First draft from the union's statement.",
    )  # fmt: skip
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    article = Article.objects.get(headline="Ferry strike ends")
    created = ArticleRevision.objects.with_details().get(article=article)
    assert created.revision.user == ana
    assert created.revision.comment.startswith("First draft from the union's statement. Added")
    assert created.version.field_dict["tags"] == [tag.pk]
    assert (created.edit_version, created.status) == (1, "draft")

    edited = save(client, article, body="The strike is over.")
    assert edited.edit_version == 2
    assert edited.revision.comment == "Changed Body."
    assert ArticleRevision.objects.filter(article=article).count() == 2


def test_opening_an_article_saved_elsewhere_records_that_state(client, article):
    client.get(change_url(article))
    client.get(change_url(article))  # once
    [revision] = ArticleRevision.objects.filter(article=article).with_details()
    assert revision.revision.user is None
    assert revision.revision.comment.startswith("Saved outside the newsroom's article form")
    assert revision.revision.date_created == article.updated_at


def test_the_history_lists_revisions_newest_first_with_compare_choices(client, article):
    client.get(change_url(article))
    save(client, article, body="Second.", revision_note="Tightened <the> intro")
    page = client.get(history_url(article)).content.decode()
    assert page.index("Tightened &lt;the&gt; intro") < page.index("Saved outside the newsroom")
    assert page.count('type="radio" name="old"') == 2
    assert "(current)" in page
    assert "Compare with current" in page


def test_the_history_is_paged(client, article, settings):
    settings.REVISIONS_HISTORY_PAGE_SIZE = 2
    for n in range(5):
        save(client, article, body=f"Version {n}.", revision_note=f"note {n}")
    first = client.get(history_url(article)).content.decode()
    assert "note 4" in first and "note 3" in first and "note 2" not in first
    assert "Page 1 of 3" in first
    last = client.get(history_url(article) + "?page=3").content.decode()
    assert "note 0" in last
    assert client.get(history_url(article) + "?page=x%00").status_code == 200


def test_history_pages_take_the_same_queries_for_few_and_many_revisions(client, article):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(history_url(article)).status_code == 200
        return len(captured)

    save(client, article, body="One.")
    few = queries()
    for n in range(6):
        save(client, article, body=f"More {n}.")
    assert queries() == few


def test_comparing_two_revisions_shows_each_changed_field_side_by_side(client, article):
    first = save(client, article, body="Talks go on.\n\nUnion leaders <b>meet</b> at noon.")
    ana_pereira = make_author(name="Ana Pereira")
    second = save(
        client, article, headline="Ferry strike ends",
        body="Talks go on.\n\nUnion leaders <b>agree</b> at noon.", authors=[ana_pereira.pk],
    )  # fmt: skip
    response = client.get(compare_url(article, second, first))  # either order: older left
    page = response.content.decode()
    assert "<caption>Headline</caption>" in page
    assert "Ferry strike<ins> ends</ins>" in page
    assert "Union leaders &lt;b&gt;<del>meet</del>&lt;/b&gt; at noon." in page
    assert "Union leaders &lt;b&gt;<ins>agree</ins>&lt;/b&gt; at noon." in page
    assert "<ins>Ana Pereira</ins>" in page
    assert "Unchanged: Standfirst, Status, Publish at, Section, Tags." in page
    assert "Restore the revision of" in page


def test_the_comparison_takes_the_same_queries_for_few_and_many_tags(client, article):
    def queries(tag_count):
        tags = [make_tag().pk for _ in range(tag_count)]
        old = save(client, article, body=f"Body with {tag_count} tags.", tags=tags[:1])
        new = save(client, article, body=f"Body with {tag_count} tags!", tags=tags)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(compare_url(article, old, new)).status_code == 200
        return len(captured)

    assert queries(2) == queries(12)


@pytest.mark.parametrize(
    "query", ["", "?old=1", "?old=abc&new=2", "?old=1&new=1", "?old=99999&new=99998",
              "?old=%00&new=1", "?old=" + "9" * 40 + "&new=1"],
)  # fmt: skip
def test_a_bad_comparison_request_goes_back_to_the_history_with_a_message(client, article, query):
    save(client, article, body="Changed.")
    response = client.get(compare_url(article, article, article).split("?")[0] + query)
    assert response.status_code == 302
    assert response["Location"] == history_url(article)
    assert messages_of(response)


def test_revisions_of_another_article_cannot_be_compared_here(client, article):
    other = make_article(published=False)
    theirs = [save(client, other, body="A."), save(client, other, body="B.")]
    response = client.get(compare_url(article, *theirs))
    assert response.status_code == 302
    assert "not in this article's history" in messages_of(response)[-1]


def test_restoring_brings_back_the_text_as_a_new_revision(client, article, ana):
    tag = make_tag()
    old = save(client, article, headline="Ferry strike", body="Original body.", tags=[tag.pk])
    save(client, article, headline="Ferry strike vandalised", body="Nonsense.", tags=[])
    response = client.post(restore_url(article, old), {"based_on_version": article.edit_version})
    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Ferry strike", "Original body.")
    assert list(article.tags.all()) == [tag]
    assert "<p>Original body.</p>" in article.body_html
    restored = ArticleRevision.objects.filter(article=article).with_details().first()
    assert restored.revision.user == ana
    assert restored.revision.comment.startswith("Restored the revision of ")
    assert restored.edit_version == article.edit_version
    assert ArticleRevision.objects.filter(article=article).count() == 3


def test_restoring_keeps_the_publication_status_as_it_is_now(client):
    article = make_article(published=False, headline="Draft headline")
    draft = save(client, article, headline="Draft headline")
    article.status, article.publish_at = Article.Status.PUBLISHED, None
    article.save()
    response = client.post(restore_url(article, draft), {"based_on_version": article.edit_version})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published()


def test_restoring_after_a_change_since_the_comparison_restores_nothing(client, article):
    old = save(client, article, body="Old.")
    save(client, article, body="New.")
    seen = article.edit_version
    save(client, article, body="Newer, by someone else.")
    response = client.post(restore_url(article, old), {"based_on_version": seen})
    assert response.status_code == 302
    assert "changed after you opened this comparison" in messages_of(response)[-1]
    article.refresh_from_db()
    assert article.body == "Newer, by someone else."


def test_restore_only_answers_a_post(client, article):
    old = save(client, article, body="Old.")
    assert client.get(restore_url(article, old)).status_code == 405


def test_writers_cannot_restore_a_published_article(article):
    writer = make_user("walt", group="Writer")
    article = make_article(headline="Live", created_by=writer)
    client = Client()
    client.force_login(make_editor("ed", "Ed", "Itor"))
    old = save(client, article, body="Old.", status="published",
               publish_at_0=f"{article.publish_at:%Y-%m-%d}",
               publish_at_1=f"{article.publish_at:%H:%M:%S}")  # fmt: skip
    client.force_login(writer)
    response = client.post(restore_url(article, old), {"based_on_version": article.edit_version})
    assert response.status_code == 403
    assert client.get(history_url(article)).status_code == 200  # they may read it
