"""WordPress post HTML to the Markdown of an article body.

WordPress stores classic posts as "autop" HTML (bare paragraphs separated by blank lines,
turned into <p> only when shown), with shortcodes such as [caption], [gallery] and [embed];
block-editor posts as HTML wrapped in <!-- wp:... --> comments. Both become Markdown that
editors keep editing in the newsroom's editor: headings, lists, links, block quotes,
emphasis, code and simple tables as Markdown; images as Markdown images (our own uploads then
render as responsive pictures); a captioned image as a small <figure> around its Markdown
image. Tables Markdown cannot express (merged cells, lists or paragraphs in cells) stay as
one line of sanitized HTML, which the body's allowlist renders as it did. What the allowlist
would drop (embedded players, iframes, scripts, forms) becomes a link to what it showed.
"""

import re
from bisect import bisect_left
from html import escape
from html.parser import HTMLParser

import nh3
from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

from articles.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->")
SPECIAL_COMMENT = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b[^>]*?-->")
SHORTCODE_OPENING = re.compile(
    r"\[(caption|wp_caption|gallery|embed|audio|video|playlist)\b([^\[\]]{0,2000})\]"
)
ENCLOSING_SHORTCODES = ("caption", "wp_caption", "embed", "audio", "video")
SHORTCODE_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
BLOCK_TAGS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|"
    r"form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|"
    r"article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
OPENING_BLOCK = re.compile(rf"(<{BLOCK_TAGS}[\s/>])", re.IGNORECASE)
CLOSING_BLOCK = re.compile(rf"(</{BLOCK_TAGS}>)", re.IGNORECASE)
PRE_BLOCK = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
BARE_URL_PARAGRAPH = re.compile(r"<p>\s*(https?://[^\s<>\"']+)\s*</p>")
HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
# Deeper than this, an HTML parser's and a converter's recursion would be at risk: such a
# body is kept as its text, paragraph by paragraph.
MAX_DEPTH = 100
MEDIA_ELEMENTS = ("iframe", "video", "audio", "embed", "object")
DROPPED_ELEMENTS = ["script", "style", "noscript", "form", "input", "button", "select", "textarea"]
LINE_START_MARKER = re.compile(r"^(\s*)(#|[-+>]|\d{1,9}[.)])(?=\s|$)")


def html_to_markdown(html, *, resolve_url, gallery=None):
    """The Markdown body for WordPress post content `html`.

    `resolve_url(url)` gives the address to use for an image or link (our copy of an
    uploaded image, a path on this site for a link to the old site) or the url unchanged.
    `gallery(ids)` gives the (src, alt, caption) of the images a [gallery] shows: the listed
    attachment ids, or with None those attached to the post.
    """
    html = html or ""
    has_blocks = "<!-- wp:" in html
    html = SPECIAL_COMMENT.sub("", BLOCK_COMMENT.sub("", html))
    html = _expand_shortcodes(html, gallery=gallery or (lambda ids: []))
    if not has_blocks:
        html = autop(html)
    html = BARE_URL_PARAGRAPH.sub(lambda m: f'<p><a href="{m[1]}">{m[1]}</a></p>', html)
    if _too_deep(html):
        return _plain_paragraphs(html)
    markdown = BodyConverter(resolve_url=resolve_url).convert(html)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def _too_deep(html):
    depth = 0
    for match in HTML_TAG.finditer(html):
        if match[2].lower() in VOID_ELEMENTS:
            continue
        depth += -1 if match[1] else 1
        if depth > MAX_DEPTH:
            return True
    return False


def _plain_paragraphs(html):
    text = BeautifulSoup(html, "html.parser").get_text("\n")
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(_escape_text(part) for part in paragraphs if part) + "\n"


def shortcode_attributes(text):
    attributes = {}
    for match in SHORTCODE_ATTRIBUTE.finditer(text):
        attributes[match[1].lower()] = next(v for v in match.groups()[1:] if v is not None)
    return attributes


def _expand_shortcodes(html, *, gallery):
    """Replace the shortcodes WordPress would have expanded when showing the post. Closing
    tags are looked up by position (bisect), so unclosed shortcodes cost no rescans."""
    closings = {
        name: [m.start() for m in re.finditer(re.escape(f"[/{name}]"), html)]
        for name in ENCLOSING_SHORTCODES
    }
    parts, position = [], 0
    for match in SHORTCODE_OPENING.finditer(html):
        if match.start() < position:
            continue
        name, attributes = match[1], shortcode_attributes(match[2])
        end, inner = match.end(), ""
        if name in closings:
            found = closings[name]
            index = bisect_left(found, match.end())
            if index < len(found):
                inner = html[match.end() : found[index]]
                end = found[index] + len(name) + 3
        parts.append(html[position : match.start()])
        parts.append(_shortcode_html(name, attributes, inner, gallery))
        position = end
    parts.append(html[position:])
    return "".join(parts)


