"""A small hand-written export, then a newer export of the same site: what maps to what,
threads in time order, old addresses, a second run that changes nothing, updates."""

from datetime import UTC, datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.core import mail
from django.test import Client

from articles.models import Article, Author, Section, Tag
from articles.wordpress.models import ImportedItem
from comments.models import Comment, Commenter, RateCounter
from comments.threads import thread_page
from tests.newsapp.wordpress.support import FIXTURES, nothing_stored, run_import, site_state

pytestmark = pytest.mark.django_db

V1, V2 = FIXTURES / "small_v1.xml", FIXTURES / "small_v2.xml"


def thread_names(article):
    """The public thread, oldest first, as (level, name) in reading order."""
    _, roots = thread_page(article)
    shown, stack = [], list(reversed(roots))
    while stack:
        node = stack.pop()
        shown.append((node.comment.level, node.comment.name))
        stack.extend(reversed(node.replies))
    return shown


def lands_on(url):
    response = Client().get(url)
    return response.status_code, response.get("Location")


def test_posts_authors_categories_and_tags_map_to_the_newsroom():
    output = run_import(V1)
    assert "Articles: 3 created, 0 updated, 0 skipped" in output
    assert "Pages: 0 created, 0 updated, 1 skipped" in output
    assert "skipped 1: newsapp has no pages" in output

    council = Article.objects.get(slug="council-votes")
    assert council.headline == "Council votes"
    assert council.status == Article.Status.PUBLISHED
    assert council.publish_at == datetime(2020, 3, 4, 9, 30, tzinfo=UTC)  # the GMT date
    assert council.updated_at == datetime(2020, 3, 4, 10, 0, tzinfo=UTC)  # post_modified_gmt
    assert council.standfirst == "The rates stay where they are."
    assert council.is_lead  # sticky
    assert council.section == Section.objects.get(slug="news")  # the top-level category
    assert {tag.slug for tag in council.tags.all()} == {"local", "elections"}
    assert [author.name for author in council.authors.all()] == ["Mara Quill"]
    assert "<blockquote>" in council.body_html
    # A link to the old site becomes a path here, where its redirect answers.
    assert "[the budget, explained](/2020/03/05/budget-explained/)" in council.body

    budget = Article.objects.get(slug="budget-explained")
    assert not budget.comments_open
    assert '<h2 id="heading-where-the-money-goes">' in budget.body_html
    assert "<li>Roads</li>" in budget.body_html

    draft = Article.objects.get(headline="Next week's agenda")
    assert draft.status == Article.Status.DRAFT
    assert draft.slug == "next-weeks-agenda"

    # The login and email are kept for redirects and the newsroom, not shown.
    tomas = Author.objects.get(name="Tomás Reyes")
    record = ImportedItem.objects.get(kind="user", wp_id="tomas.r")
    assert record.local == tomas
    assert record.details["email"] == "tomas@old.example.org"
    assert "tomas@old.example.org" not in Client().get(tomas.get_absolute_url()).text


def test_comments_keep_threads_in_time_order_and_their_states_without_email_or_limits():
    output = run_import(V1)
    assert "Comments: 7 created, 0 updated, 1 skipped" in output
    assert "skipped 1: pingback (not a reader's comment)" in output
    council = Article.objects.get(slug="council-votes")
    # The file lists Ana (12:00) before Cleo (11:00), and Ana's reply's reply before the
    # reply it answers: oldest first holds at every level.
    assert thread_names(council) == [(0, "Cleo"), (0, "Ana"), (1, "Ben"), (2, "Ana")]
    statuses = dict(Comment.objects.values_list("name", "status"))
    assert statuses["Cheap Pills"] == Comment.Status.SPAM
    assert statuses["Dev"] == Comment.Status.PENDING
    assert statuses["Eve"] == Comment.Status.REMOVED
    ana = Comment.objects.filter(name="Ana").order_by("created_at").first()
    assert ana.text == "Good news for rate payers (https://example.net/rates)."
    assert ana.ip_address is None and ana.ip_hash  # only the keyed hash of the old IP
    assert ImportedItem.objects.get(kind="comment", wp_id="100").details["author_url"] == (
        "https://ana.example.net/"
    )
    cleo = Comment.objects.get(name="Cleo")
    assert cleo.text == "First!\n\nSecond paragraph."
    assert mail.outbox == []
    assert not RateCounter.objects.exists()
    assert Commenter.objects.get(email="ana@example.net").approved_count == 2


