"""Every public form field, query parameter and address segment fed the naughty strings of
tests/naughty_strings.py: never a 500, nothing reflected unescaped, and accepted text stored
and shown as typed.

"As typed" means after what the comment form documents it changes (comments/text.py and
comments/forms.py), restated here rather than imported:
- comment text: line endings become "\\n" and whitespace is stripped from both ends; refused if
  it holds NUL or other control characters, is empty once invisible (format) characters are
  left out, or is longer than COMMENTS_MAX_LENGTH;
- name: whitespace runs become one space, ends stripped; the same refusals, and at most 80
  characters (counted after stripping the ends);
- flag note: ends stripped; NUL refused; at most 300 characters.
Shown, blank (or whitespace-only) lines start paragraphs and single newlines become breaks.

Each test loops over all the strings and reports every one that fails. Where the strings do
not change what a request does (parameters a page ignores, addresses no route matches), one
request carries them all or one route stands for the rest, to keep the file fast.
"""

import re
import unicodedata
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape

from articles.models import SEARCH_MAX_WORDS, Article
from articles.views import search_query
from comments.models import Comment, Commenter, CommentFlag
from comments.tokens import confirm_token, unsubscribe_token
from tests.factories import (
    archive_urls,
    form_data,
    make_article,
    make_author,
    make_comment,
    make_section,
    make_tag,
)
from tests.naughty_strings import (
    RenderedText,
    failure,
    markup_variants,
    naughty_strings,
    report,
    unsafe,
)

pytestmark = pytest.mark.django_db

NAUGHTY = naughty_strings()
MAX_LENGTH = 3000  # COMMENTS_MAX_LENGTH's default, which these tests keep
# C0 and C1 control characters other than tab, newline and carriage return; NUL among them.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture
def reader():
    """A browser without cookies; a server error comes back as a 500 response to check."""
    return Client(raise_request_exception=False)


@pytest.fixture
def open_comments(settings):
    """Comments appear at once and no limit stops a few hundred posts from one test."""
    settings.COMMENTS_MODERATION = "post"
    settings.COMMENTS_RATE_LIMIT_IP = (100_000, 600)
    settings.COMMENTS_RATE_LIMIT_EMAIL = (100_000, 600)
    settings.COMMENTS_RATE_LIMIT_FLAGS = (100_000, 3600)
    settings.COMMENTS_FLAGS_TO_HIDE = 100_000
    settings.COMMENTS_MIN_SECONDS = 0
    # Variants of one payload ("<script>…" in other brackets) read as one text sent by many.
    settings.COMMENTS_SIMILAR_SENDERS_TO_HOLD = 100_000


@pytest.fixture
def site(settings):
    """Enough of a site for every list, and the article's comments, to have a second page.
    The article with the comments has a section of its own, so no related articles slow it."""
    settings.COMMENTS_PER_PAGE = 2
    section, tag, author = make_section(), make_tag(), make_author()
    for _ in range(13):
        make_article(section=section, tags=[tag], authors=[author])
    article = make_article()
    comments = [make_comment(article, notify_replies=True) for _ in range(3)]
    commenter = Commenter.objects.create(email="link@example.net")
    return SimpleNamespace(
        section=section,
        tag=tag,
        author=author,
        article=article,
        comment=comments[0],
        archives=archive_urls(article.publication_date),
        commenter=commenter,
        confirm_url=reverse("comments:confirm-email", args=[confirm_token(commenter.pk)]),
        unsubscribe_url=reverse("comments:unsubscribe", args=[unsubscribe_token(comments[0].pk)]),
    )


def address(index):
    """A client address of its own for the `index`-th string (limits count per address)."""
    return f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"


# Query parameters

