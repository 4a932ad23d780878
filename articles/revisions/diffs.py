"""What changed between two states of an article, field by field and line by line, with the
changed words of a changed line marked: for the history, restores and edit conflicts.

A state is a dict of the revised fields (models.REVISED_FIELDS) as ids and raw values, from a
stored revision (`version_state`) or the article as stored now (`article_state`); `compare`
turns two of them into rows a template shows side by side, every text escaped by the template.

Bounded work and pages: unchanged lines at both ends are skipped in linear time; at most
MAX_ALIGNED_LINES changed lines a side are aligned (difflib), more are shown as one replaced
block; words are matched only in lines of at most MAX_ALIGNED_WORDS words, longer changed
lines are marked whole. So time grows linearly with the text beyond those constants, and a
page lists at most MAX_SHOWN_ROWS rows of a field.
"""

import difflib
import re
from dataclasses import dataclass, field
from itertools import zip_longest

from django.utils import formats, timezone

from articles.models import Article, Author, Section, Tag

MAX_ALIGNED_LINES = 2_000
MAX_ALIGNED_WORDS = 1_000
CONTEXT_LINES = 2
# A page shows at most this many rows of one field; it says how many more differ.
MAX_SHOWN_ROWS = 2_000

FIELD_LABELS = {
    "headline": "Headline",
    "standfirst": "Standfirst",
    "body": "Body",
    "status": "Status",
    "publish_at": "Publish at",
    "section": "Section",
    "tags": "Tags",
    "authors": "Authors",
}
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool


@dataclass
class Row:
    """One line of each side (None: that side has no line here), or `skipped` unchanged lines."""

    old: list[Piece] | None = None
    new: list[Piece] | None = None
    skipped: int = 0

    @property
    def kind(self):
        if self.skipped:
            return "skipped"
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.old != self.new else "same"


@dataclass
class FieldDiff:
    name: str
    label: str
    rows: list[Row] = field(default_factory=list)
    hidden_rows: int = 0

    @classmethod
    def of(cls, name, label, rows):
        return cls(name, label, rows[:MAX_SHOWN_ROWS], max(0, len(rows) - MAX_SHOWN_ROWS))

    @property
    def changed(self):
        return bool(self.rows)


@dataclass
class Comparison:
    fields: list[FieldDiff]

    @property
    def changed(self):
        return [diff for diff in self.fields if diff.changed]

    @property
    def unchanged_labels(self):
        return [diff.label for diff in self.fields if not diff.changed]


def version_state(version):
    """The revised fields of a django-reversion Version of an article."""
    data = version.field_dict
    return {
        "headline": data.get("headline", ""),
        "standfirst": data.get("standfirst", ""),
        "body": data.get("body", ""),
        "status": data.get("status", ""),
        "publish_at": data.get("publish_at"),
        "section": data.get("section_id"),
        "tags": list(data.get("tags", [])),
        "authors": list(data.get("authors", [])),
    }


def article_state(article):
    """The revised fields of `article` as it is in memory (two queries: tags and authors)."""
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "publish_at": article.publish_at,
        "section": article.section_id,
        "tags": list(article.tags.values_list("pk", flat=True)),
        "authors": list(article.authors.values_list("pk", flat=True)),
    }


def compare(old, new):
    """A Comparison of two states, names of sections, tags and authors looked up in at most
    three queries."""
    old_text, new_text = _readable([old, new])
    return Comparison(
        [
            FieldDiff.of(name, label, diff_lines(old_text[name], new_text[name]))
            for name, label in FIELD_LABELS.items()
        ]
    )


def _readable(states):
    """Each state with every field as text: names for ids, labels for choices."""
    sections = _names(Section, {state["section"] for state in states} - {None})
    tags = _names(Tag, {pk for state in states for pk in state["tags"]})
    authors = _names(Author, {pk for state in states for pk in state["authors"]})
    statuses = dict(Article.Status.choices)
    readable = []
    for state in states:
        publish_at = state["publish_at"]
        readable.append(
            {
                "headline": state["headline"],
                "standfirst": state["standfirst"],
                "body": state["body"],
                "status": statuses.get(state["status"], state["status"]),
                "publish_at": formats.date_format(timezone.localtime(publish_at), "DATETIME_FORMAT")
                if publish_at
                else "",
                "section": _name(sections, state["section"], "section") if state["section"] else "",
                # Tags have no order; bylines do.
                "tags": "\n".join(sorted(_name(tags, pk, "tag") for pk in state["tags"])),
                "authors": "\n".join(_name(authors, pk, "author") for pk in state["authors"]),
            }
        )
    return readable


