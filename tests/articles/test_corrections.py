"""Corrections and updates in public: on the article page, in its feeds and structured data, on
/corrections/ and its feed; added by editors in the article's admin page."""

import calendar
from datetime import datetime, timedelta

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import article_withdraw, correction_delete, correction_save
from articles.views import CORRECTIONS_PER_PAGE
from tests.factories import article_form, make_article, make_section, make_user

from .page_metadata import document, structured_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser"),
]


def add_note(article, text, *, kind=Correction.Kind.CORRECTION, ago=timedelta(0)):
    return correction_save(
        correction=Correction(
            article=article, kind=kind, text=text, published_at=timezone.now() - ago
        )
    )


def whole_seconds(moment):
    return moment.replace(microsecond=0)


@pytest.fixture
def corrected():
    """A day-old story with an update and, later, a correction."""
    article = make_article(headline="Dam talks stall", ago=timedelta(days=1))
    update = add_note(
        article, "Adds the minister's response.", kind="update", ago=timedelta(hours=5)
    )
    correction = add_note(article, "An earlier version gave the wrong date of the talks.")
    article.refresh_from_db()
    return article, update, correction


class TestArticlePage:
    def test_notes_show_in_a_labelled_box_oldest_first(self, client, corrected):
        article, update, correction = corrected
        page = document(client.get(article.get_absolute_url()).content)
        (box,) = page.xpath("//aside[@aria-labelledby='corrections-heading']")
        assert box.xpath("string(.//h2[@id='corrections-heading'])") == "Corrections and updates"
        notes = box.xpath(".//li")
        assert [note.get("id") for note in notes] == [
            f"correction-{update.pk}",
            f"correction-{correction.pk}",
        ]
        assert "Update" in notes[0].text_content()
        assert "Adds the minister's response." in notes[0].text_content()
        assert "Correction" in notes[1].text_content()
        moment = timezone.localtime(correction.published_at)
        assert notes[1].xpath("string(.//time/@datetime)") == f"{moment:%Y-%m-%dT%H:%M:%S%z}"

    def test_the_dateline_says_updated_at_the_latest_note(self, client, corrected):
        article, _, correction = corrected
        assert article.modified_at == correction.published_at
        page = document(client.get(article.get_absolute_url()).content)
        dateline = page.xpath("string(//p[@class='dateline'])")
        assert "Updated" in dateline
        moment = timezone.localtime(correction.published_at)
        stamps = page.xpath("//p[@class='dateline']/time/@datetime")
        assert stamps[-1] == f"{moment:%Y-%m-%dT%H:%M:%S%z}"

    def test_one_note_is_headed_by_its_kind_and_text_is_escaped(self, client):
        article = make_article()
        add_note(article, "<script>alert(1)</script> fixed.")
        content = client.get(article.get_absolute_url()).content.decode()
        assert '<h2 id="corrections-heading" class="corrections-box__title">Correction</h2>' in (
            content
        )
        assert "&lt;script&gt;alert(1)&lt;/script&gt; fixed." in content
        assert "<script>alert(1)" not in content

    def test_an_article_without_notes_has_no_box_and_no_updated_line(self, client):
        article = make_article()
        content = client.get(article.get_absolute_url()).content.decode()
        assert "corrections-heading" not in content
        assert "Updated" not in content

    def test_the_page_costs_the_same_queries_with_many_notes(
        self, client, django_assert_num_queries
    ):
        article = make_article()
        add_note(article, "First.")
        with CaptureQueriesContext(connection) as one:
            client.get(article.get_absolute_url())
        for n in range(10):
            add_note(article, f"Note {n}.")
        with django_assert_num_queries(len(one)):
            client.get(article.get_absolute_url())


class TestStructuredData:
    def test_corrections_are_correction_comments_and_date_modified_follows(self, client, corrected):
        article, update, correction = corrected
        news = structured_data(client.get(article.get_absolute_url()).content.decode())[
            "NewsArticle"
        ]
        assert news["correction"] == [
            {
                "@type": "CorrectionComment",
                "text": "An earlier version gave the wrong date of the talks.",
                "datePublished": timezone.localtime(correction.published_at).isoformat(
                    timespec="seconds"
                ),
                "url": f"http://testserver{article.get_absolute_url()}#correction-{correction.pk}",
            }
        ]  # the update note is no correction
        modified = datetime.fromisoformat(news["dateModified"])
        assert modified == whole_seconds(correction.published_at)

    def test_no_correction_property_without_corrections(self, client):
        article = make_article()
        add_note(article, "Adds a quote.", kind="update")
        news = structured_data(client.get(article.get_absolute_url()).content.decode())[
            "NewsArticle"
        ]
        assert "correction" not in news


