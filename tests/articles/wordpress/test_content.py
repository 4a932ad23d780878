"""WordPress post HTML becomes Markdown that renders as it did and stays editable."""

from articles.markdown import render_markdown
from articles.wordpress.content import autop, comment_text, html_to_markdown


def convert(html, **options):
    options.setdefault("resolve_url", lambda url: url)
    return html_to_markdown(html, **options)


def test_autop_paragraphs_and_line_breaks_as_wordpress_shows_them():
    markdown = convert("First line\nsame paragraph.\n\nSecond paragraph.")
    assert markdown == "First line\\\nsame paragraph.\n\nSecond paragraph.\n"
    assert render_markdown(markdown).count("<p>") == 2
    assert autop("<blockquote>Stay hungry.\n\nStay foolish.</blockquote>") == (
        "<blockquote><p>Stay hungry.</p>\n<p>Stay foolish.</p></blockquote>"
    )


def test_block_editor_comments_and_more_tags_go_away():
    html = (
        "<!-- wp:paragraph -->\n<p>Intro.</p>\n<!-- /wp:paragraph -->\n<!--more-->\n"
        '<!-- wp:quote {"className":"is-style-large"} -->\n<blockquote class="wp-block-quote">'
        "<p>Quoted.</p><cite>Someone</cite></blockquote>\n<!-- /wp:quote -->"
    )
    markdown = convert(html)
    assert "<!--" not in markdown
    assert "> Quoted." in markdown
    assert "<blockquote>" in render_markdown(markdown)


def test_captions_become_figures_with_an_editable_image():
    html = (
        '[caption id="attachment_1" width="300"]<a href="https://old.example/a.jpg">'
        '<img src="https://old.example/a-300x200.jpg" alt="A boat" /></a> A <em>small</em> '
        "boat.[/caption]"
    )
    markdown = convert(html, resolve_url=lambda url: url.replace("https://old.example", "/new"))
    assert "![A boat](/new/a-300x200.jpg)" in markdown
    assert "<figcaption>A <em>small</em> boat.</figcaption>" in markdown
    html = render_markdown(markdown)
    assert html.startswith("<figure>") and "<figcaption>A <em>small</em> boat." in html
    old_style = convert(
        '[caption caption="Old style"]<img src="https://x.example/b.jpg">[/caption]'
    )
    assert "<figcaption>Old style</figcaption>" in old_style


def test_galleries_embeds_and_players_keep_what_they_showed():
    def gallery(ids):
        assert ids == [4, 5]
        return [("/m/4.jpg", "Four", "The fourth"), ("/m/5.jpg", "Five", "")]

    markdown = convert('[gallery ids="4,5"]', gallery=gallery)
    assert "![Four](/m/4.jpg)" in markdown and "![Five](/m/5.jpg)" in markdown
    assert "<figcaption>The fourth</figcaption>" in markdown
    assert "[https://youtu.be/x](https://youtu.be/x)" in convert(
        "[embed]https://youtu.be/x[/embed]"
    )
    assert "[https://youtu.be/y](https://youtu.be/y)" in convert("https://youtu.be/y")
    iframe = convert('<iframe src="https://player.example/v/1"></iframe>')
    assert "[https://player.example/v/1](https://player.example/v/1)" in iframe
    assert "script" not in convert("<script>alert(1)</script><p>Text</p>")


def test_simple_tables_become_markdown_and_merged_cells_stay_html():
    simple = convert("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>")
    assert "| A | B |" in simple and "| 1 | 2 |" in simple
    assert "<table>" in render_markdown(simple)
    merged = convert(
        '<table><tr><td colspan="2">Both</td></tr><tr><td>1</td><td>2</td></tr></table>'
    )
    assert merged.strip().startswith("<table>") and "\n" not in merged.strip()
    assert '<td colspan="2">Both</td>' in render_markdown(merged)


def test_text_that_looks_like_markup_reads_as_itself():
    markdown = convert("<p>1. not a list, &lt;b&gt; not bold, *not em*, [not a link](x)</p>")
    html = render_markdown(markdown)
    assert "<ol>" not in html and "<b>" not in html and "<em>" not in html
    assert "1. not a list, &lt;b&gt; not bold, *not em*, [not a link](x)" in html


def test_html_nested_too_deep_is_kept_as_its_text():
    html = "<div>" * 5000 + "Deep words" + "</div>" * 5000
    assert convert(html) == "Deep words\n"


def test_comment_html_becomes_plain_text_with_link_addresses():
    text = comment_text('<p>See <a href="https://example.org/x">this</a>.</p>\n\nThanks<br>Ana')
    assert text == "See this (https://example.org/x).\n\nThanks\nAna"
