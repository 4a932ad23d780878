"""`manage.py demo_content`: an empty site gets believable news; a filled one is left alone."""

from collections import Counter
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from articles.markdown import plain_text_word_count
from articles.models import Announcement, Article, Author, Correction, Section, Tag

SIGN_OFF_LINE = "Sound off in the comments below!"


def run_demo_content(*args, **options):
    out = StringIO()
    call_command("demo_content", *args, stdout=out, **options)
    return out.getvalue()


def files_under(folder):
    return sorted(path for path in Path(folder).rglob("*") if path.is_file())


@pytest.fixture(scope="class")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run the command once for the whole class, in a transaction rolled back afterwards.

    Tests read files under the returned `media_root`: a per-test MEDIA_ROOT may be set later.
    """
    media_root = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media_root),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        output = run_demo_content()
        yield {"output": output, "media_root": media_root}
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_site")
class TestFilledSite:
    def test_reports_what_it_created(self, demo_site):
        assert "Created demo content" in demo_site["output"]
        assert "29 published, 1 scheduled, 1 draft" in demo_site["output"]

    def test_about_thirty_articles_are_public(self):
        assert 25 <= Article.objects.published().count() <= 35

    def test_one_scheduled_article_is_not_public_yet(self):
        scheduled = Article.objects.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()
        )
        assert scheduled.count() == 1
        assert scheduled.get().publish_at > timezone.now() + timedelta(days=1)
        assert not Article.objects.published().filter(pk=scheduled.get().pk).exists()

    def test_one_draft(self):
        assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1

    def test_newest_story_is_from_today_and_the_archive_spans_months(self):
        published = Article.objects.published()
        newest = published.first()
        today = timezone.localdate()
        assert timezone.localdate(newest.publish_at) == today
        assert newest.publication_date == today
        assert newest.is_lead
        oldest = published.last()
        assert (today - oldest.publication_date).days >= 90

    def test_some_days_have_more_than_one_story(self):
        per_day = Counter(Article.objects.published().values_list("publication_date", flat=True))
        assert max(per_day.values()) >= 2

    def test_lead_stories_and_notes(self):
        published = Article.objects.published()
        assert published.filter(is_lead=True).count() >= 2
        notes = Correction.objects.public().select_related("article")
        assert set(notes.values_list("kind", flat=True)) == set(Correction.Kind)
        for note in notes:
            assert note.text
            assert note.published_at >= note.article.publish_at
            assert note.article.modified_at == note.published_at

    def test_sections_authors_and_every_kind_of_tag(self):
        assert 5 <= Section.objects.count() <= 6
        assert all(section.description for section in Section.objects.all())
        assert 4 <= Author.objects.count() <= 5
        assert set(Tag.objects.values_list("kind", flat=True)) == set(Tag.Kind.values)

    def test_authors_have_bios_titles_photos_and_some_links(self, demo_site):
        authors = Author.objects.all()
        for author in authors:
            assert author.bio and author.job_title
            assert (demo_site["media_root"] / author.photo.name).is_file()
        assert any(author.links for author in authors)

    def test_every_article_is_filed_and_bylined(self):
        for article in Article.objects.prefetch_related("authors", "tags"):
            assert article.headline and article.slug and article.standfirst
            assert 1 <= len(article.authors.all()) <= 2
            assert 2 <= len(article.tags.all()) <= 5

    def test_every_public_article_has_a_picture_on_disk_with_alt_text(self, demo_site):
        for article in Article.objects.published():
            assert article.featured_image.name.startswith("featured/")
            assert (demo_site["media_root"] / article.featured_image.name).is_file()
            assert article.featured_image_alt.strip()
            assert article.featured_image_caption and article.featured_image_credit

    def test_bodies_read_like_news(self):
        published = list(Article.objects.published())
        with_quote = [article for article in published if "<blockquote>" in article.body_html]
        assert len(with_quote) >= 0.8 * len(published)
        assert any('<a href="https://' in article.body_html for article in published)
        assert any('<h2 id="heading-' in article.body_html for article in published)
        for article in published:
            assert article.body.rstrip().endswith(SIGN_OFF_LINE)
            assert SIGN_OFF_LINE in article.body_html
            assert 250 <= plain_text_word_count(article.body) <= 600

    def test_telegram_banner_is_active(self):
        banner = Announcement.objects.active().get()
        assert banner.message == "Join our Telegram channel for breaking news"
        assert banner.link_url.startswith("https://t.me/")
        assert banner.link_text

    def test_second_run_changes_nothing_and_says_so(self, demo_site):
        articles_before = Article.objects.count()
        files_before = files_under(demo_site["media_root"])

        output = run_demo_content()

        assert "already has content" in output
        assert Article.objects.count() == articles_before
        assert Announcement.objects.count() == 1
        assert files_under(demo_site["media_root"]) == files_before

    def test_second_run_is_silent_at_verbosity_zero(self):
        assert run_demo_content(verbosity=0) == ""


@pytest.mark.django_db
def test_dry_run_lists_the_plan_and_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    output = run_demo_content("--dry-run")

    assert "Dry run" in output
    assert "Join our Telegram channel for breaking news" in output
    assert "scheduled" in output and "draft" in output
    assert not Article.objects.exists()
    assert not Section.objects.exists()
    assert not Tag.objects.exists()
    assert not Author.objects.exists()
    assert not Announcement.objects.exists()
    assert files_under(tmp_path) == []


@pytest.mark.django_db
def test_dry_run_is_silent_at_verbosity_zero():
    assert run_demo_content("--dry-run", verbosity=0) == ""


@pytest.mark.django_db
def test_existing_sections_are_reused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Section.objects.create(name="World", slug="world-news")

    run_demo_content(verbosity=0)

    assert Section.objects.filter(name="World").count() == 1
    assert Article.objects.filter(section__slug="world-news").exists()


@pytest.mark.django_db
def test_a_failure_leaves_no_rows_and_no_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    failing = mock.patch(
        "newsapp.demo.management.commands.demo_content.announcement_get_or_create",
        side_effect=RuntimeError("disk full"),
    )

    with failing, pytest.raises(RuntimeError):
        run_demo_content()

    assert not Article.objects.exists()
    assert not Author.objects.exists()
    assert files_under(tmp_path) == []
