"""Take the README's screenshots (docs/screenshots/) from a running site with demo content.

    make run                                   # in one terminal (demo content, admin account)
    .venv/bin/python tests/browser/readme_screenshots.py [http://127.0.0.1:8000]

Logs into the admin as `admin` with ADMIN_PASSWORD or var/admin-password.txt. Uses Debian's
Chromium like the browser tests.
"""

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def admin_password():
    if os.environ.get("ADMIN_PASSWORD"):
        return os.environ["ADMIN_PASSWORD"]
    return (ROOT / "var" / "admin-password.txt").read_text().strip()


def main(base_url):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=base_url, viewport=DESKTOP)
        page.goto("/")
        page.screenshot(path=OUT / "home.png")

        # The most-discussed story on the front page.
        counts = page.locator(".card a", has_text=re.compile(r"^\d+ comments?$"))
        busiest = max(counts.all(), key=lambda link: int(link.inner_text().split()[0]))
        article_url = busiest.get_attribute("href").split("#")[0]
        page.goto(article_url)
        headline = page.get_by_role("heading", level=1).inner_text()
        page.screenshot(path=OUT / "article.png")
        page.evaluate("document.getElementById('comments').scrollIntoView()")
        page.screenshot(path=OUT / "article-comments.png")

        phone = browser.new_page(base_url=base_url, viewport=PHONE, is_mobile=True)
        phone.goto(article_url)
        phone.screenshot(path=OUT / "article-phone.png")

        page.set_viewport_size({"width": 1600, "height": 1000})  # the admin's tables need room
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill(admin_password())
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/admin/")
        page.get_by_role("link", name="Comments awaiting moderation").click()
        page.locator("#toggle-nav-sidebar").click()  # room for the list, the editor, the preview
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=OUT / "admin-queue.png")
        page.goto("/admin/articles/article/")
        page.get_by_role("link", name=headline, exact=True).click()
        page.locator(".markdownx-preview p").first.wait_for()
        page.evaluate("document.querySelector('.field-standfirst').scrollIntoView()")
        page.screenshot(path=OUT / "admin-editor.png")
        browser.close()
    for path in sorted(OUT.glob("*.png")):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
