"""Draw how an article's share card looks (docs/share-card.png) from a running site.

    make run                                              # in one terminal (demo content)
    .venv/bin/python tests/browser/share_card_preview.py [http://127.0.0.1:8000] [article path]

Reads the article's OpenGraph tags as a social site would (extruct), lays them out as a large
image card (title, description, site) in a page served by the site itself, and takes a
screenshot with Debian's Chromium. Without an article path it takes the home page's lead story.
"""

import base64
import html
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import extruct
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "share-card.png"
CARD_STYLE = """
body { margin: 0; padding: 24px; background: #f0f2f5; font-family: system-ui, sans-serif; }
.card { width: 524px; border: 1px solid #dadde1; background: #fff; }
.card img { display: block; width: 524px; height: 274px; object-fit: cover; }
.card .text { padding: 10px 12px; background: #f2f3f5; border-top: 1px solid #dadde1; }
.site { color: #606770; font-size: 12px; text-transform: uppercase; }
.title { color: #1d2129; font-size: 16px; font-weight: 600; margin: 4px 0; }
.description { color: #606770; font-size: 14px; margin: 0; }
"""


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own site)
        return response.read(), response.headers.get_content_type()


def share_tags(url):
    page, _ = fetch(url)
    found = extruct.extract(page.decode(), base_url=url, syntaxes=["opengraph"], uniform=False)
    return dict(pair for block in found["opengraph"] for pair in block["properties"])


def card_html(tags, base_url):
    # Fetched from the running site, whatever SITE_URL says, and inlined: the site's
    # Cross-Origin-Resource-Policy keeps its images off other pages, this one included.
    content, mime_type = fetch(urljoin(base_url, urlsplit(tags["og:image"]).path))
    image = f"data:{mime_type};base64,{base64.b64encode(content).decode()}"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Share card</title><style>{CARD_STYLE}</style></head><body>
<div class="card"><img src="{html.escape(image)}" alt="{html.escape(tags.get("og:image:alt", ""))}">
<div class="text"><div class="site">{html.escape(urlsplit(tags["og:url"]).hostname or "")}</div>
<div class="title">{html.escape(tags["og:title"])}</div>
<p class="description">{html.escape(tags.get("og:description", ""))}</p></div></div>
</body></html>"""


def main(base_url, article_path=None):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 572, "height": 420})
        if article_path is None:
            page.goto(base_url)
            article_path = page.locator(".lead-story a").first.get_attribute("href")
        tags = share_tags(urljoin(base_url, article_path))
        page.goto("about:blank")  # off the site, whose CSP refuses the card's inline style
        page.set_content(card_html(tags, base_url), wait_until="networkidle")
        page.locator(".card").screenshot(path=OUT)
        browser.close()
    print(f"{OUT.relative_to(ROOT)}: {tags['og:title']}")


if __name__ == "__main__":
    main(*(sys.argv[1:] or ["http://127.0.0.1:8000"]))
