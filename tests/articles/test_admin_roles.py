"""The newsroom roles in the admin: writers draft, editors publish, moderators keep out."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Announcement, Article, Author, Correction, Section, Tag
from articles.services import article_withdraw, correction_save
from tests.factories import (
    article_form,
    make_article,
    make_author,
    make_section,
    make_user,
    publish_at_fields,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class TestGroups:
    def permissions(self, name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    def test_migration_creates_the_three_roles(self):
        assert set(
            Group.objects.filter(name__in=["Writer", "Editor", "Moderator"]).values_list(
                "name", flat=True
            )
        ) == {"Writer", "Editor", "Moderator"}

    def test_writer_writes_but_cannot_publish(self):
        writer = self.permissions("Writer")
        assert {"add_article", "change_article", "view_article"} <= writer
        assert "publish_article" not in writer
        assert not writer & {"add_section", "change_author", "add_announcement"}

    def test_editor_publishes_and_manages_the_newsroom(self):
        editor = self.permissions("Editor")
        assert "publish_article" in editor
        for model in ("article", "section", "tag", "author", "announcement"):
            assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= editor

    def test_moderator_has_no_article_permissions(self):
        assert not {
            codename for codename in self.permissions("Moderator") if codename.endswith("article")
        }


class TestWriter:
    @pytest.fixture
    def writer(self, client):
        user = make_user("wendy", group="Writer")
        client.force_login(user)
        return user

    def test_add_page_has_the_editor_and_a_read_only_status(self, client, writer):
        response = client.get(ADD)
        assert response.status_code == 200
        content = response.content.decode()
        assert "markdownx" in content
        assert 'name="body"' in content
        assert 'name="status"' not in content
        assert 'name="publish_at_0"' not in content
        assert 'name="is_lead"' not in content

    def test_writer_article_is_saved_as_a_draft_even_if_published_is_posted(self, client, writer):
        author = make_author(name="Wendy Writer", user=writer)
        section = make_section()
        data = article_form(section, status="published", is_lead="on", **publish_at_fields(days=-1))
        response = client.post(ADD, data)
        assert response.status_code == 302

        article = Article.objects.get(slug="dam-talks-stall")
        assert article.status == Article.Status.DRAFT
        assert article.publish_at is None
        assert not article.is_lead
        assert article.created_by == writer
        assert list(article.authors.all()) == [author]
        assert "<strong>stalled</strong>" in article.body_html
        assert not Article.objects.published().exists()

    def test_changelist_shows_only_the_writers_own_articles(self, client, writer):
        own = make_article(headline="Wendy's own story", published=False, created_by=writer)
        bylined = make_article(headline="Wendy's shared byline", authors=[make_author(user=writer)])
        make_article(headline="Somebody else's story", published=False)

        response = client.get(CHANGELIST)
        assert response.status_code == 200
        assert set(response.context["cl"].result_list) == {own, bylined}
        assert "Somebody else" not in response.content.decode()

    def test_someone_elses_article_cannot_be_opened_or_changed(self, client, writer):
        other = make_article(headline="Somebody else's story", published=False)
        response = client.get(change_url(other))
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
        assert "doesn’t exist" in " ".join(messages_of(response))

        client.post(change_url(other), article_form(other.section, headline="Hijacked"))
        other.refresh_from_db()
        assert other.headline == "Somebody else's story"

    def test_writer_edits_own_draft(self, client, writer):
        draft = make_article(published=False, created_by=writer, slug="dam-talks-stall")
        data = article_form(draft.section, headline="Better", based_on_version=draft.edit_version)
        response = client.post(change_url(draft), data)
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.headline == "Better"
        assert draft.status == Article.Status.DRAFT

    def test_writer_cannot_edit_own_article_once_published(self, client, writer):
        article = make_article(headline="Live story", created_by=writer, slug="dam-talks-stall")
        page = client.get(change_url(article))
        assert page.status_code == 200  # shown read-only
        assert 'name="headline"' not in page.content.decode()
        assert 'name="_save"' not in page.content.decode()

        response = client.post(change_url(article), article_form(article.section, headline="X"))
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline == "Live story"

    def test_writer_deletes_own_draft_but_not_a_published_article(self, client, writer):
        draft = make_article(published=False, created_by=writer)
        live = make_article(created_by=writer)
        delete = "admin:articles_article_delete"
        assert client.post(reverse(delete, args=[live.pk]), {"post": "yes"}).status_code == 403
        assert client.post(reverse(delete, args=[draft.pk]), {"post": "yes"}).status_code == 302
        assert list(Article.objects.all()) == [live]

    def test_writer_has_no_publish_or_withdraw_actions(self, client, writer):
        draft = make_article(published=False, created_by=writer)
        response = client.get(CHANGELIST)
        content = response.content.decode()
        assert 'value="publish_selected"' not in content
        assert 'value="withdraw_selected"' not in content

        client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]})
        draft.refresh_from_db()
        assert draft.status == Article.Status.DRAFT

    def test_writer_cannot_manage_sections_or_banners(self, client, writer):
        assert client.get(reverse("admin:articles_section_add")).status_code == 403
        assert client.get(reverse("admin:articles_announcement_add")).status_code == 403


class TestEditor:
    @pytest.fixture
    def editor(self, client):
        user = make_user("eddie", group="Editor")
        client.force_login(user)
        return user

    def test_editor_publishes_now_from_the_form(self, client, editor):
        section = make_section()
        response = client.post(ADD, article_form(section, status="published"))
        assert response.status_code == 302
        article = Article.objects.get(slug="dam-talks-stall")
        assert article.is_published()
        assert article.publication_date == timezone.localdate()
        assert client.get(article.get_absolute_url()).status_code == 200

    def test_editor_schedules_from_the_form(self, client, editor):
        section = make_section()
        client.post(ADD, article_form(section, status="published", **publish_at_fields(days=2)))
        article = Article.objects.get(slug="dam-talks-stall")
        assert article.is_scheduled
        assert not article.is_published()
        assert Client().get(article.get_absolute_url()).status_code == 404
        assert article.publication_date == (timezone.localdate() + timedelta(days=2))

    def test_slug_clash_in_the_form_is_a_form_error(self, client, editor):
        existing = make_article(slug="dam-talks-stall", ago=timedelta(seconds=1))
        response = client.post(ADD, article_form(existing.section, status="published"))
        assert response.status_code == 200
        assert "Another article published on" in response.content.decode()
        assert Article.objects.filter(slug="dam-talks-stall").count() == 1

    def test_bulk_publish_reports_slug_clashes_as_errors(self, client, editor):
        make_article(slug="same-slug", headline="Already live", ago=timedelta(seconds=1))
        clash = make_article(slug="same-slug", headline="Clashing draft", published=False)
        fine = make_article(headline="Fine draft", published=False)

        response = client.post(
            CHANGELIST,
            {"action": "publish_selected", "_selected_action": [clash.pk, fine.pk]},
            follow=True,
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Published 1 article(s)." in content
        assert "Not published: “Clashing draft”: Another article published on" in content
        clash.refresh_from_db()
        fine.refresh_from_db()
        assert clash.status == Article.Status.DRAFT
        assert fine.is_published()

    def test_publish_now_makes_a_scheduled_article_live_now(self, client, editor):
        scheduled = make_article(ago=-timedelta(days=3))
        client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [scheduled.pk]})
        scheduled.refresh_from_db()
        assert scheduled.is_published()
        assert scheduled.publication_date == timezone.localdate()
        assert client.get(scheduled.get_absolute_url()).status_code == 200

    def test_republishing_a_withdrawn_article_keeps_its_address(self, client, editor):
        article = make_article(ago=timedelta(days=5))
        url = article.get_absolute_url()
        client.post(CHANGELIST, {"action": "withdraw_selected", "_selected_action": [article.pk]})
        assert client.get(url).status_code == 404
        client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.get_absolute_url() == url
        assert client.get(url).status_code == 200

    def test_bulk_withdraw_takes_articles_off_the_site(self, client, editor):
        articles = [make_article(headline=f"Live {n}") for n in range(2)]
        response = client.post(
            CHANGELIST,
            {"action": "withdraw_selected", "_selected_action": [a.pk for a in articles]},
            follow=True,
        )
        assert "Withdrew 2 article(s)." in response.content.decode()
        assert not Article.objects.published().exists()
        assert "Live 0" not in client.get("/").content.decode()

    def test_changelist_links_each_article_to_where_it_can_be_read(self, client, editor):
        live = make_article()
        others = [
            make_article(published=False),
            make_article(ago=-timedelta(days=1)),
            article_withdraw(article=make_article()),
        ]
        content = client.get(CHANGELIST).content.decode()
        assert f'<a href="{live.get_absolute_url()}">View</a>' in content
        for article in others:
            preview = reverse("articles:preview", kwargs={"pk": article.pk})
            assert f'<a href="{preview}">Preview</a>' in content
            assert client.get(preview).status_code == 200

    def test_editor_sees_every_article_and_both_actions(self, client, editor):
        make_article(headline="A writer's draft", published=False)
        content = client.get(CHANGELIST).content.decode()
        assert "A writer&#x27;s draft" in content or "A writer's draft" in content
        assert 'value="publish_selected"' in content
        assert 'value="withdraw_selected"' in content

    def test_editor_manages_sections_tags_authors_and_banners(self, client, editor):
        for model in ("section", "tag", "author", "announcement"):
            assert client.get(reverse(f"admin:articles_{model}_add")).status_code == 200
            assert client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200
        client.post(
            reverse("admin:articles_section_add"),
            {"name": "Climate", "slug": "climate", "order": 3},
        )
        client.post(
            reverse("admin:articles_tag_add"),
            {"name": "Drought", "slug": "drought", "kind": "topic"},
        )
        client.post(reverse("admin:articles_author_add"), {"name": "Lina Odeh", "slug": "lina"})
        client.post(
            reverse("admin:articles_announcement_add"),
            {"message": "Join our channel", "is_enabled": "on"},
        )
        assert Section.objects.filter(slug="climate").exists()
        assert Tag.objects.filter(slug="drought").exists()
        assert Author.objects.filter(slug="lina").exists()
        assert Announcement.objects.active().filter(message="Join our channel").exists()
        assert "Join our channel" in client.get("/").content.decode()


class TestModerator:
    def test_moderator_cannot_add_or_change_articles(self, client):
        client.force_login(make_user("mo", group="Moderator"))
        article = make_article(published=False)
        assert client.get(ADD).status_code == 403
        assert client.get(CHANGELIST).status_code == 403
        assert client.get(change_url(article)).status_code == 403
        response = client.post(change_url(article), article_form(article.section, headline="X"))
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline != "X"


@pytest.mark.parametrize("role", ["Editor", "superuser"])
def test_admin_article_pages_load_with_the_markdown_editor(client, role):
    user = make_user("boss", superuser=True) if role == "superuser" else make_user("ed", group=role)
    client.force_login(user)
    article = make_article(authors=[make_author()])
    correction_save(correction=Correction(article=article, text="Fixed a name."))
    make_article(published=False)

    changelist = client.get(CHANGELIST)
    assert changelist.status_code == 200
    assert "View</a>" in changelist.content.decode()
    assert "Preview</a>" in changelist.content.decode()
    for url in (ADD, change_url(article)):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert 'class="markdownx' in content, url
        assert "markdownx/js/markdownx" in content, url
