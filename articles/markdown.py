"""Markdown to safe HTML, used for the published body and for the editor's live preview.

markdown-it-py parses CommonMark (plus tables, strikethrough, footnotes and definition lists)
in time linear in the text and with bounded nesting, so no body can crash or stall a worker.
Its output, like any raw HTML a writer types, then goes through an nh3 allowlist: markdownx's
own renderer passes raw HTML and `javascript:` links through (CVE-2024-2319).
"""

import re

import nh3
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core.smartquotes import process_inlines
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .body_images import BODY_IMAGE_SIZES, body_image, is_body_srcset

# A body this long is a book chapter; the editor and the model both refuse longer ones.
BODY_MAX_LENGTH = 100_000

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "li", "ol", "p", "picture", "pre", "q", "s", "small", "source", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "source": {"type", "srcset", "sizes"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "li": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# markdown-it's quote matching is quadratic in the quote marks of a paragraph; past this many,
# a paragraph keeps its straight quotes rather than stall a worker.
QUOTES_PER_PARAGRAPH = 200
HEADING_ID_PREFIX = "heading-"
# The only ids a body may carry: the heading anchors and footnote links made here. The page's
# own ids (comment-form, comments, main…) can never be taken by a writer.
BODY_ID = re.compile(rf"{HEADING_ID_PREFIX}[\w-]+|fn-\d+|fnref-\d+")


# nh3's HTML parser slows down with the square of the nesting depth, so a body whose raw HTML
# opens more elements than this without closing them shows that HTML as text instead.
MAX_HTML_DEPTH = 200
HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


def _html_too_deep(text):
    depth = 0
    for match in HTML_TAG.finditer(text):
        if match[2].lower() in VOID_ELEMENTS:
            continue
        depth += -1 if match[1] else 1
        if depth > MAX_HTML_DEPTH:
            return True
    return False


# The responsive-image attributes pass only with the values `_image` writes for our own
# uploads: a writer's raw HTML cannot point a srcset elsewhere or hint the browser oddly.
RESPONSIVE_IMAGE_VALUES = {
    "sizes": BODY_IMAGE_SIZES.__eq__,
    "loading": "lazy".__eq__,
    "decoding": "async".__eq__,
    "type": "image/webp".__eq__,
    "srcset": is_body_srcset,
}


def _keep_attribute(element, attribute, value):
    if attribute == "id" and not BODY_ID.fullmatch(value):
        return None
    if element in {"img", "source"} and attribute in RESPONSIVE_IMAGE_VALUES:
        return value if RESPONSIVE_IMAGE_VALUES[attribute](value) else None
    return value


def _headings(state):
    """The headline is the page's only <h1>, so "# heading" becomes <h2> like "##" (the other
    levels stay, so a body written with "##" sections keeps its outline); h2-h4 get an id that
    readers can link to, unique in the body and always prefixed."""
    taken = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if not token.type.startswith("heading_"):
            continue
        if token.tag == "h1":
            token.tag = "h2"
        if token.type != "heading_open" or token.tag not in {"h2", "h3", "h4"}:
            continue
        words = "".join(
            child.content
            for child in tokens[index + 1].children or []
            if child.type in {"text", "code_inline"}
        )
        base = HEADING_ID_PREFIX + (slugify(words[:80], allow_unicode=True) or "part")
        # A count per base keeps many equal headings linear (no scan for a free number).
        count = taken.get(base, 0)
        slug = base if count == 0 else f"{base}-{count}"
        while slug in taken:
            count += 1
            slug = f"{base}-{count}"
        taken[base] = count + 1
        taken.setdefault(slug, 1)
        token.attrSet("id", slug)


def _smart_quotes(state):
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        quotes = token.content.count('"') + token.content.count("'")
        if 0 < quotes <= QUOTES_PER_PARAGRAPH:
            process_inlines(token.children, state)


def _footnote_anchor_name(self, tokens, index, options, env):
    return f"-{tokens[index].meta['id'] + 1}"


def _footnote_ref(self, tokens, index, options, env):
    """A reference to a note; only its first use gets an id for the note to link back to, so
    a note cited many times costs one back-link, not one per citation."""
    number = tokens[index].meta["id"] + 1
    first = tokens[index].meta.get("subId", 0) == 0
    back = f' id="fnref-{number}"' if first else ""
    return f'<sup><a href="#fn-{number}"{back}>[{number}]</a></sup>'


def _footnote_anchor(self, tokens, index, options, env):
    if tokens[index].meta.get("subId", 0) > 0:
        return ""
    return f' <a href="#fnref-{tokens[index].meta["id"] + 1}">\u21a9\ufe0e</a>'


def _image(self, tokens, index, options, env):
    """An editor upload with renditions becomes a responsive <picture>; any other image
    stays as written."""
    token = tokens[index]
    picture = body_image(token.attrGet("src") or "")
    if picture is None:
        return self.image(tokens, index, options, env)
    alt = escapeHtml(self.renderInlineAsText(token.children or [], options, env))
    title = token.attrGet("title")
    title_attribute = f' title="{escapeHtml(title)}"' if title else ""
    return (
        f'<picture><source type="image/webp" srcset="{picture.webp_srcset}" '
        f'sizes="{BODY_IMAGE_SIZES}">'
        f'<img src="{picture.src}" srcset="{picture.fallback_srcset}" sizes="{BODY_IMAGE_SIZES}" '
        f'alt="{alt}"{title_attribute} width="{picture.width}" height="{picture.height}" '
        'loading="lazy" decoding="async"></picture>'
    )


def _parser(*, html):
    parser = (
        MarkdownIt("commonmark", {"html": html, "typographer": True})
        .enable(["table", "strikethrough", "replacements", "smartquotes"])
        .use(footnote_plugin)
        .use(deflist_plugin)
    )
    # Every link goes through as written: nh3 alone decides which URL schemes survive (as it
    # must for raw HTML anyway), so a refused link keeps its words instead of showing as
    # literal Markdown.
    parser.validateLink = lambda url: True
    parser.core.ruler.at("smartquotes", _smart_quotes)
    parser.core.ruler.push("headings", _headings)
    parser.add_render_rule("footnote_anchor_name", _footnote_anchor_name)
    parser.add_render_rule("footnote_ref", _footnote_ref)
    parser.add_render_rule("footnote_anchor", _footnote_anchor)
    parser.add_render_rule("image", _image)
    return parser


PARSER = _parser(html=True)
PARSER_WITHOUT_HTML = _parser(html=False)


def render_markdown(text):
    """Render Markdown `text` to HTML that is safe to show to readers."""
    text = (text or "")[:BODY_MAX_LENGTH]
    parser = PARSER_WITHOUT_HTML if _html_too_deep(text) else PARSER
    html = parser.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def plain_text_word_count(text):
    return len((text or "").split())
