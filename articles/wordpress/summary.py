"""What an import did, counted by kind, with every skip's reason."""

from collections import Counter

KINDS = ("authors", "sections", "tags", "articles", "pages", "comments", "images", "redirects")
UNCHANGED = "unchanged since the last import"


class Summary:
    def __init__(self):
        self.created = Counter()
        self.updated = Counter()
        self.skipped = {kind: Counter() for kind in KINDS}
        self.notes = Counter()

    def create(self, kind, count=1):
        self.created[kind] += count

    def update(self, kind, count=1):
        self.updated[kind] += count

    def skip(self, kind, reason, count=1):
        self.skipped[kind][reason] += count

    def note(self, message, count=1):
        self.notes[message] += count

    def skipped_count(self, kind):
        return sum(self.skipped[kind].values())

    def changed_anything(self):
        return any(self.created.values()) or any(self.updated.values())

    def lines(self):
        """The closing summary, a line per kind and a line per reason."""
        lines = []
        for kind in KINDS:
            lines.append(
                f"{kind.capitalize()}: {self.created[kind]} created, {self.updated[kind]} "
                f"updated, {self.skipped_count(kind)} skipped"
            )
            for reason, count in sorted(self.skipped[kind].items(), key=lambda pair: -pair[1]):
                lines.append(f"  skipped {count}: {reason}")
        for message, count in sorted(self.notes.items(), key=lambda pair: -pair[1]):
            lines.append(f"Note ({count}): {message}")
        return lines