LISTS = {200, 404}  # a page number that is not one is a 404
# name: (the page's address, the query it is opened with, the statuses it may answer). The
# queries open pages whose pagination and sort links repeat the rest of the query string.
PAGES = {
    "home": (lambda site: reverse("articles:home"), {}, {200}),
    "search": (lambda site: reverse("articles:search"), {"q": "Headline"}, {200}),
    "section": (lambda site: site.section.get_absolute_url(), {}, {200}),
    "tag": (lambda site: site.tag.get_absolute_url(), {}, {200}),
    "author": (lambda site: site.author.get_absolute_url(), {}, {200}),
    "archive year": (lambda site: site.archives[0], {}, {200}),
    "archive month": (lambda site: site.archives[1], {}, {200}),
    "archive day": (lambda site: site.archives[2], {}, {200}),
    "article": (lambda site: site.article.get_absolute_url(), {"cpage": "2"}, {200}),
    "feed": (lambda site: reverse("articles:feed"), {}, {200}),
    "section feed": (
        lambda site: reverse("articles:section-feed", args=[site.section.slug]),
        {},
        {200},
    ),
    "atom feed": (lambda site: reverse("articles:feed-atom"), {}, {200}),
    "tag feed": (lambda site: reverse("articles:tag-feed", args=[site.tag.slug]), {}, {200}),
    "author feed": (
        lambda site: reverse("articles:author-feed-atom", args=[site.author.slug]),
        {},
        {200},
    ),
    "sitemap index": (lambda site: reverse("django.contrib.sitemaps.views.index"), {}, {200}),
    "sitemap": (
        lambda site: reverse(
            "django.contrib.sitemaps.views.sitemap", kwargs={"section": "articles"}
        ),
        {},
        {200},
    ),
    "news sitemap": (
        lambda site: reverse("django.contrib.sitemaps.views.sitemap", kwargs={"section": "news"}),
        {},
        {200},
    ),
    "robots.txt": (lambda site: reverse("robots-txt"), {}, {200}),
    "comment post": (lambda site: reverse("comments:post", args=[site.article.pk]), {}, {405}),
    "flag form": (lambda site: reverse("comments:flag", args=[site.comment.pk]), {}, {200}),
    "confirm link": (lambda site: site.confirm_url, {}, {200}),
    "unsubscribe link": (lambda site: site.unsubscribe_url, {}, {200}),
    "admin login": (lambda site: reverse("admin:login"), {}, {200}),
    "not found": (lambda site: "/section/no-such-section/", {}, {404}),
}


@pytest.mark.parametrize("name", PAGES)
def test_parameters_a_page_does_not_read_never_fail_or_reflect_unescaped(reader, site, name):
    """Every string at once, as the values and as the names of parameters the page ignores
    but its links may carry along; a failing batch is retried string by string."""
    path_for, query, statuses = PAGES[name]
    path = path_for(site)
    payloads = [payload for payload in NAUGHTY if payload not in {*query, "page", "q", "p"}]
    batch = {**query, **{f"x{n}": payload for n, payload in enumerate(payloads)}}
    batch.update(dict.fromkeys(filter(None, payloads), "1"))
    response = reader.get(path, batch)
    if response.status_code in statuses and not unsafe(response, payloads, name):
        return
    failures = []
    for payload in payloads:
        response = reader.get(path, {**query, "utm_source": payload, payload: "1"})
        failures += unsafe(response, [payload], name)
        if response.status_code not in statuses:
            failures.append(failure(response, payload, f"{name}, expected {statuses}"))
    report(failures or [failure(response, "(batch)", f"{name}, expected {statuses}")])


# The parameters pages read, with the pages that read them. Every list reads `page` through
# the same mixin (articles.views.ArticleListMixin, then Django's paginate_queryset), so one
# list of each kind stands for the others: tag and author pages are section pages by another
# owner, the year and month archives the day archive by another period.
PARAMETERS = [
    ("page", "home"),
    ("page", "search"),
    ("section&published_after&published_before", "search"),
    ("page", "section"),
    ("page", "archive day"),
    ("reply&cpage&csort", "article"),
    ("p", "sitemap"),
    ("next", "admin login"),
]


@pytest.mark.parametrize(("parameters", "name"), PARAMETERS)
def test_parameters_a_page_reads_never_fail_or_reflect_unescaped(reader, site, parameters, name):
    """Each string as every parameter the page reads at once; a failing request is retried
    parameter by parameter."""
    path_for, query, _ = PAGES[name]
    path = path_for(site)
    parameters = parameters.split("&")
    statuses = LISTS if parameters in (["page"], ["p"]) else {200}
    failures = []
    for payload in NAUGHTY:
        response = reader.get(path, {**query, **dict.fromkeys(parameters, payload)})
        if response.status_code in statuses and not unsafe(response, [payload], name):
            continue
        for parameter in parameters:
            response = reader.get(path, {**query, parameter: payload})
            failures += unsafe(response, [payload], f"{name} ?{parameter}=")
            if response.status_code not in statuses:
                failures.append(failure(response, payload, f"{name} ?{parameter}= {statuses}"))
    report(failures)


