"""Article life cycle, addresses, stored HTML and banners, at the model and service level."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Announcement, Article
from articles.services import article_publish, article_withdraw
from tests.factories import make_announcement, make_article, make_section

pytestmark = pytest.mark.django_db


def published_pks():
    return set(Article.objects.published().values_list("pk", flat=True))


class TestPublished:
    def test_queryset_and_instance_agree_on_every_state(self):
        draft = make_article(published=False)
        live = make_article(ago=timedelta(days=2))
        scheduled = make_article(ago=-timedelta(hours=3))
        withdrawn = article_withdraw(article=make_article())

        assert published_pks() == {live.pk}
        for article in (draft, live, scheduled, withdrawn):
            article.refresh_from_db()
            assert article.is_published() == (article.pk in published_pks()), article.status
        assert scheduled.is_scheduled
        assert not live.is_scheduled

    def test_agree_at_the_exact_publication_instant(self):
        article = make_article(ago=-timedelta(minutes=5))
        with mock.patch("django.utils.timezone.now", return_value=article.publish_at):
            assert article.is_published()
            assert published_pks() == {article.pk}

    def test_scheduled_article_goes_live_by_itself(self):
        article = make_article(ago=-timedelta(hours=2))
        assert published_pks() == set()

        later = timezone.now() + timedelta(hours=2, minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            article.refresh_from_db()
            assert article.is_published()
            assert published_pks() == {article.pk}

    def test_withdrawn_article_can_return_at_its_old_address(self):
        article = make_article(ago=timedelta(days=3))
        url = article.get_absolute_url()
        article_withdraw(article=article)
        assert published_pks() == set()

        article_publish(article=article)
        article.refresh_from_db()
        assert published_pks() == {article.pk}
        assert article.get_absolute_url() == url


class TestAddress:
    def test_url_uses_first_publication_date(self):
        first = timezone.now() - timedelta(days=40)
        article = make_article(published=False, slug="ceasefire-talks")
        article_publish(article=article, publish_at=first)
        day = timezone.localdate(first)
        assert article.get_absolute_url() == f"/{day:%Y/%m/%d}/ceasefire-talks/"

        # A later update, or withdrawing and republishing, keeps the first date.
        article.headline = "Ceasefire talks resume"
        article.save()
        article_withdraw(article=article)
        article_publish(article=article, publish_at=timezone.now())
        article.refresh_from_db()
        assert article.publication_date == day
        assert article.get_absolute_url() == f"/{day:%Y/%m/%d}/ceasefire-talks/"

    def test_rescheduling_before_going_live_moves_the_address(self):
        article = make_article(ago=-timedelta(days=3))
        new_time = timezone.now() + timedelta(days=10)
        article_publish(article=article, publish_at=new_time)
        assert article.publication_date == timezone.localdate(new_time)

    def test_draft_points_to_preview(self):
        article = make_article(published=False)
        assert article.publication_date is None
        assert article.get_absolute_url() == f"/preview/{article.pk}/"

    def test_same_slug_same_day_is_refused_with_a_readable_error(self):
        # Noon and one o'clock yesterday: the same day whatever the time the test runs.
        noon = timezone.localtime().replace(hour=12, minute=0) - timedelta(days=1)
        first = make_article(slug="election-night", published=False)
        article_publish(article=first, publish_at=noon)
        second = make_article(slug="election-night", published=False)

        with pytest.raises(ValidationError) as caught:
            article_publish(article=second, publish_at=noon + timedelta(hours=1))

        assert "slug" in caught.value.message_dict
        assert "has this slug" in caught.value.message_dict["slug"][0]
        second.refresh_from_db()
        assert second.status == Article.Status.DRAFT
        assert second.publication_date is None

    def test_same_slug_on_another_day_is_fine(self):
        make_article(slug="election-night", ago=timedelta(days=1, hours=1))
        second = make_article(slug="election-night", ago=timedelta(hours=1))
        assert second.is_published()
        assert Article.objects.filter(slug="election-night").count() == 2

    def test_database_refuses_a_slug_clash_on_one_day(self):
        first = make_article(slug="flood-warning")
        second = make_article(ago=timedelta(days=5))
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=second.pk).update(
                slug="flood-warning", publication_date=first.publication_date
            )

    def test_database_refuses_published_without_a_time(self):
        article = make_article(published=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)

    def test_two_drafts_may_share_a_slug(self):
        make_article(published=False, slug="working-title")
        make_article(published=False, slug="working-title")
        assert Article.objects.filter(slug="working-title").count() == 2


class TestBody:
    def body_html(self, body):
        return make_article(published=False, body=body).body_html

    def test_dangerous_markup_is_removed(self):
        html = self.body_html(
            "Intro\n\n<script>alert('x')</script>\n\n"
            '<img src="/x.png" onerror="alert(1)">\n\n'
            "[click](javascript:alert(1))\n\n"
            '<iframe src="https://evil.example/"></iframe>\n\n'
            '<a href="https://ok.example/" onclick="steal()">ok</a>'
        )
        lowered = html.lower()
        assert "<script" not in lowered
        assert "alert('x')" not in lowered
        assert "onerror" not in lowered
        assert "onclick" not in lowered
        assert "javascript:" not in lowered
        assert "<iframe" not in lowered
        assert '<img src="/x.png">' in html

    @pytest.mark.parametrize(
        "body",
        [
            "[x](JaVaScRiPt:alert(1))",
            "[x](  javascript:alert(1))",
            '<a href="java&#x09;script:alert(1)">x</a>',
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            '<svg onload="alert(1)"><circle r="1"/></svg>',
            "<style>body{display:none}</style>",
            '<form action="https://evil.example/"><input name="password"></form>',
            '<object data="https://evil.example/x.swf"></object>',
            '<p style="background:url(javascript:alert(1))">styled</p>',
            '<img src="x" srcset="javascript:alert(1) 1x">',
        ],
    )
    def test_other_attack_vectors_are_neutralised(self, body):
        html = self.body_html(body).lower()
        for dangerous in (
            "javascript:", "data:", "<svg", "onload", "<style", "<form", "<input", "<object",
            "style=", "srcset",
        ):  # fmt: skip
            assert dangerous not in html, (body, html)

    def test_journalism_markup_is_kept(self):
        html = self.body_html(
            "# Big heading\n\n## Sub heading\n\n> A quote from a minister.\n\n"
            "Some *emphasis*, **strong** words and a [link](https://example.org/report).\n"
        )
        assert "<h1" not in html
        assert '<h2 id="heading-big-heading">Big heading</h2>' in html
        # The headline is the page's one <h1>; "##" already is the body's top level.
        assert '<h2 id="heading-sub-heading">Sub heading</h2>' in html
        assert "<blockquote>" in html
        assert "<em>emphasis</em>" in html
        assert "<strong>strong</strong>" in html
        assert 'href="https://example.org/report"' in html

    def test_html_follows_the_body_on_every_save(self):
        article = make_article(published=False, body="First version")
        article.body = "Second **version**"
        article.save()
        article.refresh_from_db()
        assert "<strong>version</strong>" in article.body_html
        assert "First" not in article.body_html

    @pytest.mark.parametrize(("words", "minutes"), [(1, 1), (230, 1), (231, 2), (1000, 5)])
    def test_reading_time(self, words, minutes):
        article = make_article(published=False, body=" ".join(["word"] * words))
        assert article.reading_time == minutes


class TestStrings:
    def test_models_name_themselves(self):
        section = make_section(name="World")
        article = make_article(headline="Rain at last", section=section)
        banner = make_announcement(message="Join our channel")
        assert str(section) == "World"
        assert str(article) == "Rain at last"
        assert str(banner) == "Join our channel"
        assert section.get_absolute_url() == f"/section/{section.slug}/"


NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


class TestAnnouncement:
    @pytest.mark.parametrize(
        ("fields", "active"),
        [
            ({}, True),
            ({"starts_at": NOW - timedelta(hours=1)}, True),
            ({"starts_at": NOW}, True),
            ({"starts_at": NOW + timedelta(seconds=1)}, False),
            ({"ends_at": NOW + timedelta(hours=1)}, True),
            ({"ends_at": NOW}, False),
            ({"ends_at": NOW - timedelta(hours=1)}, False),
            ({"is_enabled": False}, False),
            ({"starts_at": NOW - timedelta(days=2), "ends_at": NOW - timedelta(days=1)}, False),
        ],
    )
    def test_instance_and_queryset_agree(self, fields, active):
        banner = make_announcement(**fields)
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            assert banner.is_active() is active
            assert Announcement.objects.active().filter(pk=banner.pk).exists() is active

    def test_end_before_start_is_refused(self):
        banner = Announcement(message="x", starts_at=NOW, ends_at=NOW - timedelta(hours=1))
        with pytest.raises(ValidationError) as caught:
            banner.full_clean()
        assert "ends_at" in caught.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            banner.save()

    def test_link_needs_text(self):
        banner = Announcement(message="x", link_url="https://t.me/example")
        with pytest.raises(ValidationError) as caught:
            banner.full_clean()
        assert "link_text" in caught.value.message_dict
