"""Running `manage.py import_wordpress` on the fixtures, and what a run left behind."""

import io
from pathlib import Path

from django.contrib.redirects.models import Redirect
from django.core.management import call_command

from articles.models import Article, Author, Section, Tag
from articles.wordpress.models import ImportedItem
from comments.models import Comment, Commenter

FIXTURES = Path(__file__).parent / "fixtures"
THEME_EXPORT = FIXTURES / "themeunittestdata.wordpress.xml"


def run_import(path, *args):
    """The command's output for importing `path`."""
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def site_state():
    """Every imported row and the fields an import writes, to compare two runs by."""
    return {
        "articles": sorted(
            Article.objects.values_list(
                "pk", "headline", "slug", "status", "publish_at", "updated_at", "body_html",
                "section_id", "is_lead", "standfirst",
            )
        ),
        "article_tags": sorted(Article.tags.through.objects.values_list("article_id", "tag_id")),
        "authors": sorted(Author.objects.values_list("pk", "name", "slug", "bio")),
        "sections": sorted(Section.objects.values_list("pk", "name", "slug")),
        "tags": sorted(Tag.objects.values_list("pk", "name", "slug")),
        "comments": sorted(
            Comment.objects.values_list(
                "pk", "article_id", "parent_id", "thread_id", "level", "order", "nested_count",
                "name", "email", "text", "status", "created_at",
            )
        ),
        "commenters": sorted(Commenter.objects.values_list("email", "approved_count")),
        "redirects": sorted(Redirect.objects.values_list("old_path", "new_path")),
        "imported": sorted(
            ImportedItem.objects.values_list("kind", "wp_id", "object_id", "fingerprint")
        ),
    }  # fmt: skip


def nothing_stored():
    return not any(
        model.objects.exists()
        for model in (Article, Author, Section, Tag, Comment, Redirect, ImportedItem)
    )