def folded_words(text):
    """The words of `text` as the search compares them: runs of letters and digits, in
    lower case and without accents."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.findall(r"[^\W_]+", text)


def search_matches(query):
    """How many published articles hold every word of `query` (at most SEARCH_MAX_WORDS) as
    a whole word, ignoring case and accents; "quoted words" in that order, and a word ending
    in * as the start of a word: the search's promise, worked out here without SQL. Anything
    but letters and digits (FTS syntax, punctuation, symbols) only separates words. (On
    PostgreSQL words also match by stem and stop words match anything; no string here meets
    the site's few words that way, so the counts agree on both databases.)"""
    terms, budget = [], SEARCH_MAX_WORDS
    for phrase, chunk in re.findall(r'"([^"]*)"?|([^\s"]+)', query):
        words = folded_words(phrase or chunk)[: max(budget, 0)]
        budget -= len(words)
        if phrase and words:
            terms.append((words, False))
        elif words:
            terms += [([word], False) for word in words[:-1]]
            terms.append(([words[-1]], chunk.endswith("*")))
    if not terms:
        return 0

    def holds(field, words, prefix):
        for start in range(len(field) - len(words) + 1):
            *whole, last = field[start : start + len(words)]
            matches_last = last.startswith(words[-1]) if prefix else last == words[-1]
            if whole == words[:-1] and matches_last:
                return True
        return False

    count = 0
    for article in Article.objects.published().prefetch_related("tags", "authors"):
        fields = [article.headline, article.standfirst, article.body]
        fields += [tag.name for tag in article.tags.all()]
        fields += [author.name for author in article.authors.all()]
        fields = [folded_words(field) for field in fields]
        if all(any(holds(field, *term) for field in fields) for term in terms):
            count += 1
    return count


@pytest.mark.parametrize(
    "payloads",
    [
        pytest.param([payload for payload in NAUGHTY if "\x00" not in payload], id="strings"),
        # PostgreSQL refuses NUL in any text it is sent: the search must never pass it on.
        pytest.param([payload for payload in NAUGHTY if "\x00" in payload], id="strings with NUL"),
    ],
)
def test_search_finds_exactly_what_the_words_match_and_echoes_them_escaped(reader, site, payloads):
    # FTS syntax, LIKE wildcards (%, _), quotes and SQL must match only as the text they are.
    assert payloads
    failures = []
    for payload in payloads:
        response = reader.get(reverse("articles:search"), {"q": payload})
        if response.status_code != 200:
            failures.append(failure(response, payload, "search"))
            continue
        failures += unsafe(response, [payload], "search")
        query = search_query(payload)
        found = response.context["paginator"].count if query else 0
        if found != search_matches(query):
            failures.append(f"search: {found} results, {search_matches(query)} match {query!r}")
        if query and f'name="q" value="{escape(query)}"' not in response.content.decode():
            failures.append(f"search: {query!r} not kept escaped in the search box")
    report(failures)
    assert Article.objects.count() == 14  # nothing dropped or deleted


# Address segments


def test_address_segments_never_fail_or_reflect_unescaped(reader, site):
    """Each string in each segment a route reads. An address no route matches gets the same
    404 whichever route it missed, so one route stands for the rest there."""
    day = site.article.publication_date
    patterns = [
        "/section/{}/",
        "/section/{}/feed/",
        "/section/{}/feed/atom/",
        "/tag/{}/",
        "/tag/{}/feed/",
        "/author/{}/",
        "/preview/{}/",
        "/{}/",
        f"/{day.year}/{{}}/",
        f"/{day.year}/{day.month:02d}/{{}}/",
        f"/{day.year}/{day.month:02d}/{day.day:02d}/{{}}/",
        "/comments/post/{}/",
        "/comments/{}/",
        "/comments/{}/flag/",
        "/comments/confirm/{}/",
        "/comments/unsubscribe/{}/",
    ]
    failures = []
    for payload in NAUGHTY:
        segment = quote(payload, safe="")
        unmatched = 0
        for pattern in patterns:
            path = pattern.format(segment)
            try:
                resolve(pattern.format(payload))
            except Resolver404:
                unmatched += 1
                if unmatched > 1:
                    continue
            # Forms answer POST too; the signed links' POST is in the tampered-link test.
            posts = pattern.startswith(("/comments/post/", "/comments/{}"))
            for method in [reader.get, reader.post] if posts else [reader.get]:
                response = method(path)
                failures += unsafe(response, [payload], f"{method.__name__.upper()} {pattern}")
    report(failures)


def test_tampered_confirm_and_unsubscribe_links_change_nothing(reader, site):
    failures = []
    for payload in filter(None, NAUGHTY):
        for url in [site.confirm_url, site.unsubscribe_url]:
            tampered = url.rstrip("/") + quote(payload, safe="") + "/"
            response = reader.post(tampered)
            failures += unsafe(response, [payload], f"POST tampered {url[:22]}")
            if response.status_code not in {400, 404}:
                failures.append(failure(response, payload, f"tampered {url[:22]} accepted"))
    report(failures)
    site.commenter.refresh_from_db()
    site.comment.refresh_from_db()
    assert site.commenter.confirmed_at is None
    assert site.comment.notify_replies is True


# The comment form


def post_comment(client, article, index=0, **fields):
    """Post the form as a browser does (urlencoded), each `index` from its own address and
    email, so the duplicate check never joins two strings that differ only in case."""
    fields.setdefault("email", f"reader{index}@example.net")
    return client.post(
        reverse("comments:post", args=[article.pk]),
        urlencode(form_data(article, **fields)),
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=address(index),
    )


def newest(model, after):
    """The row of `model` stored since the one with pk `after`, or None."""
    return model.objects.filter(pk__gt=after).order_by("pk").first()


def last_pk(model):
    return model.objects.order_by("pk").values_list("pk", flat=True).last() or 0


def refusal_problems(response, payload, fields, *, kept=()):
    """What is wrong with a refusal: the form must come back with an error on exactly
    `fields`, and what was typed into the `kept` fields still in them (escaped)."""
    if response.status_code != 400:
        return [failure(response, payload, f"{sorted(fields)} refused, expected 400")]
    problems = []
    errors = set(response.context["form"].errors)
    if errors != set(fields):
        problems.append(f"errors on {sorted(errors)}, expected {sorted(fields)}: {payload!r}")
    if kept and escape(payload) not in response.content.decode():
        problems.append(f"{sorted(kept)}: typed {payload!r} not kept in the form")
    return problems


def expected_text(typed):
    return typed.replace("\r\n", "\n").replace("\r", "\n").strip()


def visible(text):
    return "".join(char for char in text if unicodedata.category(char) != "Cf").strip()


def text_refused(typed):
    text = expected_text(typed)
    return not visible(text) or bool(CONTROL_RE.search(text)) or len(text) > MAX_LENGTH


def expected_name(typed):
    return " ".join(typed.split())


def name_refused(typed):
    name = expected_name(typed)
    return not visible(name) or bool(CONTROL_RE.search(name)) or len(typed.strip()) > 80


def display_problems(page_html, comment, typed):
    """What is wrong with how the thread shows `comment`'s text, typed as `typed`."""
    match = re.search(
        rf'<li id="comment-{comment.pk}".*?<div class="comment__text">(.*?)</div>',
        page_html,
        re.DOTALL,
    )
    if match is None:
        return ["comment not in the thread"]
    shown = RenderedText(match.group(1))
    problems = []
    allowed = {"p": set(), "br": set(), "a": {"href", "rel"}}
    for tag, attrs in shown.tags:
        if tag not in allowed or set(attrs) - allowed[tag]:
            problems.append(f"tag <{tag} {attrs}> in the comment")
        elif tag == "a" and not (
            attrs.get("rel") == "nofollow ugc noopener"
            and re.match(r"https?://", attrs.get("href", ""))
        ):
            problems.append(f"link {attrs} in the comment")
    if shown.stray:
        problems.append(f"outside paragraphs: {shown.stray!r}")
    paragraphs = [part for part in re.split(r"\n\s*\n", expected_text(typed)) if part.strip()]
    if shown.paragraphs != paragraphs:
        problems.append(f"shown as {shown.paragraphs!r}, typed {paragraphs!r}")
    return problems


def test_comment_text_and_names_are_stored_and_shown_as_typed_or_refused_with_the_form(
    reader, open_comments, settings
):
    """Each string as the text and the name (and the reply-notice box) of one comment; where
    only one of the two is refused, the other is posted on its own too."""
    article = make_article()
    failures, accepted = [], []
    for index, payload in enumerate(NAUGHTY):
        refused = {"text"} if text_refused(payload) else set()
        refused |= {"name"} if name_refused(payload) else set()
        attempts = [{"text", "name"}]
        if len(refused) == 1:
            attempts.append({"text", "name"} - refused)
        for attempt, fields in enumerate(attempts):
            after = last_pk(Comment)
            response = post_comment(
                reader,
                article,
                2 * index + attempt,
                notify_replies=payload,
                **dict.fromkeys(fields, payload),
            )
            failures += unsafe(response, [payload], f"post {sorted(fields)}")
            stored = newest(Comment, after)
            if refused & fields:
                failures += refusal_problems(response, payload, refused & fields, kept=fields)
                if stored is not None:
                    failures.append(f"{sorted(fields)}: refused {payload!r} but stored it")
            elif response.status_code != 302 or stored is None:
                failures.append(failure(response, payload, f"{sorted(fields)} not accepted"))
            elif stored.status != Comment.Status.APPROVED:
                failures.append(f"{sorted(fields)}: {payload!r} held: {stored.held_reason}")
            else:
                if "text" in fields and stored.text != expected_text(payload):
                    failures.append(f"text: stored {stored.text!r} for {payload!r}")
                if "name" in fields and stored.name != expected_name(payload):
                    failures.append(f"name: stored {stored.name!r} for {payload!r}")
                accepted.append((stored, payload, fields))

    # The whole thread on one page...
    settings.COMMENTS_PER_PAGE = len(accepted) + 1
    response = reader.get(article.get_absolute_url())
    failures += unsafe(response, NAUGHTY, "thread")
    html = response.content.decode()
    for stored, payload, fields in accepted:
        if "text" in fields:
            failures += [
                f"text {payload!r}: {problem}"
                for problem in display_problems(html, stored, payload)
            ]
        if f'<bdi class="comment__author">{escape(stored.name)}</bdi>' not in html:
            failures.append(f"name {stored.name!r} not shown escaped in the thread")
    # ...then each comment quoted by the reply form and, where it could break the markup,
    # shown on its report page.
    settings.COMMENTS_PER_PAGE = 1
    for stored, payload, _ in accepted:
        reply = reader.get(article.get_absolute_url(), {"reply": stored.pk})
        failures += unsafe(reply, [payload], "reply form")
        if f"Reply to {escape(stored.name)}</h3>" not in reply.content.decode():
            failures.append(failure(reply, payload, "reply form without the name"))
        if markup_variants(payload):
            flag = reader.get(reverse("comments:flag", args=[stored.pk]))
            failures += unsafe(flag, [payload], "report page")
            if f"by {escape(stored.name)}:" not in flag.content.decode():
                failures.append(failure(flag, payload, "report page without the name"))
    report(failures)


def test_email_and_hidden_fields_refuse_what_they_cannot_use(reader, open_comments):
    """Each string at once as the email (never an address), the form's signed timestamp
    (never the one signed for it), the comment replied to (there is none) and the honeypot
    (only NUL is refused there, as in any text field)."""
    article = make_article()
    failures = []
    for index, payload in enumerate(NAUGHTY):
        response = post_comment(
            reader,
            article,
            index,
            email=payload,
            timestamp=payload,
            parent=payload,
            website=payload,
            text=f"Comment {index}.",
        )
        refused = {"email", "timestamp"}
        refused |= {"parent"} if payload else set()
        refused |= {"website"} if "\x00" in payload else set()
        failures += unsafe(response, [payload], "hidden fields")
        failures += refusal_problems(response, payload, refused, kept={"email"})
    report(failures)
    assert not Comment.objects.exists()


# The report (flag) form


def test_flag_notes_are_stored_as_typed_and_reasons_must_be_a_choice(reader, site, open_comments):
    url = reverse("comments:flag", args=[site.comment.pk])
    failures = []
    for index, payload in enumerate(NAUGHTY):
        note = payload.strip()
        note_refused = "\x00" in note or len(note) > 300
        # Each report from a reader of its own: an address reports a comment once.
        response = reader.post(
            url, {"reason": payload, "note": payload}, REMOTE_ADDR=address(2 * index)
        )
        failures += unsafe(response, [payload], "flag reason")
        refused = {"reason", "note"} if note_refused else {"reason"}
        failures += refusal_problems(response, payload, refused, kept={"note"})

        after = last_pk(CommentFlag)
        response = reader.post(
            url, {"reason": "other", "note": payload}, REMOTE_ADDR=address(2 * index + 1)
        )
        failures += unsafe(response, [payload], "flag note")
        stored = newest(CommentFlag, after)
        if note_refused:
            failures += refusal_problems(response, payload, {"note"}, kept={"note"})
        elif response.status_code != 302 or stored is None:
            failures.append(failure(response, payload, "flag note not accepted"))
        elif stored.note != note:
            failures.append(f"flag note: stored {stored.note!r} for {payload!r}")
    report(failures)
