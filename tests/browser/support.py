"""What the browser tests share: where Chromium and the checkers are, screenshots, logging in,
dropping a file into the editor, and running axe-core and the Nu HTML Checker."""

import base64
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SAVED_HTML = ARTIFACTS / "html"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

PASSWORD = "pw-for-browser-tests-1"

CHROMIUM_MISSING = f"Chromium not found at {CHROMIUM} (install Debian's `chromium` to run them)"


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def standards_missing():
    """Why axe or vnu cannot run here, or "" when both can."""
    missing = []
    if not AXE_JS.exists() or not VNU_JAR.exists():
        missing.append("node_modules has no axe-core/vnu-jar (`make test` installs them with npm)")
    if shutil.which("java") is None:
        missing.append("java is not installed (the Nu HTML Checker needs it)")
    return "; ".join(missing)


def snap(page, name):
    """Save full-page screenshots of `page` at desktop and phone widths."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(size)


def log_in(page, username, password=PASSWORD):
    """Log in through the admin's own login form, as a person would."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def png_bytes(size=(64, 48), color=(30, 90, 160)):
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, "PNG")
    return output.getvalue()


def drop_file(page, selector, *, name, content, mime_type):
    """Drag a file from the desktop onto `selector`: a drop event carrying the file."""
    data_transfer = page.evaluate_handle(
        """([name, b64, type]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type}));
            return transfer;
        }""",
        [name, base64.b64encode(content).decode(), mime_type],
    )
    target = page.locator(selector)
    target.dispatch_event("dragenter", {"dataTransfer": data_transfer})
    target.dispatch_event("dragover", {"dataTransfer": data_transfer})
    target.dispatch_event("drop", {"dataTransfer": data_transfer})


def axe_violations(page):
    """Run axe-core's WCAG A/AA and best-practice rules on the page as it stands."""
    # Evaluated through the DevTools protocol, which the site's CSP does not block (a <script>
    # tag added to the page would be refused, as it should be).
    page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def save_html(name, html):
    SAVED_HTML.mkdir(parents=True, exist_ok=True)
    path = SAVED_HTML / f"{name}.html"
    path.write_bytes(html if isinstance(html, bytes) else html.encode())
    return path


def vnu_errors(paths):
    """The Nu HTML Checker's errors for saved pages, in one JVM start for all of them."""
    result = subprocess.run(  # noqa: S603 - fixed command, our own files
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu gave no JSON:\n{result.stdout}\n{result.stderr}") from None
    return [m for m in messages if m["type"] in {"error", "non-document-error"}]


def describe_vnu(errors):
    return "\n".join(
        f"{Path(e.get('url', '?')).name}:{e.get('lastLine', '?')}: {e['message']}"
        f"  [{e.get('extract', '').strip()[:120]}]"
        for e in errors
    )
