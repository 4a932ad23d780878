"""A reader finds a story from every way in (home, section, tag, archive), opens it, follows
the byline to the author, and reads it all again on a phone."""

from playwright.sync_api import expect

from .support import snap


def open_story_from(page, newsroom):
    page.get_by_role("link", name=newsroom.story.headline).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(newsroom.story.headline)


def test_reader_finds_the_story_everywhere_and_follows_the_byline(page, newsroom):
    story = newsroom.story
    response = page.goto("/")
    assert response.status == 200
    # The stylesheet loaded: the header rule is drawn, not the browser's default.
    border = page.locator(".site-header").evaluate("e => getComputedStyle(e).borderBottomWidth")
    assert border == "3px"
    expect(page.get_by_role("link", name=story.headline).first).to_be_visible()
    snap(page, "reader-home")

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Europe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Europe")
    expect(page.get_by_role("link", name=story.headline)).to_be_visible()
    expect(page.get_by_role("link", name="Trade report, part 0")).to_have_count(0)
    snap(page, "reader-section")

    open_story_from(page, newsroom)
    article = page.get_by_role("article").first
    expect(article.locator("blockquote")).to_contain_text("one fleet")
    image = page.get_by_role("img", name="Fishing boats moored along a stone quay")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "image did not load"
    comments = page.locator("#comments")
    expect(comments.get_by_role("heading", level=2)).to_have_text("2 comments")
    reply = comments.locator(".comment .comment-list--replies .comment")
    expect(reply).to_contain_text("one channel is plenty")
    expect(comments).not_to_contain_text("still waiting for a moderator")
    snap(page, "reader-article")

    page.get_by_role("link", name="Elections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Elections")
    expect(page.get_by_role("link", name=story.headline)).to_be_visible()
    expect(page.get_by_role("link", name="Trade report, part 0")).to_have_count(0)
    snap(page, "reader-tag")

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Archive").click()
    year = story.publication_date.year
    expect(page.get_by_role("heading", level=1)).to_have_text(str(year))
    month = story.publication_date.strftime("%B")
    page.get_by_role("navigation", name=f"Months of {year}").get_by_role("link", name=month).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{month} {year}")
    expect(page.get_by_role("link", name=story.headline)).to_be_visible()
    snap(page, "reader-archive")

    open_story_from(page, newsroom)
    page.get_by_role("link", name="Ana Ribeiro").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ana Ribeiro")
    expect(page.get_by_text("Europe correspondent")).to_be_visible()
    expect(page.get_by_role("link", name=story.headline)).to_be_visible()
    snap(page, "reader-author")


def test_reader_finds_the_story_through_the_search_box(page, newsroom):
    story = newsroom.story
    page.goto("/")
    search_box = page.get_by_role("search", name="Site search").get_by_role("searchbox")
    search_box.fill('"port authority" dredg*')
    search_box.press("Enter")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text('Results for “"port authority" dredg*”')
    expect(page.get_by_text("1 article found.")).to_be_visible()
    # The snippet shows where the body matched, the words marked. (PostgreSQL also marks
    # "authority", a word of the phrase, where the body has it alone.)
    expect(page.locator(".card__snippet mark", has_text="dredging")).to_be_visible()
    snap(page, "reader-search")

    filters = page.get_by_role("search", name="Search articles")
    filters.get_by_label("Section").select_option(label="World")
    filters.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Nothing matched.")).to_be_visible()
    filters.get_by_label("Section").select_option(label="Europe")
    filters.get_by_label("From").fill(f"{story.publication_date:%Y-%m-%d}")
    filters.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 article found.")).to_be_visible()

    open_story_from(page, newsroom)


def test_reader_reads_on_a_phone(phone, newsroom):
    story = newsroom.story
    phone.goto("/")
    assert_fits_the_screen(phone)
    open_story_from(phone, newsroom)
    assert_fits_the_screen(phone)
    image = phone.get_by_role("img", name="Fishing boats moored along a stone quay")
    box = image.bounding_box()
    assert box["width"] <= 390, "the featured image is wider than the phone"
    body_size = phone.locator(".article__body p").first.evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert body_size >= 16, f"body text is {body_size}px on a phone"
    expect(phone.locator(".article__body")).to_contain_text("The new authority takes over")
    phone.get_by_role("link", name="Ana Ribeiro").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ana Ribeiro")
    assert_fits_the_screen(phone)
    phone.goto(story.get_absolute_url())
    phone.screenshot(path=str(snap_path("reader-phone-article")), full_page=True)


def assert_fits_the_screen(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px on a phone"


def snap_path(name):
    from .support import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}-phone.png"
