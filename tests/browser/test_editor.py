"""Editors write in the admin's Markdown editor with live preview and drag-and-drop images,
file the story and publish it; writers can write but not publish; bad uploads say why."""

import re

from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_author, make_user

from .support import PASSWORD, drop_file, log_in, png_bytes, snap

# The name carries the pixel size, so the body finds the upload's renditions by it.
UPLOADED_IMAGE = re.compile(
    r"!\[Describe this image\]\(/media/(editor/\d{4}/\d{2}/[0-9a-f]{32}-64x48)\.png\)"
)


# Body images load lazily: scroll to one, then wait for it to load (or fail).
LOADED = """img => img.complete ? img.naturalWidth > 0 : new Promise(done => {
    img.addEventListener("load", () => done(img.naturalWidth > 0));
    img.addEventListener("error", () => done(false));
})"""


def loaded(image):
    image.scroll_into_view_if_needed()
    return image.evaluate(LOADED)


def choose_in_autocomplete(page, field_id, text):
    """Pick `text` in one of the admin's select2 autocomplete boxes, as a person types."""
    page.locator(f"#{field_id} + .select2 .select2-search__field").click()
    page.keyboard.type(text[:4])
    page.locator(".select2-results__option", has_text=text).click()


def start_article(page, headline):
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill(headline)
    page.get_by_label("Standfirst").fill("Crossings resume on Monday, the union said.")


def test_editor_writes_previews_uploads_files_and_publishes(page, newsroom):
    editor = make_user("edna", group="Editor", password=PASSWORD)
    make_author(name="Edna Park", slug="edna-park", user=editor)
    log_in(page, "edna")
    headline = "Ferry strike ends after overnight talks"
    start_article(page, headline)
    expect(page.get_by_label("Slug")).to_have_value("ferry-strike-ends-after-overnight-talks")

    body = page.locator("#id_body")
    body.fill(
        "Talks ended at dawn.\n\n> Nobody wanted another week of empty quays.\n\n"
        "Services resume on Monday.\n\n"
    )
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("blockquote")).to_have_text("Nobody wanted another week of empty quays.")
    row, pane = page.locator(".form-row.field-body").bounding_box(), preview.bounding_box()
    assert pane["x"] + pane["width"] <= row["x"] + row["width"] + 1, "preview spills out"
    snap(page, "editor-preview")

    body.press("End")
    drop_file(page, "#id_body", name="quay.png", content=png_bytes(), mime_type="image/png")
    expect(body).to_have_value(UPLOADED_IMAGE)
    upload_stem = UPLOADED_IMAGE.search(body.input_value()).group(1)
    body.fill(body.input_value().replace("Describe this image", "Ferries tied up at the quay"))
    image = preview.get_by_role("img", name="Ferries tied up at the quay")
    expect(image).to_be_visible()
    expect(image).to_have_attribute("src", f"/media/renditions/{upload_stem}/64w.png")
    expect(image).to_have_attribute("width", "64")
    expect(image).to_have_attribute("loading", "lazy")
    assert loaded(image), "upload not served"
    # The browser takes the WebP rendition from the <picture>'s source.
    assert image.evaluate("img => img.currentSrc").endswith(f"{upload_stem}/64w.webp")

    page.locator("#id_section").select_option(label="Europe")
    choose_in_autocomplete(page, "id_tags", "Elections")
    choose_in_autocomplete(page, "id_tags", "Lisbon")
    page.locator("#id_status").select_option(label="Published")
    snap(page, "editor-filled")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(headline=headline)
    assert article.is_published()
    assert article.section.slug == "europe"
    assert {tag.slug for tag in article.tags.all()} == {"elections", "lisbon"}
    assert [author.name for author in article.authors.all()] == ["Edna Park"]

    row = page.get_by_role("row").filter(has_text=headline)
    row.get_by_role("link", name="View").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(headline)
    expect(page.locator(".article__body blockquote")).to_contain_text("empty quays")
    published_image = page.get_by_role("img", name="Ferries tied up at the quay")
    assert loaded(published_image)
    expect(page.locator(".eyebrow")).to_have_text("Europe")
    expect(page.get_by_role("link", name="Elections")).to_be_visible()
    expect(page.get_by_role("link", name="Edna Park")).to_be_visible()
    snap(page, "editor-published")

    page.goto("/")
    expect(page.get_by_role("link", name=headline).first).to_be_visible()


