"""The article page as a reader sees it, and the staff preview of unpublished articles."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from articles.services import article_withdraw, correction_save
from tests.factories import (
    image_bytes,
    make_article,
    make_author,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    section = make_section(name="Middle East", slug="middle-east")
    tags = [make_tag(name="Water", slug="water"), make_tag(name="Jordan", slug="jordan")]
    authors = [
        make_author(name="Amal Haddad", slug="amal-haddad"),
        make_author(name="Tom Reyes", slug="tom-reyes"),
    ]
    article = make_article(
        headline="The river that ran dry",
        standfirst="Farmers along the valley count the cost of a third dry summer.",
        body="## What happened\n\n" + "word " * 500,
        section=section,
        tags=tags,
        authors=authors,
        featured_image_alt="A cracked riverbed at dusk",
        featured_image_caption="The riverbed near the border",
        featured_image_credit="Lina Odeh",
        ago=timedelta(days=1),
    )
    article.featured_image.save("river.png", ContentFile(image_bytes("PNG")), save=True)
    correction_save(
        correction=Correction(
            article=article, text="An earlier version misstated the river's length."
        )
    )
    return article


def test_article_page_shows_the_whole_story(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()

    assert re.search(r"<h1[^>]*>The river that ran dry</h1>", content)
    assert content.count("<h1") == 1
    assert "Farmers along the valley count the cost" in content
    assert (
        'By <a href="/author/amal-haddad/" rel="author">Amal Haddad</a> and '
        '<a href="/author/tom-reyes/" rel="author">Tom Reyes</a>' in content
    )
    # Whole seconds: HTML allows at most three digits of a fraction of a second.
    published = f"{timezone.localtime(story.first_published_at):%Y-%m-%dT%H:%M:%S%z}"
    assert f'<time datetime="{published}">' in content
    assert '<a href="/section/middle-east/">Middle East</a>' in content
    assert 'href="/tag/water/"' in content
    assert 'href="/tag/jordan/"' in content
    assert "3 min read" in content
    assert '<h2 id="heading-what-happened">What happened</h2>' in content

    stem = story.featured_image.name.removesuffix(".png")
    assert f'src="/media/renditions/{stem}/40w.png"' in content
    assert 'alt="A cracked riverbed at dusk"' in content
    assert "The riverbed near the border" in content
    assert "Photo: Lina Odeh" in content

    assert "An earlier version misstated the river&#x27;s length." in content
    (note,) = story.corrections.all()
    note_at = timezone.localtime(note.published_at)
    assert f'<time datetime="{note_at:%Y-%m-%dT%H:%M:%S%z}">' in content

    canonical = f"{settings.SITE_URL}{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in content
    assert 'name="robots" content="noindex"' not in content
    assert "Preview:" not in content


def test_article_without_authors_is_by_staff(client):
    article = make_article()
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="byline">Staff</p>' in content


def test_related_articles_share_a_section_or_tag_and_are_published(client, story):
    water = story.tags.get(slug="water")
    make_article(headline="Wells run low", tags=[water])
    make_article(headline="Border reopens", section=story.section)
    make_article(headline="Unconnected story")
    make_article(headline="Draft on the same tag", tags=[water], published=False)
    make_article(headline="Scheduled in the section", section=story.section, ago=-timedelta(days=1))
    article_withdraw(article=make_article(headline="Withdrawn on the tag", tags=[water]))

    content = client.get(story.get_absolute_url()).content.decode()
    related_block = content.split('id="related-heading"')[1].split("</section>")[0]
    assert related_block.count('class="card__headline"') == 2
    assert "Wells run low" in related_block
    assert "Border reopens" in related_block
    assert "The river that ran dry" not in related_block
    for hidden in ("Unconnected story", "Draft on", "Scheduled in", "Withdrawn on"):
        assert hidden not in content


def test_related_articles_are_at_most_four(client, story):
    for _ in range(6):
        make_article(section=story.section)
    content = client.get(story.get_absolute_url()).content.decode()
    related_block = content.split('id="related-heading"')[1].split("</section>")[0]
    assert related_block.count('class="card__headline"') == 4


def test_no_related_block_when_nothing_is_related(client):
    article = make_article()
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Related reporting" not in content


class TestPreview:
    def preview_url(self, article):
        return reverse("articles:preview", kwargs={"pk": article.pk})

    def test_editor_previews_a_draft_with_a_banner_and_noindex(self, client):
        editor = make_user("eddie", group="Editor")
        draft = make_article(headline="Secret draft", published=False)
        client.force_login(editor)
        response = client.get(self.preview_url(draft))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Secret draft" in content
        assert "Preview: this article is draft and not visible to readers." in content
        assert '<meta name="robots" content="noindex">' in content
        assert 'rel="canonical"' not in content

    def test_editor_previews_a_scheduled_article(self, client):
        client.force_login(make_user("eddie", group="Editor"))
        scheduled = make_article(headline="Tomorrow's story", ago=-timedelta(days=1))
        content = client.get(self.preview_url(scheduled)).content.decode()
        assert "Tomorrow&#x27;s story" in content
        assert "Preview: this article is scheduled for" in content
        # The public address is still a 404 until the time comes.
        assert client.get(scheduled.get_absolute_url()).status_code == 404

    def test_anonymous_readers_are_sent_to_log_in(self, client):
        draft = make_article(headline="Secret draft", published=False)
        response = client.get(self.preview_url(draft))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert "Secret draft" not in response.content.decode()

    def test_non_staff_users_are_sent_to_log_in(self, client):
        client.force_login(make_user("reader", staff=False))
        draft = make_article(published=False)
        response = client.get(self.preview_url(draft))
        assert response.status_code == 302

    def test_writer_previews_own_draft_but_not_someone_elses(self, client):
        writer = make_user("wendy", group="Writer")
        own = make_article(headline="Wendy's draft", published=False, created_by=writer)
        bylined = make_article(
            headline="Shared draft",
            published=False,
            authors=[make_author(user=writer)],
        )
        other = make_article(headline="Someone else's draft", published=False)
        client.force_login(writer)
        assert client.get(self.preview_url(own)).status_code == 200
        assert client.get(self.preview_url(bylined)).status_code == 200
        response = client.get(self.preview_url(other))
        assert response.status_code == 404
        assert "Someone else" not in response.content.decode()

    def test_moderator_cannot_preview_articles(self, client):
        client.force_login(make_user("mo", group="Moderator"))
        assert client.get(self.preview_url(make_article(published=False))).status_code == 404
