"""End-to-end tests in Debian's Chromium, driven by Playwright against Django's live server.

Without /usr/bin/chromium the folder is skipped with a plain message, so a newcomer without root
still gets a green run of everything else; under CI=true it fails instead, because CI must
never skip it. The same goes for the standards checkers (axe-core and vnu-jar from npm, Java).
"""

import os
from datetime import timedelta
from types import SimpleNamespace

import pytest

from . import support

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are ordinary blocking calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = os.path.dirname(__file__)


def _is_browser_test(item):
    return str(item.path).startswith(HERE + os.sep)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if _is_browser_test(item)]
    if not browser_items:
        return
    # Last: they are the slowest, and their flushed database must not be seen by other tests.
    items[:] = [item for item in items if not _is_browser_test(item)] + browser_items
    chromium_missing = not support.CHROMIUM.exists() and not support.in_ci()
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if chromium_missing:
            item.add_marker(pytest.mark.skip(reason=support.CHROMIUM_MISSING))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    reasons = set()
    for report in terminalreporter.stats.get("skipped", []):
        if report.nodeid.startswith("tests/browser/") and isinstance(report.longrepr, tuple):
            reasons.add(report.longrepr[2].removeprefix("Skipped: "))
    if support.CHROMIUM_MISSING in reasons:
        terminalreporter.write_line(f"Browser tests SKIPPED: {support.CHROMIUM_MISSING}", red=True)
        reasons.discard(support.CHROMIUM_MISSING)
    for reason in sorted(reasons):
        if reason.startswith("Standards checks"):
            terminalreporter.write_line(f"{reason}", red=True)


def _missing(reason, *, what):
    """Skip with `reason`, or fail under CI=true, where nothing may be skipped."""
    if support.in_ci():
        pytest.fail(f"CI=true and {reason}: CI must run {what}.", pytrace=False)
    pytest.skip(reason if what == "the browser tests" else f"Standards checks SKIPPED: {reason}")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not support.CHROMIUM.exists():
        _missing(support.CHROMIUM_MISSING, what="the browser tests")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    migrated_data = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop running in this thread, so from here on
        # Django hands the tests' code connections of their own (per async context). Give
        # them the migrated data (the newsroom roles) that each test starts from.
        for alias, data in migrated_data.items():
            connections[alias]._test_serialized_contents = data
        browser = playwright.chromium.launch(
            executable_path=str(support.CHROMIUM), args=support.CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        connections.close_all()  # else PostgreSQL cannot drop the test database


@pytest.fixture
def site(live_server, django_db_serialized_rollback):
    """The site, served by Django's live server on a free port, with a database restored to
    its migrated state (roles included). Each test has its own cache namespace
    (tests/conftest.py)."""
    return live_server


@pytest.fixture
def new_context(browser, site):
    """Make browser contexts (a fresh profile: no cookies) that fail the test on a JS error or
    on anything the site's Content-Security-Policy refuses."""
    contexts = []

    def make(*, viewport=support.DESKTOP, **options):
        context = browser.new_context(base_url=site.url, viewport=viewport, **options)
        context.set_default_timeout(10_000)
        context.js_errors = []
        context.on("weberror", lambda error: context.js_errors.append(str(error.error)))
        context.on("console", lambda message: record_csp_violation(context, message))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        errors = context.js_errors
        context.close()
        assert not errors, f"JavaScript errors in the page: {errors}"


def record_csp_violation(context, message):
    if message.type == "error" and "Content Security Policy" in message.text:
        context.js_errors.append(message.text)


@pytest.fixture
def page(new_context):
    """A desktop-sized page (1280×900) in a fresh context."""
    return new_context().new_page()


@pytest.fixture
def phone(new_context):
    """A phone-sized page (390×844, touch, mobile viewport) in a fresh context."""
    return new_context(viewport=support.PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.fixture
def no_js_page(new_context):
    """A desktop page with JavaScript switched off."""
    return new_context(java_script_enabled=False).new_page()


@pytest.fixture
def standards():
    """Skip (or fail under CI) when axe-core, vnu-jar or Java are missing."""
    missing = support.standards_missing()
    if missing:
        _missing(missing, what="the accessibility and HTML checks")


@pytest.fixture
def newsroom(site):
    """A small published site: two sections, tags, two reporters and a handful of articles,
    one of them (`story`) with a featured image, a block quote, tags, a byline and comments
    (a reply nested under a comment, and one held for moderation)."""
    from django.core.files.base import ContentFile

    from comments.models import Comment
    from comments.services import comment_import
    from tests.factories import make_article, make_author, make_section, make_tag

    world = make_section(name="World", slug="world", order=1, description="News from abroad.")
    europe = make_section(name="Europe", slug="europe", order=2)
    elections = make_tag(name="Elections", slug="elections", description="Votes and counts.")
    lisbon = make_tag(name="Lisbon", slug="lisbon", kind="place")
    ana = make_author(
        name="Ana Ribeiro", slug="ana-ribeiro", job_title="Europe correspondent",
        bio="Ana reports on local government and the sea.",
    )  # fmt: skip
    tom = make_author(name="Tom Okafor", slug="tom-okafor", job_title="World editor")
    story = make_article(
        headline="Harbour towns vote to share one port authority",
        slug="harbour-towns-vote",
        standfirst="Three councils pooled their docks after a decade of quarrels.",
        body=(
            "The vote passed on Tuesday evening after a long debate.\n\n"
            "> We could not keep dredging three channels for one fleet.\n\n"
            "The new authority takes over in **spring**, the councils said.\n"
        ),
        section=europe,
        authors=[ana],
        tags=[elections, lisbon],
        featured_image_alt="Fishing boats moored along a stone quay",
        featured_image_caption="The old harbour at dawn.",
    )
    story.featured_image.save("harbour.png", ContentFile(support.png_bytes((1200, 675))))
    farid = comment_import(
        article=story, name="Farid Haddad", email="farid@example.net",
        text="Good to see the councils agree at last.\n\nThree dredgers for one fleet was absurd.",
    )  # fmt: skip
    comment_import(
        article=story, name="Lena Sørensen", email="lena@example.net", parent=farid,
        text="The fleet is half what it was in 2010, so one channel is plenty.",
    )  # fmt: skip
    comment_import(
        article=story, name="Held Back", email="held@example.net",
        status=Comment.Status.PENDING, text="A comment still waiting for a moderator.",
    )  # fmt: skip
    others = [
        make_article(
            headline=f"{topic} report, part {n}",
            slug=f"{topic.lower()}-report-{n}",
            standfirst=f"A short standfirst about {topic.lower()}.",
            section=section,
            authors=[tom],
            ago=timedelta(hours=2 + n),
        )
        for n, (topic, section) in enumerate(
            [("Trade", world), ("Climate", world), ("Fisheries", europe), ("Budget", europe)]
        )
    ]
    return SimpleNamespace(
        world=world, europe=europe, elections=elections, lisbon=lisbon, ana=ana, tom=tom,
        story=story, others=others,
    )  # fmt: skip