def test_writer_writes_a_draft_but_cannot_publish(page, newsroom):
    make_user("walt", group="Writer", password=PASSWORD)
    log_in(page, "walt")
    headline = "Council budget draft leaks early"
    start_article(page, headline)
    page.locator("#id_body").fill("A draft the desk has not seen yet.")
    page.locator("#id_section").select_option(label="World")
    # The status and publication time are shown, not offered.
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.locator("#id_publish_at_0")).to_have_count(0)
    expect(page.locator(".field-status .readonly")).to_have_text("Draft")
    snap(page, "writer-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(headline=headline)
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()
    actions = page.locator("select[name=action] option")
    expect(actions.filter(has_text="Publish selected")).to_have_count(0)
    snap(page, "writer-list")

    # Readers do not see it: not on the home page, and its preview is for staff only.
    reader = page.context.browser.new_context(base_url=page.url.split("/admin")[0])
    try:
        public = reader.new_page()
        public.goto("/")
        expect(public.get_by_role("link", name=headline)).to_have_count(0)
        public.goto(f"/preview/{article.pk}/")
        expect(public.get_by_role("heading", name=headline)).to_have_count(0)
    finally:
        reader.close()


def test_bad_uploads_say_why_in_the_page(page, newsroom):
    make_user("edna", group="Editor", password=PASSWORD)
    log_in(page, "edna")
    start_article(page, "Harbour dues rise again")
    body = page.locator("#id_body")
    body.fill("Dues rise in April.\n\n")

    drop_file(
        page, "#id_body", name="dues.png", content=b"%PDF-1.4 not a picture", mime_type="image/png"
    )
    status = page.locator(".markdownx-upload-status")
    expect(status).to_have_text(re.compile(r"^Image not uploaded: This file is not an image"))
    expect(status).to_have_attribute("role", "alert")
    expect(body).to_have_value("Dues rise in April.\n\n")
    status_box, body_box = status.bounding_box(), body.bounding_box()
    assert status_box["y"] + status_box["height"] <= body_box["y"], "message not above the editor"
    assert body_box["width"] > 300, "the message squeezes the editor"
    expect(page.locator(".markdownx-preview")).to_have_text("Dues rise in April.")
    snap(page, "editor-bad-drop")

    page.locator("#id_section").select_option(label="Europe")
    page.locator("#id_featured_image").set_input_files(
        {"name": "dues.jpg", "mimeType": "image/jpeg", "buffer": b"not a jpeg at all"}
    )
    page.get_by_label("Alt text").fill("A harbour dues notice")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-featured_image .errorlist")).to_contain_text("Upload a valid image")
    assert not Article.objects.filter(headline="Harbour dues rise again").exists()
    snap(page, "editor-bad-featured-image")


def test_editor_sets_the_focal_point_by_clicking_the_picture(page, newsroom):
    make_user("edna", group="Editor", password=PASSWORD)
    log_in(page, "edna")
    story = newsroom.story
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    picture = page.locator(".focal-point img")
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(page.locator("#id_featured_image_focus_x")).to_have_value("25")
    expect(page.locator("#id_featured_image_focus_y")).to_have_value("75")
    expect(page.locator(".focal-point__marker")).to_be_attached()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert (story.featured_image_focus_x, story.featured_image_focus_y) == (25, 75)
    assert "/share-25-75." in story.featured_image_renditions["crops"]["share"]["name"]