class TestArticleFeeds:
    @pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
    def test_items_carry_the_notes_and_their_updated_time(self, client, corrected, url):
        article, _, correction = corrected
        (entry,) = feedparser.parse(client.get(url).content).entries
        assert "Adds the minister" in entry.summary
        assert "Correction" in entry.summary
        assert "An earlier version gave the wrong date of the talks." in entry.summary
        assert calendar.timegm(entry.updated_parsed) == int(correction.published_at.timestamp())
        assert calendar.timegm(entry.published_parsed) == int(
            article.first_published_at.timestamp()
        )

    def test_a_new_note_changes_the_feeds_etag(self, client):
        article = make_article()
        etag = client.get("/feed/").headers["ETag"]
        assert client.get("/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 304
        add_note(article, "A name was misspelled.")
        assert client.get("/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 200


class TestCorrectionsPage:
    def test_lists_public_notes_newest_first_with_their_articles(self, client, corrected):
        article, update, correction = corrected
        hidden = make_article(headline="Withdrawn later")
        add_note(hidden, "Hidden with its article.")
        article_withdraw(article=hidden)
        response = client.get(reverse("articles:corrections"))
        assert response.status_code == 200
        page = document(response.content)
        assert page.xpath("string(//h1)") == "Corrections and updates"
        items = page.xpath("//ol[@class='corrections-list']/li")
        assert len(items) == 2
        assert "wrong date" in items[0].text_content()
        assert "minister" in items[1].text_content()
        assert items[0].xpath("string(.//h2/a/@href)") == correction.get_absolute_url()
        assert "Dam talks stall" in items[0].xpath("string(.//h2)")
        assert "Withdrawn later" not in response.content.decode()
        feeds = page.xpath("//link[@rel='alternate']/@href")
        assert feeds[:2] == ["/corrections/feed/", "/corrections/feed/atom/"]

    def test_is_paginated_with_bounded_pages_and_constant_queries(
        self, client, django_assert_num_queries
    ):
        articles = [make_article(section=make_section()) for _ in range(3)]
        for n in range(CORRECTIONS_PER_PAGE + 5):
            add_note(articles[n % 3], f"Note {n}.", ago=timedelta(minutes=n))
        with CaptureQueriesContext(connection) as first:
            page_one = document(client.get("/corrections/").content)
        assert len(page_one.xpath("//ol[@class='corrections-list']/li")) == CORRECTIONS_PER_PAGE
        assert "Note 0." in page_one.text_content()
        with django_assert_num_queries(len(first)):
            page_two = document(client.get("/corrections/?page=2").content)
        assert len(page_two.xpath("//ol[@class='corrections-list']/li")) == 5
        assert page_two.xpath("//nav[@aria-label='Corrections pages']//a[@aria-current='page']")
        assert client.get("/corrections/?page=99").status_code == 404
        assert client.get("/corrections/?page=" + "9" * 5000).status_code == 404

    def test_empty(self, client):
        response = client.get("/corrections/")
        assert response.status_code == 200
        assert "No corrections or updates yet." in response.content.decode()

    @pytest.mark.parametrize("url", ["/corrections/feed/", "/corrections/feed/atom/"])
    def test_feed_lists_notes_newest_first_linking_into_the_article(self, client, corrected, url):
        article, update, correction = corrected
        response = client.get(url)
        assert response.status_code == 200
        assert "ETag" in response.headers
        feed = feedparser.parse(response.content)
        assert [entry.title for entry in feed.entries] == [
            "Correction: Dam talks stall",
            "Update: Dam talks stall",
        ]
        first = feed.entries[0]
        assert first.link == f"http://testserver{correction.get_absolute_url()}"
        assert "wrong date of the talks" in first.summary
        assert calendar.timegm(first.published_parsed) == int(correction.published_at.timestamp())
        assert first.id.endswith(f":correction:{correction.pk}")

    def test_corrections_page_is_cached_for_readers_like_the_other_lists(self, client, settings):
        settings.READER_PAGE_CACHE_SECONDS = 60
        article = make_article()
        add_note(article, "First note.")
        client.get("/corrections/")
        # Another reader within the cache time gets the same page.
        add_note(article, "Second note.")
        assert "Second note." not in client.get("/corrections/").content.decode()


class TestService:
    def test_a_note_saves_its_article(self):
        article = make_article()
        edited = Article.objects.get(pk=article.pk).updated_at
        add_note(article, "Fixed.")
        assert Article.objects.get(pk=article.pk).updated_at > edited

    def test_a_note_never_moves_the_updated_time_back(self):
        article = make_article(ago=timedelta(days=3))
        add_note(article, "Recent.")
        recent = Article.objects.get(pk=article.pk).revised_at
        add_note(article, "Recorded late, made two days ago.", ago=timedelta(days=2))
        assert Article.objects.get(pk=article.pk).revised_at == recent

    @pytest.mark.parametrize(
        ("text", "ago", "code"),
        [
            ("   ", timedelta(0), "required"),
            ("Dated ahead.", -timedelta(hours=2), "future"),
            ("x" * 2001, timedelta(0), "max_length"),
        ],
    )
    def test_bad_notes_are_refused_and_nothing_is_stored(self, text, ago, code):
        article = make_article()
        edited = Article.objects.get(pk=article.pk).updated_at
        with pytest.raises(ValidationError) as refused:
            add_note(article, text, ago=ago)
        codes = [error.code for errors in refused.value.error_dict.values() for error in errors]
        assert code in codes
        assert not Correction.objects.exists()
        assert Article.objects.get(pk=article.pk).updated_at == edited

    @pytest.mark.parametrize("state", ["draft", "scheduled"])
    def test_notes_only_go_on_articles_readers_have_seen(self, state):
        if state == "draft":
            article = make_article(published=False)
        else:
            article = make_article(ago=-timedelta(hours=2))
        with pytest.raises(ValidationError, match="publish the article first"):
            add_note(article, "Too early.")
        assert not Correction.objects.exists()

    def test_deleting_a_note_saves_the_article_and_keeps_its_updated_time(self):
        article = make_article()
        note = add_note(article, "Mistaken note.")
        article.refresh_from_db()
        revised, edited = article.revised_at, article.updated_at
        correction_delete(correction=note)
        article.refresh_from_db()
        assert not Correction.objects.exists()
        assert article.revised_at == revised
        assert article.updated_at > edited


class TestAdmin:
    @pytest.fixture
    def editor(self, client):
        user = make_user("eddie", group="Editor")
        client.force_login(user)
        return user

    def edit_form(self, article, **fields):
        moment = timezone.localtime(article.publish_at)
        data = article_form(
            article.section,
            headline=article.headline,
            slug=article.slug,
            body=article.body,
            status="published",
            publish_at_0=f"{moment:%Y-%m-%d}",
            publish_at_1=f"{moment:%H:%M:%S}",
            based_on_version=article.edit_version,
        )
        data.update(fields)
        return data

    def change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def note_fields(self, text, *, kind="correction", moment=None):
        moment = timezone.localtime(moment or timezone.now())
        return {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": kind,
            "corrections-0-published_at_0": f"{moment:%Y-%m-%d}",
            "corrections-0-published_at_1": f"{moment:%H:%M:%S}",
            "corrections-0-text": text,
        }

    def test_the_article_page_offers_the_notes_inline(self, client, editor):
        article = make_article()
        content = client.get(self.change_url(article)).content.decode()
        assert 'name="corrections-TOTAL_FORMS"' in content
        assert "Substantive change" in content

    def test_an_editor_adds_a_correction_that_readers_see(self, client, editor):
        article = make_article(ago=timedelta(days=1))
        data = self.edit_form(article, **self.note_fields("The dam is 40 m high, not 400 m."))
        response = client.post(self.change_url(article), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        (note,) = article.corrections.all()
        assert note.kind == "correction"
        article.refresh_from_db()
        assert article.revised_at == note.published_at
        page = client.get(article.get_absolute_url()).content.decode()
        assert "The dam is 40 m high, not 400 m." in page

    def test_an_empty_note_is_refused_and_the_form_keeps_what_was_typed(self, client, editor):
        article = make_article()
        data = self.edit_form(article, headline="A new headline", **self.note_fields("   "))
        response = client.post(self.change_url(article), data)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Say what was corrected or updated." in content or "This field is required" in (
            content
        )
        assert 'value="A new headline"' in content
        assert not Correction.objects.exists()
        assert Article.objects.get(pk=article.pk).headline != "A new headline"

    def test_a_note_on_a_draft_is_refused(self, client, editor):
        article = make_article(published=False)
        data = self.edit_form(article, status="draft", **self.note_fields("Too early."))
        data.update(publish_at_0="", publish_at_1="")
        response = client.post(self.change_url(article), data)
        assert response.status_code == 200
        assert "publish the article first" in response.content.decode()
        assert not Correction.objects.exists()

    def test_a_substantive_change_moves_the_updated_time(self, client, editor):
        article = make_article(ago=timedelta(days=1))
        response = client.post(
            self.change_url(article),
            self.edit_form(article, body="New facts.", substantive_change="on"),
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.revised_at is not None
        assert timezone.now() - article.revised_at < timedelta(minutes=1)
        assert article.modified_at == article.revised_at

    def test_a_typo_fix_leaves_the_updated_time(self, client, editor):
        article = make_article(ago=timedelta(days=1))
        response = client.post(self.change_url(article), self.edit_form(article, body="Typo."))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.body == "Typo."
        assert article.revised_at is None
        assert article.modified_at == article.first_published_at
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Updated" not in page

    def test_writers_cannot_add_notes(self, client):
        client.force_login(make_user("wendy", group="Writer"))
        article = make_article(published=False)
        content = client.get(self.change_url(article)).content.decode()
        assert "Add another correction or update note" not in content
