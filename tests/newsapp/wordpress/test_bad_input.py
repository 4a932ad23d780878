"""Bad exports give a clear error naming the place (line, item), exit non-zero, and leave
nothing behind; odd but valid encodings import."""

import pytest
from django.core.management.base import CommandError

from articles.models import Article
from tests.newsapp.wordpress.support import FIXTURES, nothing_stored, run_import

pytestmark = pytest.mark.django_db

BAD = FIXTURES / "bad"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("truncated.xml", "line 33: The file is cut short or malformed"),
        ("broken_cdata.xml", "line 21: The file is cut short or malformed (unclosed CDATA"),
        ("malformed.xml", "line 20: The XML is malformed (mismatched tag)"),
        ("empty.xml", "line 1: The file is cut short"),
        ("not_wxr.xml", "not a WordPress export (WXR): it has no wp:wxr_version"),
        ("not_rss.xml", "its root element is <svg>, not <rss>"),
        ("no_items.xml", "The export holds no items"),
        ("unsupported_version.xml", "WXR version 3.0 is not one this importer reads"),
        ("invalid_date.xml", "line 20, item “Post 2”: wp:post_date_gmt is “2020-02-31 25:61:00”"),
        ("bad_post_id.xml", "line 20, item “Post x”: wp:post_id is “x”, not a whole number"),
        ("duplicate_slug.xml", "line 20, post 2 “Post 2”: The slug “same-slug”"),
        ("unknown_author.xml", "line 20, post 2 “Post 2”: The author “ghostwriter”"),
        ("wrong_encoding.xml", "line 11: The XML is malformed (not well-formed (invalid token))"),
        ("control_character.xml", "line 4: The XML is malformed"),
        ("unknown_encoding.xml", "declares an encoding that cannot be read"),
        ("entity_expansion.xml", "line 2: The file declares a DTD or entities"),
        ("external_entity.xml", "line 2: The file declares a DTD or entities"),
        ("external_dtd.xml", "line 2: The file declares a DTD or entities"),
    ],
)
def test_bad_export_is_refused_naming_the_place_and_nothing_is_stored(name, expected):
    with pytest.raises(CommandError) as refused:
        run_import(BAD / name)
    message = str(refused.value)
    assert expected in message
    assert message.endswith("Nothing was imported.")
    assert nothing_stored()


def test_a_bad_item_late_in_a_file_stops_the_run_before_earlier_items_are_written():
    # unknown_author.xml's first post is fine; the second names an unknown author.
    with pytest.raises(CommandError):
        run_import(BAD / "unknown_author.xml")
    assert not Article.objects.exists()


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match=r"Cannot read .*no-such-export.xml: No such file"):
        run_import(FIXTURES / "no-such-export.xml")


def test_an_unknown_default_section_is_a_clear_error():
    with pytest.raises(CommandError, match="There is no section with the slug “nowhere”"):
        run_import(FIXTURES / "small_v1.xml", "--default-section", "nowhere")
    assert nothing_stored()


def test_a_file_in_another_declared_encoding_imports_its_letters():
    run_import(FIXTURES / "latin1.xml")
    assert "Café au lait" in Article.objects.get().body