def test_old_addresses_redirect_for_good_and_found_pages_stay():
    run_import(V1)
    council = Article.objects.get(slug="council-votes").get_absolute_url()
    assert council == "/2020/03/04/council-votes/"  # WordPress's own pattern: the live page
    assert lands_on(council)[0] == 200
    assert lands_on("/?p=10") == (301, council)
    assert lands_on("/2020/03/council-votes/") == (301, council)
    assert lands_on("/council-votes/") == (301, council)
    assert lands_on("/category/news/") == (301, "/section/news/")
    assert lands_on("/category/news/feed/") == (301, "/section/news/feed/")
    assert lands_on("/category/news/local/") == (301, "/tag/local/")
    assert lands_on("/?cat=5") == (301, "/section/news/")
    assert lands_on("/author/tomas.r/") == (301, "/author/tomasr/")
    assert lands_on("/?author=4") == (301, "/author/tomasr/")
    assert lands_on("/tag/elections/")[0] == 200
    assert lands_on("/feed/")[0] == 200
    # Pages are not imported: their old address is a plain 404 / the home page.
    assert lands_on("/about/")[0] == 404
    assert lands_on("/?page_id=2")[0] == 200
    # Drafts had no public address.
    assert not Redirect.objects.filter(old_path="/?p=13").exists()


def test_dates_follow_the_sites_time_zone(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    run_import(V1)
    budget = Article.objects.get(slug="budget-explained")
    # 07:00 GMT on 5 March is the evening of the 4th in Los Angeles.
    assert budget.get_absolute_url() == "/2020/03/04/budget-explained/"
    assert lands_on("/2020/03/05/budget-explained/") == (301, budget.get_absolute_url())


def test_a_second_run_changes_nothing():
    run_import(V1)
    before = site_state()
    output = run_import(V1)
    assert site_state() == before
    for kind in ("Authors", "Sections", "Tags", "Articles", "Comments", "Redirects"):
        assert f"{kind}: 0 created, 0 updated" in output
    assert "skipped 7: unchanged since the last import" in output  # comments


def test_a_newer_export_updates_what_changed_and_adds_what_is_new():
    run_import(V1)
    council = Article.objects.get(slug="council-votes")
    council_pk, old_comment_pks = council.pk, set(Comment.objects.values_list("pk", flat=True))
    output = run_import(V2)
    assert "Articles: 1 created, 1 updated, 2 skipped" in output
    assert "Comments: 1 created, 1 updated, 7 skipped" in output
    council = Article.objects.get(pk=council_pk)
    assert council.headline == "Council votes again"
    assert Article.objects.filter(slug="flood-warning").exists()
    # Dana's reply (11:30) to Cleo (11:00) comes first in the file; Dev's comment was approved.
    assert thread_names(council) == [
        (0, "Cleo"), (1, "Dana"), (0, "Ana"), (1, "Ben"), (2, "Ana"), (0, "Dev"),
    ]  # fmt: skip
    assert old_comment_pks <= set(Comment.objects.values_list("pk", flat=True))
    assert Comment.objects.count() == 8
    assert Comment.objects.get(name="Cleo").nested_count == 1
    before = site_state()
    run_import(V2)
    assert site_state() == before


def test_a_comment_a_moderator_deleted_stays_deleted_on_the_next_run():
    run_import(V1)
    Comment.objects.get(name="Eve").delete()
    output = run_import(V2)
    assert "deleted on this site since the last import" in output
    assert not Comment.objects.filter(name="Eve").exists()


def test_a_dry_run_prints_the_summary_and_writes_nothing():
    output = run_import(V1, "--dry-run")
    assert "Dry run: nothing was written" in output
    assert "Articles: 3 created, 0 updated, 0 skipped" in output
    assert "Comments: 7 created" in output
    assert nothing_stored()


def test_posts_without_a_category_go_to_the_default_section():
    from tests.factories import make_section

    desk = make_section(name="Desk", slug="desk")
    run_import(FIXTURES / "latin1.xml", "--default-section", "desk")
    # latin1.xml's post is in "news"; the default is for posts with none.
    assert Article.objects.get().section.slug == "news"
    assert Section.objects.filter(pk=desk.pk).exists()
    assert Tag.objects.count() == 0
