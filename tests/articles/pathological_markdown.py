"""Markdown built to crash or stall a parser: the CommonMark project's pathological cases
(cmark's test/pathological_tests.py), the inputs an outside test used against us, and a few
shapes of our own (quotes, headings, footnotes). Each is cut to `length` characters."""


def repeat(piece, length):
    return (piece * (length // len(piece) + 1))[:length]


def nested(opening, middle, closing, length):
    depth = max(1, (length - len(middle)) // (len(opening) + len(closing)))
    return opening * depth + middle + closing * depth


def pathological_cases(length):
    half = length // 2
    return {
        # From cmark's pathological tests
        "nested strong emph": nested("*a **a ", "b", " a** a*", length),
        "many emph closers with no openers": repeat("a_ ", length),
        "many emph openers with no closers": repeat("_a ", length),
        "many link closers with no openers": repeat("a]", length),
        "many link openers with no closers": repeat("[a", length),
        "mismatched openers and closers": repeat("*a_ ", length),
        "openers and closers multiple of 3": "a**b" + repeat("c* ", length - 4),
        "link openers and emph closers": repeat("[ a_", length),
        "pattern [ (]( repeated": repeat("[ (](", length),
        "hard link/emph case": "**x [a*b**c*](d)" + repeat("a", length - 16),
        "nested brackets": nested("[", "a", "]", length),
        "nested block quotes": repeat("> ", length - 1) + "a",
        "deeply nested lists": "".join("  " * n + "* a\n" for n in range(300)),
        "U+0000 in input": repeat("abc\u0000de\u0000", length),
        "backticks": "".join("e" + "`" * n for n in range(1, 400)),
        "unclosed links A": repeat("[a](<b", length),
        "unclosed links B": repeat("[a](b", length),
        "unclosed <!--": "</" + repeat("<!--", length - 2),
        "tables": "|a|b|\n|-|-|\n" + repeat("|x|y|\n", length - 12),
        "many references": repeat("[a]: u\n", length - 3) + "[a]",
        "entities": repeat("&#a;&amp", length),
        # What the outside test sent
        "definition lists (RecursionError)": repeat("a\n: b\n", length),
        "open brackets": repeat("[", length),
        "open images": repeat("![", length),
        "open link targets": repeat("[a](", length),
        "open <a tags": repeat("<a ", length),
        # Our own
        "straight quotes": repeat("\"a' ", length),
        "one long quoted paragraph": '"' + repeat("word ", length - 2) + '"',
        "equal headings": repeat("# a\n", length),
        "footnote references": repeat("[^a]", length - 9) + "\n\n[^a]: x",
        "deep raw html": repeat("<div>", half) + repeat("</div>", half),
        "deep html lists": repeat("<ul><li>", length),
        "attribute lists": repeat("## Intro {: #comment-form }\n", length),
    }
