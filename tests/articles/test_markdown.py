"""Article Markdown: no body can crash or stall rendering, writers cannot take the page's own
element ids, and headings get anchors readers can link to."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from articles.markdown import BODY_MAX_LENGTH, render_markdown
from articles.models import Article
from tests.factories import article_form, make_article, make_section, make_user

from .pathological_markdown import pathological_cases

CASES = pathological_cases(BODY_MAX_LENGTH)


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_markdown_renders_at_full_length(name):
    """Timings are printed by tests/benchmarks/bench_markdown.py; here: no exception, and the
    HTML stays in proportion to the text."""
    html = render_markdown(CASES[name])
    assert isinstance(html, str)
    assert len(html) < 16 * BODY_MAX_LENGTH


@pytest.mark.django_db
def test_the_outside_tests_inputs_render_in_the_preview(client):
    client.force_login(make_user("wendy", group="Writer"))
    for body in ["a\n: b\n" * 500, "[" * 12000, "![" * 6000, "[a](" * 3000, "<a " * 4000]:
        response = client.post("/editor/markdownify/", {"content": body})
        assert response.status_code == 200


@pytest.mark.django_db
def test_a_body_over_the_limit_is_refused_with_the_text_kept(client):
    client.force_login(make_user("eddie", group="Editor"))
    section = make_section()
    body = "word " * (BODY_MAX_LENGTH // 5) + "too long"
    response = client.post(reverse("admin:articles_article_add"), article_form(section, body=body))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"at most {BODY_MAX_LENGTH:,}".replace(",", "") in html.replace(",", "")
    assert "too long</textarea>" in html
    assert not Article.objects.exists()


class TestIds:
    def ids(self, body):
        return re.findall(r'id="([^"]*)"', render_markdown(body))

    def test_headings_get_prefixed_unique_anchors(self):
        body = "# The talks\n\n## The talks\n\n### Who pays?\n\n#### Ça coûte\n\n## مياه"
        assert self.ids(body) == [
            "heading-the-talks",
            "heading-the-talks-1",
            "heading-who-pays",
            "heading-ça-coûte",
            "heading-مياه",
        ]

    def test_many_equal_headings_stay_unique(self):
        ids = self.ids("## a\n\n## a-1\n\n" + "## a\n\n" * 50)
        assert len(ids) == len(set(ids)) == 52

    @pytest.mark.parametrize(
        "body",
        [
            "## Intro {: #comment-form }",
            '<h2 id="comment-form">Intro</h2>',
            '<p id="comments">x</p>',
            '<a id="main" href="https://example.org/">x</a>',
            '<li id="comment-12">x</li>',
        ],
    )
    def test_writers_cannot_set_the_pages_own_ids(self, body):
        for element_id in self.ids(body):
            assert element_id.startswith(("heading-", "fn-", "fnref-")), element_id

    def test_footnotes_link_both_ways(self):
        html = render_markdown("A claim.[^1]\n\n[^1]: The source.")
        assert 'href="#fn-1"' in html and 'id="fn-1"' in html
        assert 'href="#fnref-1"' in html and 'id="fnref-1"' in html

    @pytest.mark.django_db
    def test_the_article_page_has_one_comment_form_id(self, client):
        article = make_article(body='## Intro {: #comment-form }\n\n<h2 id="comment-form">x</h2>')
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.count('id="comment-form"') == 1
        assert 'id="heading-intro-comment-form"' in html


def test_journalism_markup_renders_as_before():
    html = render_markdown(
        '> "We will not sign," the minister said -- twice...\n\n'
        "| Country | Share |\n|---|---|\n| Verin | 40% |\n\n"
        "Term\n: Its definition\n\n~~old figure~~ new figure\n\n1. one\n2. two\n"
    )
    assert "<blockquote>" in html
    assert "\u201cWe will not sign,\u201d" in html  # typographic quotes
    assert "\u2013 twice\u2026" in html
    assert "<table>" in html and "<th>Country</th>" in html
    assert "<dt>Term</dt>" in html and "<dd>Its definition</dd>" in html
    assert "<s>old figure</s>" in html
    assert "<ol>" in html


def test_ordinary_raw_html_renders_but_html_nested_too_deep_shows_as_text():
    figure = render_markdown(
        '<figure><img src="/media/a.jpg" alt="Talks"><figcaption>The talks</figcaption></figure>'
    )
    assert "<figure><img" in figure and "<figcaption>The talks</figcaption>" in figure

    deep = render_markdown("<div>" * 5000 + "text" + "</div>" * 5000)
    assert "<div>" not in deep
    assert "&lt;div&gt;" in deep and "text" in deep


@pytest.mark.django_db
def test_stored_bodies_are_rendered_again_by_the_migration():
    article = make_article(body="## The talks\n\nText.")
    Article.objects.filter(pk=article.pk).update(body_html="<h2>The talks</h2><p>Text.</p>")
    migration = importlib.import_module("articles.migrations.0005_rerender_bodies_with_markdown_it")
    migration.rerender_bodies(apps, None)
    article.refresh_from_db()
    assert article.body_html == render_markdown(article.body)
    assert 'id="heading-the-talks"' in article.body_html
