"""The readable difference between two states: lines, words, context and its bounds."""

import pytest

from articles.revisions import diffs
from articles.revisions.diffs import Piece, diff_lines
from tests.factories import make_author, make_section, make_tag


def sides(rows):
    """Each row as (kind, old text with [-removed-], new text with {+added+})."""

    def show(pieces, mark):
        if pieces is None:
            return None
        return "".join(mark % p.text if p.changed else p.text for p in pieces)

    return [
        ("skipped", row.skipped) if row.skipped
        else (row.kind, show(row.old, "[-%s-]"), show(row.new, "{+%s+}"))
        for row in rows
    ]  # fmt: skip


def test_the_same_text_has_no_rows():
    assert diff_lines("One.\nTwo.", "One.\nTwo.") == []


def test_a_changed_word_is_marked_in_its_line():
    assert sides(diff_lines("The mayor said no.", "The deputy mayor said yes.")) == [
        ("changed", "The mayor said [-no-].", "The {+deputy +}mayor said {+yes+}.")
    ]


def test_added_and_removed_lines_face_an_empty_side():
    rows = sides(diff_lines("A\nB\nC", "A\nC\nD"))
    assert rows == [
        ("same", "A", "A"),
        ("removed", "[-B-]", None),
        ("same", "C", "C"),
        ("added", None, "{+D+}"),
    ]


def test_long_unchanged_stretches_are_skipped_with_context_kept():
    old = "\n".join(f"line {n}" for n in range(20))
    new = old.replace("line 10", "line ten")
    rows = sides(diff_lines(old, new))
    assert rows[0] == ("skipped", 8)
    assert rows[1:3] == [("same", "line 8", "line 8"), ("same", "line 9", "line 9")]
    assert rows[3] == ("changed", "line [-10-]", "line {+ten+}")
    assert rows[4:6] == [("same", "line 11", "line 11"), ("same", "line 12", "line 12")]
    assert rows[6] == ("skipped", 7)


def test_a_huge_rewrite_is_one_replaced_block(monkeypatch):
    monkeypatch.setattr(diffs, "MAX_ALIGNED_LINES", 3)
    old = "keep\n" + "\n".join(f"old {n}" for n in range(5))
    new = "keep\n" + "\n".join(f"new {n}" for n in range(4))
    rows = sides(diff_lines(old, new))
    assert rows[0] == ("same", "keep", "keep")
    assert [kind for kind, *_ in rows[1:]] == ["changed"] * 4 + ["removed"]


def test_words_of_very_long_lines_are_not_matched(monkeypatch):
    monkeypatch.setattr(diffs, "MAX_ALIGNED_WORDS", 5)
    [row] = diff_lines("one two three four five six", "one two three four five seven")
    assert row.old == [Piece("one two three four five six", True)]
    assert row.new == [Piece("one two three four five seven", True)]


@pytest.mark.django_db
def test_states_are_compared_by_name_and_deleted_ones_say_so():
    section, world = make_section(name="Europe"), make_section(name="World")
    gone = make_tag(name="Ports")
    ana, tom = make_author(name="Ana"), make_author(name="Tom")
    base = {
        "headline": "H", "standfirst": "", "body": "B", "status": "draft",
        "publish_at": None, "section": section.pk, "tags": [gone.pk], "authors": [ana.pk],
    }  # fmt: skip
    gone_pk = gone.pk
    gone.delete()
    new = {**base, "status": "published", "section": world.pk, "authors": [ana.pk, tom.pk]}
    comparison = diffs.compare(base, new)
    changed = {diff.name: sides(diff.rows) for diff in comparison.changed}
    assert changed == {
        "status": [("changed", "[-Draft-]", "{+Published+}")],
        "section": [("changed", "[-Europe-]", "{+World+}")],
        "authors": [("same", "Ana", "Ana"), ("added", None, "{+Tom+}")],
    }
    assert comparison.unchanged_labels == ["Headline", "Standfirst", "Body", "Publish at", "Tags"]
    assert diffs._readable([base])[0]["tags"] == f"(deleted tag #{gone_pk})"


@pytest.mark.django_db
def test_a_field_shows_a_bounded_number_of_rows_and_says_how_many_more(monkeypatch):
    monkeypatch.setattr(diffs, "MAX_SHOWN_ROWS", 3)
    state = {
        "headline": "H", "standfirst": "", "body": "a\nb\nc\nd\ne", "status": "draft",
        "publish_at": None, "section": None, "tags": [], "authors": [],
    }  # fmt: skip
    [body] = diffs.compare(state, {**state, "body": "1\n2\n3\n4\n5"}).changed
    assert (len(body.rows), body.hidden_rows) == (3, 2)
