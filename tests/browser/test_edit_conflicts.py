"""Two editors in two browsers on the same article cannot overwrite each other unknowingly;
text typed but not saved survives a closed tab."""

from playwright.sync_api import expect

from articles.models import Article
from articles.revisions.models import ArticleRevision
from tests.factories import make_user

from .support import AXE_JS, PASSWORD, describe_violations, log_in, snap


def make_editor(username, first_name, last_name):
    user = make_user(username, group="Editor", password=PASSWORD)
    user.first_name, user.last_name = first_name, last_name
    user.save()
    return user


def axe_violations_in(page, selector):
    """axe-core's findings within `selector` only: the rest of the page is Django's admin."""
    errors_before = len(page.context.js_errors)
    page.evaluate(AXE_JS.read_text())
    violations = page.evaluate(
        "async (selector) => (await axe.run(selector, {resultTypes: ['violations']})).violations",
        selector,
    )
    # axe-core tries inline styles while it measures the admin's widgets; the site's CSP
    # refuses them. Those refusals are the checker's, not the page's.
    page.context.js_errors[errors_before:] = [
        error for error in page.context.js_errors[errors_before:]
        if not error.startswith("Applying inline style violates")
    ]  # fmt: skip
    return violations


def save(page):
    page.get_by_role("button", name="Save and continue editing").click()


def test_two_editors_cannot_overwrite_each_other_unknowingly(new_context, newsroom, standards):
    make_editor("ana", "Ana", "Ribeiro")
    make_editor("tom", "Tom", "Okafor")
    story = newsroom.story
    change = f"/admin/articles/article/{story.pk}/change/"
    ana, tom = new_context().new_page(), new_context().new_page()
    log_in(ana, "ana")
    log_in(tom, "tom")
    ana.goto(change)
    tom.goto(change)
    expect(tom.locator(".edit-sessions")).to_contain_text("Being edited by Ana Ribeiro since")

    # Ana saves first: a new last paragraph.
    ana_body = story.body + "\nThe authority's first meeting is in May.\n"
    ana.locator("#id_body").fill(ana_body)
    save(ana)
    expect(ana.locator(".messagelist")).to_contain_text("was changed successfully")

    # Tom, still on the page he opened before, changes the headline and saves: refused.
    tom_headline = "Harbour towns agree to share one port authority"
    tom.get_by_label("Headline").fill(tom_headline)
    save(tom)
    conflict = tom.locator(".edit-conflict")
    expect(conflict).to_be_visible()
    expect(tom.locator(".errornote")).to_be_visible()
    expect(conflict).to_contain_text("by Ana Ribeiro at")
    expect(conflict.locator("table", has_text="Body").locator("ins")).to_contain_text(
        "The authority's first meeting is in May."
    )
    expect(tom.get_by_label("Headline")).to_have_value(tom_headline)  # his text is kept
    story.refresh_from_db()
    assert story.body.endswith("The authority's first meeting is in May.")
    assert story.headline != tom_headline
    snap(tom, "edit-conflict")
    violations = axe_violations_in(tom, ".edit-conflict")
    assert not violations, describe_violations(violations)

    # He merges by hand: takes Ana's paragraph into his form, says so, and saves.
    tom.locator("#id_body").fill(ana_body)
    tom.get_by_label("I have merged their changes into mine by hand").check()
    save(tom)
    expect(tom.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert story.headline == tom_headline
    assert "first meeting is in May" in story.body
    latest = ArticleRevision.objects.filter(article=story).with_details().first()
    assert latest.revision.user.username == "tom"
    assert "(merged by hand)" in latest.revision.comment

    # Ana's page is now the stale one: her next save is refused in turn.
    ana.get_by_label("Standfirst").fill("Ana's late change.")
    save(ana)
    expect(ana.locator(".edit-conflict")).to_contain_text("by Tom Okafor at")
    assert Article.objects.get(pk=story.pk).standfirst != "Ana's late change."

    # The history compares any two revisions and restores one.
    ana.goto(f"/admin/articles/article/{story.pk}/history/")
    ana.get_by_role("button", name="Compare the chosen revisions").click()
    expect(ana.locator(".revision-diff caption", has_text="Headline")).to_be_visible()
    snap(ana, "revision-compare")
    ana.get_by_role("button", name="Restore the revision of").click()
    expect(ana.locator(".messagelist")).to_contain_text("Restored")
    assert Article.objects.get(pk=story.pk).headline != tom_headline


def test_unsaved_text_survives_a_closed_tab_and_is_cleared_once_saved(new_context, newsroom):
    make_editor("ana", "Ana", "Ribeiro")
    story = newsroom.story
    change = f"/admin/articles/article/{story.pk}/change/"
    context = new_context()
    page = context.new_page()
    log_in(page, "ana")
    page.goto(change)
    typed = story.body + "\nA paragraph typed just before the laptop died.\n"
    page.locator("#id_body").fill(typed)
    page.wait_for_timeout(600)  # the script keeps text 0.4 s after the last key
    page.close()

    page = context.new_page()
    page.goto(change)
    offer = page.locator(".unsaved-text")
    expect(offer).to_contain_text("kept text you typed here at")
    expect(page.locator("#id_body")).to_have_value(story.body.replace("\r\n", "\n"))
    offer.get_by_role("button", name="Restore my unsaved text").click()
    expect(offer).to_have_count(0)
    expect(page.locator("#id_body")).to_have_value(typed)
    expect(page.locator(".markdownx-preview")).to_contain_text("just before the laptop died")

    save(page)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert "laptop died" in Article.objects.get(pk=story.pk).body
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('newsapp:unsaved'))")
    assert kept == []
    page.reload()
    expect(page.locator(".unsaved-text")).to_have_count(0)