def _shortcode_html(name, attributes, inner, gallery):
    if name in ("caption", "wp_caption"):
        soup = BeautifulSoup(inner, "html.parser")
        image = soup.find("img")
        if image is None:
            return inner
        media = image.find_parent("a") or image
        media.extract()
        caption = attributes.get("caption") or soup.decode()
        return f"\n\n<figure>{media}<figcaption>{caption.strip()}</figcaption></figure>\n\n"
    if name == "gallery":
        ids = [int(part) for part in re.findall(r"\d+", attributes.get("ids", ""))] or None
        figures = []
        for src, alt, caption in gallery(ids):
            image = f'<img src="{escape(src)}" alt="{escape(alt)}">'
            if caption:
                figures.append(
                    f"<figure>{image}<figcaption>{escape(caption)}</figcaption></figure>"
                )
            else:
                figures.append(f"<p>{image}</p>")
        return "\n\n" + "\n\n".join(figures) + "\n\n"
    url = (inner.strip() if name == "embed" else "") or attributes.get("src", "")
    if not url:
        url = next((attributes[key] for key in ("mp4", "mp3", "webm", "ogg", "m4a", "wav")
                    if key in attributes), "")  # fmt: skip
    if not url.startswith(("http://", "https://")):
        return ""
    return f'\n\n<p><a href="{escape(url)}">{escape(url)}</a></p>\n\n'


def autop(html):
    """WordPress's wpautop, in short: blank lines separate paragraphs, a single newline in
    a paragraph is a line break, block elements are not wrapped; <pre> is left as it is."""
    kept = []

    def keep(match):
        kept.append(match[0])
        return f"\x00pre{len(kept) - 1}\x00"

    html = PRE_BLOCK.sub(keep, html.replace("\r\n", "\n").replace("\r", "\n"))
    html = OPENING_BLOCK.sub(r"\n\n\1", html)
    html = CLOSING_BLOCK.sub(r"\1\n\n", html)
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", html):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("\x00pre"):
            paragraphs.append(chunk)
            continue
        chunk = re.sub(r"\s*\n\s*", "<br />\n", chunk)
        paragraphs.append(f"<p>{chunk}</p>")
    html = "\n".join(paragraphs)
    html = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", html, flags=re.IGNORECASE)
    html = re.sub(r"</blockquote></p>", "</p></blockquote>", html, flags=re.IGNORECASE)
    html = re.sub(rf"<p>\s*(</?{BLOCK_TAGS}[^>]*>)\s*</p>", r"\1", html, flags=re.IGNORECASE)
    html = re.sub(rf"<p>\s*(</?{BLOCK_TAGS}[^>]*>)", r"\1", html, flags=re.IGNORECASE)
    html = re.sub(rf"(</?{BLOCK_TAGS}[^>]*>)\s*</p>", r"\1", html, flags=re.IGNORECASE)
    html = re.sub(rf"(</?{BLOCK_TAGS}[^>]*>)\s*<br />", r"\1", html, flags=re.IGNORECASE)
    html = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)",
        r"\1",
        html,
        flags=re.IGNORECASE,
    )
    html = re.sub(r"<p>\s*</p>", "", html)
    return re.sub(r"\x00pre(\d+)\x00", lambda m: kept[int(m[1])], html)


def _escape_text(text):
    """Text that reads as itself in Markdown: what would start a list, heading or quote at
    the start of a line, raw HTML, an entity, a link or code is backslash-escaped."""
    text = re.sub(r"([\\`\[\]*])", r"\\\1", text)
    text = re.sub(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)|(?<!\w)_|_(?!\w)", lambda m: "\\" + m[0], text)
    return LINE_START_MARKER.sub(lambda m: m[1] + "\\" + m[2], text)


def _sanitized_html(html):
    """`html` through the body's allowlist, on one line (one Markdown HTML block)."""
    html = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES
    )
    return " ".join(html.split())


def _sanitized_inline_html(element):
    return _sanitized_html(element.decode_contents())