def _names(model, ids):
    if not ids:
        return {}
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))


def _name(names, pk, kind):
    return names.get(pk) or f"(deleted {kind} #{pk})"


def diff_lines(old, new):
    """Rows showing how `new` differs from `old`, line by line, with up to CONTEXT_LINES
    unchanged lines around each change; [] when they are the same."""
    a, b = old.splitlines(), new.splitlines()
    if a == b:
        return []
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if max(len(middle_a), len(middle_b)) <= MAX_ALIGNED_LINES:
        matcher = difflib.SequenceMatcher(None, middle_a, middle_b)
        middle = [
            (tag, i1 + start, i2 + start, j1 + start, j2 + start)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    else:
        middle = [("replace", start, len(a) - end, start, len(b) - end)]
    opcodes = [("equal", 0, start, 0, start), *middle]
    opcodes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    opcodes = [op for op in opcodes if op[2] > op[1] or op[4] > op[3]]
    rows = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows += _unchanged_rows(
                a[i1:i2],
                after_change=index > 0,
                before_change=index < len(opcodes) - 1,
            )
        else:
            for old_line, new_line in zip_longest(a[i1:i2], b[j1:j2]):
                rows.append(_changed_row(old_line, new_line))
    return rows


def _unchanged_rows(lines, *, after_change, before_change):
    head = CONTEXT_LINES if after_change else 0
    tail = CONTEXT_LINES if before_change else 0
    if len(lines) <= head + tail + 1:
        shown, skipped, rest = lines, 0, []
    else:
        shown, skipped, rest = lines[:head], len(lines) - head - tail, lines[len(lines) - tail :]
    rows = [Row(old=_whole(line, False), new=_whole(line, False)) for line in shown]
    if skipped:
        rows.append(Row(skipped=skipped))
    rows += [Row(old=_whole(line, False), new=_whole(line, False)) for line in rest]
    return rows


def _whole(line, changed):
    """A line as one piece; an empty line has none."""
    return [Piece(line, changed)] if line else []


def _changed_row(old_line, new_line):
    if old_line is None:
        return Row(new=_whole(new_line, True))
    if new_line is None:
        return Row(old=_whole(old_line, True))
    old_words, new_words = TOKENS.findall(old_line), TOKENS.findall(new_line)
    if max(len(old_words), len(new_words)) > MAX_ALIGNED_WORDS:
        return Row(old=_whole(old_line, True), new=_whole(new_line, True))
    # Words the two lines start and end with alike need no matching (most edits are small).
    start = 0
    while start < min(len(old_words), len(new_words)) and old_words[start] == new_words[start]:
        start += 1
    end = 0
    limit = min(len(old_words), len(new_words)) - start
    while end < limit and old_words[-1 - end] == new_words[-1 - end]:
        end += 1
    old_middle = old_words[start : len(old_words) - end]
    new_middle = new_words[start : len(new_words) - end]
    if len(old_middle) > 1 and len(new_middle) > 1:
        matcher = difflib.SequenceMatcher(None, old_middle, new_middle, autojunk=False)
        opcodes = matcher.get_opcodes()
    else:
        opcodes = [("replace", 0, len(old_middle), 0, len(new_middle))]
    old_pieces, new_pieces = [], []
    _append(old_pieces, "".join(old_words[:start]), False)
    _append(new_pieces, "".join(new_words[:start]), False)
    for tag, i1, i2, j1, j2 in opcodes:
        changed = tag != "equal"
        _append(old_pieces, "".join(old_middle[i1:i2]), changed)
        _append(new_pieces, "".join(new_middle[j1:j2]), changed)
    _append(old_pieces, "".join(old_words[len(old_words) - end :]), False)
    _append(new_pieces, "".join(new_words[len(new_words) - end :]), False)
    return Row(old=_joined(old_pieces), new=_joined(new_pieces))


def _joined(pieces):
    """Changes separated only by spaces read as one: "<ins>Tom's second</ins>"."""
    joined = []
    for index, piece in enumerate(pieces):
        between_changes = 0 < index < len(pieces) - 1 and pieces[index + 1].changed
        if not piece.changed and between_changes and joined[-1].changed and piece.text.isspace():
            piece = Piece(piece.text, True)
        _append(joined, piece.text, piece.changed)
    return joined


def _append(pieces, text, changed):
    """Add `text` to `pieces`, joining it to the last piece when both are (un)changed."""
    if not text:
        return
    if pieces and pieces[-1].changed == changed:
        pieces[-1] = Piece(pieces[-1].text + text, changed)
    else:
        pieces.append(Piece(text, changed))
