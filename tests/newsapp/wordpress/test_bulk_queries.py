"""The importer writes in bulk: a batch of posts with their comments costs about the same
number of queries whether it holds 10 posts or 100 (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Comment

from .support import run_import, site_state

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Batch Gazette</title><link>https://batch.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>mara</wp:author_login>
<wp:author_display_name>Mara Quill</wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>news</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>News</wp:cat_name></wp:category>
"""
COMMENTS_PER_POST = 4
TAG = '<category domain="post_tag" nicename="floods">Floods</category>'
# What grows with the rows is SQLite's cap of 999 parameters a statement: a few more
# statements per hundred rows of each table, never one per row.
ALLOWANCE = 15


def write_export(path, *, posts, edition=1):
    """An export of `posts` posts, each with a thread of COMMENTS_PER_POST comments listed
    newest first (a reply before its parent). Edition 2 retitles every post and adds a
    reply to each thread; edition 3 also gives every post a new slug and a tag."""
    parts = [HEAD]
    for n in range(1, posts + 1):
        day = f"2021-{1 + n % 12:02d}-{1 + n % 28:02d}"
        title = f"Story {n}" + (" (updated)" if edition > 1 else "")
        slug = f"story-{n}" + ("-revised" if edition > 2 else "")
        parts.append(
            f"<item><title>{title}</title><dc:creator>mara</dc:creator>"
            f"<link>https://batch.example.org/{day.replace('-', '/')}/{slug}/</link>"
            f"<content:encoded><![CDATA[<p>Paragraph of story {n}.</p>"
            f"<blockquote>A quote.</blockquote>]]></content:encoded>"
            f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
            f"<wp:post_id>{n}</wp:post_id><wp:post_date>{day} 10:00:00</wp:post_date>"
            f"<wp:post_date_gmt>{day} 09:00:00</wp:post_date_gmt>"
            f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
            f'<wp:post_type>post</wp:post_type><category domain="category" nicename="news">'
            f"News</category>{TAG if edition > 2 else ''}"
        )
        replies = COMMENTS_PER_POST + (1 if edition > 1 else 0)
        for k in reversed(range(replies)):
            comment_id = n * 100 + k
            parent = n * 100 + k - 1 if k else 0
            parts.append(
                f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                f"<wp:comment_author>Reader {k}</wp:comment_author>"
                f"<wp:comment_author_email>reader{k}@example.net</wp:comment_author_email>"
                f"<wp:comment_date_gmt>{day} 1{k}:00:00</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[Comment {comment_id}.]]></wp:comment_content>"
                f"<wp:comment_approved>1</wp:comment_approved>"
                f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
            )
        parts.append("</item>\n")
    parts.append("</channel></rss>\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def queries_of(path):
    with CaptureQueriesContext(connection) as queries:
        run_import(path)
    return len(queries)


def clear_site():
    from django.contrib.redirects.models import Redirect

    from articles.models import Author, Section, Tag
    from articles.wordpress.models import ImportedItem
    from comments.models import Commenter

    for model in (Comment, Commenter, Article, Author, Section, Tag, Redirect, ImportedItem):
        model.objects.all().delete()


def test_a_first_import_costs_the_same_queries_for_10_posts_as_for_100(tmp_path):
    small = queries_of(write_export(tmp_path / "10.xml", posts=10))
    assert Article.objects.count() == 10
    assert Comment.objects.count() == 10 * COMMENTS_PER_POST
    clear_site()
    large = queries_of(write_export(tmp_path / "100.xml", posts=100))
    assert Article.objects.count() == 100
    assert Comment.objects.count() == 100 * COMMENTS_PER_POST
    # 90 more posts and 360 more comments, far fewer than one query each.
    assert large - small <= ALLOWANCE, (small, large)


def test_a_second_run_and_a_newer_export_cost_the_same_queries_for_10_posts_as_100(tmp_path):
    counts = {}
    for posts in (10, 100):
        clear_site()
        run_import(write_export(tmp_path / f"{posts}.xml", posts=posts))
        before = site_state()
        again = queries_of(tmp_path / f"{posts}.xml")
        assert site_state() == before
        newer = queries_of(write_export(tmp_path / f"{posts}-v2.xml", posts=posts, edition=2))
        counts[posts] = (again, newer)
        assert Article.objects.filter(headline__endswith="(updated)").count() == posts
        assert Comment.objects.count() == posts * (COMMENTS_PER_POST + 1)
    (small_again, small_newer), (large_again, large_newer) = counts[10], counts[100]
    assert large_again - small_again <= ALLOWANCE, counts
    assert large_newer - small_newer <= ALLOWANCE, counts


def test_the_comments_of_a_batch_are_threaded_oldest_first(tmp_path):
    run_import(write_export(tmp_path / "export.xml", posts=3))
    article = Article.objects.get(slug="story-2")
    thread = list(Comment.objects.filter(article=article).order_by("thread", "order"))
    # Listed newest first, each a reply to the one before it.
    assert [comment.text for comment in thread] == [f"Comment {200 + k}." for k in range(4)]
    assert [comment.level for comment in thread] == [0, 1, 2, 3]
    assert [comment.parent_id for comment in thread] == [None] + [c.pk for c in thread[:-1]]


def test_a_newer_export_moving_posts_leaves_redirects_and_updates_tags_and_search(tmp_path, client):
    run_import(write_export(tmp_path / "v1.xml", posts=30))
    article = Article.objects.get(slug="story-7")
    old_url = article.get_absolute_url()
    assert client.get(old_url).status_code == 200
    run_import(write_export(tmp_path / "v3.xml", posts=30, edition=3))
    article.refresh_from_db()
    assert article.slug == "story-7-revised"
    assert article.edit_version == 2
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert list(article.tags.values_list("slug", flat=True)) == ["floods"]
    assert Article.objects.search("updated").count() == 30
    assert Article.objects.search("floods").count() == 30