class BodyConverter(MarkdownConverter):
    """markdownify's converter with the choices above."""

    def __init__(self, *, resolve_url, **options):
        self.resolve_url = resolve_url
        super().__init__(
            heading_style="ATX",
            bullets="-",
            newline_style="backslash",
            escape_asterisks=False,
            escape_underscores=False,
            strip=DROPPED_ELEMENTS,
            **options,
        )

    def escape(self, text, parent_tags):
        if not text:
            return ""
        return _escape_text(text)

    def convert_soup(self, soup):
        for element in soup.find_all(DROPPED_ELEMENTS):
            element.decompose()
        for element in soup.find_all(MEDIA_ELEMENTS):
            url = element.get("src") or element.get("data")
            if not url:
                source = element.find("source")
                url = source.get("src") if source else ""
            if url and url.startswith(("http://", "https://")):
                paragraph = soup.new_tag("p")
                link = soup.new_tag("a", href=url)
                link.string = url
                paragraph.append(link)
                element.replace_with(paragraph)
            else:
                element.decompose()
        return super().convert_soup(soup)

    def convert_img(self, el, text, parent_tags):
        src = el.get("src") or ""
        if not src:
            return ""
        src = self.resolve_url(src)
        alt = _escape_text(" ".join((el.get("alt") or "").split()))
        title = " ".join((el.get("title") or "").split()).replace('"', r"\"")
        title_part = f' "{title}"' if title and title != el.get("alt") else ""
        return f"![{alt}]({_link_destination(src)}{title_part})"

    def convert_a(self, el, text, parent_tags):
        href = el.get("href") or ""
        if not href or href.startswith("#") or not text.strip():
            return text
        href = self.resolve_url(href)
        title = " ".join((el.get("title") or "").split()).replace('"', r"\"")
        title_part = f' "{title}"' if title else ""
        return f"[{text.strip()}]({_link_destination(href)}{title_part})"

    def convert_figure(self, el, text, parent_tags):
        image = el.find("img")
        direct_figures = el.find_all("figure", recursive=False)
        if image is None or direct_figures or el.find(["table", "blockquote"]):
            caption = el.find("figcaption", recursive=False)
            return f"\n\n{text}\n\n" if caption is None else f"\n\n{text}\n\n"
        media = image.find_parent("a") if image.find_parent("a") in el.descendants else None
        markdown = self.process_tag(media or image, parent_tags=set(parent_tags))
        caption = el.find("figcaption")
        if caption is None or not caption.get_text(strip=True):
            return f"\n\n{markdown.strip()}\n\n"
        caption_html = _sanitized_inline_html(caption)
        return (
            f"\n\n<figure>\n\n{markdown.strip()}\n\n<figcaption>{caption_html}</figcaption>\n"
            "</figure>\n\n"
        )

    def convert_figcaption(self, el, text, parent_tags):
        # Outside an image figure (a table's or a quote's caption): a paragraph of its own.
        return f"\n\n{text.strip()}\n\n" if text.strip() else ""

    def convert_table(self, el, text, parent_tags):
        complex_cell = el.find(["td", "th"], attrs={"colspan": True}) or el.find(
            ["td", "th"], attrs={"rowspan": True}
        )
        block_in_cell = any(
            cell.find(["p", "ul", "ol", "table", "blockquote", "pre", "br", "div"])
            for cell in el.find_all(["td", "th"])
        )
        if complex_cell or block_in_cell or not el.find("tr"):
            return f"\n\n{_sanitized_html(str(el))}\n\n"
        return super().convert_table(el, text, parent_tags)

    def convert_div(self, el, text, parent_tags):
        return f"\n\n{text.strip()}\n\n" if text.strip() else ""

    convert_section = convert_article = convert_aside = convert_header = convert_footer = (
        convert_div
    )

    def convert_cite(self, el, text, parent_tags):
        return f"*{text.strip()}*" if text.strip() else ""


def _link_destination(url):
    url = url.strip()
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


COMMENT_BLOCKS = {"p", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table",
                  "tr", "dl", "dt", "dd", "ul", "ol", "div"}  # fmt: skip


class _CommentText(HTMLParser):
    """Collects the text of comment HTML in one pass: blocks as paragraphs, <br> as a line
    break, a link as its words and then its address, scripts and styles dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self.skipping = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in COMMENT_BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in COMMENT_BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            words = "".join(self.parts[start:])
            if href and href not in words:
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def comment_text(html):
    """WordPress comment HTML as the plain text newsapp comments are written in: paragraphs
    and line breaks kept, a link as its words followed by its address."""
    html = (html or "").replace("\r\n", "\n").replace("\r", "\n")
    if "<" in html or "&" in html:
        parser = _CommentText()
        parser.feed(re.sub(r"\n\s*\n", "<p>", html))
        parser.close()
        html = "".join(parser.parts)
    paragraphs = [
        "\n".join(" ".join(line.split()) for line in part.strip().split("\n"))
        for part in re.split(r"\n\s*\n", html)
    ]
    return "\n\n".join(part for part in paragraphs if part.strip())
