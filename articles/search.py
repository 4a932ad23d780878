"""Full-text search over articles: SQLite FTS5 by default, PostgreSQL full-text search in
production, behind `ArticleQuerySet.search()`.

Both keep one row per article in the `articles_search` table (`ArticleSearchEntry`): the
headline, standfirst, tag and author names ("keywords") and the body as plain text. On SQLite
it is an FTS5 virtual table (the row id is the article's id); on PostgreSQL a plain table with
a weighted `tsvector` under a GIN index. The signals at the bottom keep it in step with every
save and delete of an article, its tags and authors, and renames of a tag or author.

Readers' text never reaches the database's query syntax: `parse_query()` turns it into words
and "quoted phrases" (a word ending in `*` matches as a prefix), and each backend writes its
own query from those, quoting every word.
"""

import html
import json
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, F, Value
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

SEARCH_MAX_WORDS = 8
SNIPPET_WORDS = 24
# Marks around matched words in snippets. Control characters are never in indexed text
# (`plain()` drops them), so the only ones in a snippet are the database's own marks.
MARK_START, MARK_END = "\x02", "\x03"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A quoted phrase (the closing quote may be missing), or a run of anything but space and quotes.
QUERY_PARTS = re.compile(r'"([^"]*)"?|([^\s"]+)')
WORD = re.compile(r"\w+")
INDEX_CHUNK = 200


@dataclass(frozen=True)
class Term:
    """One thing every result must contain: a word, a phrase (words in this order) or, when
    `prefix`, any word starting with the single word given."""

    words: tuple
    prefix: bool = False


def parse_query(text, *, max_words=SEARCH_MAX_WORDS):
    """The terms of a reader's query, at most `max_words` words in all. Anything but letters,
    digits, quotes and a trailing `*` separates words, so FTS syntax (`NEAR`, `-`, `:`, `^`,
    brackets) is just text; AND, OR and NOT are searched for as the words they are."""
    terms, budget = [], max_words
    for phrase, chunk in QUERY_PARTS.findall(unicodedata.normalize("NFKC", text)):
        if budget <= 0:
            break
        words = tuple(WORD.findall(phrase if phrase else chunk))[:budget]
        if not words:
            continue
        budget -= len(words)
        if phrase and len(words) > 1:
            terms.append(Term(words))
            continue
        prefix = bool(chunk) and chunk.endswith("*")
        terms += [Term((word,)) for word in words[:-1]]
        terms.append(Term((words[-1],), prefix=prefix))
    return terms


def plain(text):
    """`text` as one line of words: no control characters, whitespace runs single spaces."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text or "").split())


def body_text(body_html):
    """The words a reader sees in an article body (its stored, sanitized HTML)."""
    return plain(html.unescape(strip_tags(body_html)))


def document_of(article):
    """What is indexed for `article`: {column: plain text}."""
    names = [tag.name for tag in article.tags.all()] + [a.name for a in article.authors.all()]
    return {
        "headline": plain(article.headline),
        "standfirst": plain(article.standfirst),
        "keywords": plain(" · ".join(names)),
        "body": body_text(article.body_html),
    }


def highlighted(snippet):
    """A snippet from the database as HTML: the text escaped, the matches in <mark>."""
    marked = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # Safe: every character of the snippet is escaped; only our own <mark> tags are added.
    return mark_safe(marked)  # noqa: S308


def is_postgresql():
    return connection.vendor == "postgresql"


# SQLite FTS5


# The SQL is fixed text; the reader's query is only ever a bound parameter. The articles are
# joined to the index (their `search_entry`), so one FTS5 cursor matches and ranks them all:
# a rank subquery per article would match the whole index again for each of them, which on a
# common word is quadratic.
FTS5_MATCH = "articles_search MATCH %s"
# bm25() weights, in the table's column order: headline, standfirst, keywords, body and the
# unused `document`. bm25() is lower for better matches.
FTS5_RANK = "bm25(articles_search, 10.0, 4.0, 4.0, 1.0, 0.0)"
FTS5_SNIPPETS = (
    "SELECT rowid, snippet(articles_search, 3, %s, %s, %s, %s) FROM articles_search "  # 3: body
    "WHERE articles_search MATCH %s AND rowid IN (SELECT value FROM json_each(%s))"
)


class FTS5Backend:
    @staticmethod
    def match_expression(terms):
        """An FTS5 query for `terms`: every word in double quotes (FTS5 then reads it as
        text, never as syntax), phrases as one quoted string, prefixes with `*` after it."""

        def quoted(words):
            return '"' + " ".join(words).replace('"', '""') + '"'

        return " ".join(quoted(term.words) + ("*" if term.prefix else "") for term in terms)

    def search(self, articles, terms):
        match = self.match_expression(terms)
        return (
            articles.filter(search_entry__isnull=False)  # the join the SQL below names
            .filter(RawSQL(FTS5_MATCH, [match], output_field=BooleanField()))  # noqa: S611
            .annotate(search_rank=RawSQL(FTS5_RANK, []))  # noqa: S611 (fixed text)
            .order_by("search_rank", "-first_published_at", "-pk")
        )

    def snippets(self, article_ids, terms):
        params = [MARK_START, MARK_END, "…", SNIPPET_WORDS, self.match_expression(terms)]
        with connection.cursor() as cursor:
            cursor.execute(FTS5_SNIPPETS, [*params, json.dumps(article_ids)])
            return dict(cursor.fetchall())

    def index(self, entry_model, article_id, document):
        entry_model.objects.update_or_create(article_id=article_id, defaults=document)

    def index_many(self, entry_model, documents):
        """Write the rows of {article id: document} in a few queries for the lot."""
        entry_model.objects.filter(article_id__in=list(documents)).delete()
        entry_model.objects.bulk_create(
            [entry_model(article_id=pk, **document) for pk, document in documents.items()]
        )


# PostgreSQL


class PostgreSQLBackend:
    COLUMNS = ("headline", "standfirst", "keywords", "body")  # the vector's weights: A, B, B, C

    @staticmethod
    def config():
        """The text search configuration the index uses: SEARCH_CONFIG's, with accents
        folded (see `create_config()`)."""
        return f"newsapp_{settings.SEARCH_CONFIG}"

    def create_config(self, cursor):
        """Make `config()` if it is missing: a copy of SEARCH_CONFIG whose words pass the
        unaccent dictionary first, so "cafe" finds "café" and snippets mark "café"."""
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [self.config()])
        if cursor.fetchone():
            return
        cursor.execute(
            "SELECT d.dictname FROM pg_ts_config_map m "
            "JOIN pg_ts_config c ON c.oid = m.mapcfg JOIN pg_ts_dict d ON d.oid = m.mapdict "
            "WHERE c.oid = %s::regconfig AND m.maptokentype = "
            "(SELECT tokid FROM ts_token_type('default') WHERE alias = 'word') "
            "ORDER BY m.mapseqno",
            [settings.SEARCH_CONFIG],
        )
        quote = connection.ops.quote_name
        dictionaries = ", ".join(["unaccent", *(quote(name) for (name,) in cursor.fetchall())])
        name, base = quote(self.config()), quote(settings.SEARCH_CONFIG)
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {base})")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR word, hword, hword_part WITH {dictionaries}"
        )

    def query(self, terms, *, any_term=False):
        """A SearchQuery with every term (or any one, with `any_term`): words and phrases
        parsed by PostgreSQL itself (plain and phrase search types never fail on odd text),
        prefixes as `word:*` (letters and digits only, so nothing in it is tsquery syntax)."""
        from django.contrib.postgres.search import SearchQuery

        combined = None
        for term in terms:
            if term.prefix:
                query = SearchQuery(f"{term.words[0]}:*", search_type="raw", config=self.config())
            else:
                search_type = "phrase" if len(term.words) > 1 else "plain"
                query = SearchQuery(
                    " ".join(term.words), search_type=search_type, config=self.config()
                )
            if combined is None:
                combined = query
            else:
                combined = combined | query if any_term else combined & query
        return combined

    def search(self, articles, terms):
        from django.contrib.postgres.search import SearchRank

        query = self.query(terms)
        return (
            articles.filter(search_entry__document=query)
            .annotate(search_rank=SearchRank(F("search_entry__document"), query))
            .order_by("-search_rank", "-first_published_at", "-pk")
        )

    def snippets(self, article_ids, terms):
        from django.contrib.postgres.search import SearchHeadline

        from .models import ArticleSearchEntry

        headline = SearchHeadline(
            "body",
            # Any term: ts_headline marks words only where the query as a whole holds, and
            # the body alone may not hold all of it (a word may be in the headline).
            self.query(terms, any_term=True),
            config=self.config(),
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
        )
        entries = ArticleSearchEntry.objects.filter(article_id__in=article_ids)
        return dict(entries.annotate(snippet=headline).values_list("article_id", "snippet"))

    def index(self, entry_model, article_id, document):
        entry_model.objects.update_or_create(article_id=article_id, defaults=document)
        entry_model.objects.filter(article_id=article_id).update(
            document=self.vector(*(Value(document[column]) for column in self.COLUMNS))
        )

    def index_many(self, entry_model, documents):
        """Write the rows of {article id: document} in a few queries for the lot, the
        weighted vectors made by the database from the stored text."""
        entries = entry_model.objects.filter(article_id__in=list(documents))
        entries.delete()
        entry_model.objects.bulk_create(
            [entry_model(article_id=pk, **document) for pk, document in documents.items()]
        )
        entries.update(document=self.vector(*(F(column) for column in self.COLUMNS)))

    def vector(self, headline, standfirst, keywords, body):
        from django.contrib.postgres.search import SearchVector

        config = self.config()
        return (
            SearchVector(headline, weight="A", config=config)
            + SearchVector(standfirst, keywords, weight="B", config=config)
            + SearchVector(body, weight="C", config=config)
        )


def backend():
    return PostgreSQLBackend() if is_postgresql() else FTS5Backend()


# Keeping the index in step


def index_articles(articles, *, entry_model=None):
    """Write the search rows of `articles` (a queryset; tags and authors are prefetched)."""
    if entry_model is None:
        from .models import ArticleSearchEntry as entry_model
    search_backend = backend()
    documents = {}
    for article in articles.prefetch_related("tags", "authors").iterator(chunk_size=INDEX_CHUNK):
        documents[article.pk] = document_of(article)
        if len(documents) >= INDEX_CHUNK:
            search_backend.index_many(entry_model, documents)
            documents = {}
    if len(documents) == 1:  # one article saved: its row updated in place
        search_backend.index(entry_model, *documents.popitem())
    elif documents:
        search_backend.index_many(entry_model, documents)


def rebuild_index():
    """Index every article afresh (e.g. after SEARCH_CONFIG changed, or after articles were
    changed with `QuerySet.update()`, which sends no signal); returns how many."""
    from .models import Article, ArticleSearchEntry

    with transaction.atomic():
        if is_postgresql():
            with connection.cursor() as cursor:
                PostgreSQLBackend().create_config(cursor)
        ArticleSearchEntry.objects.all().delete()
        index_articles(Article.objects.all())
    return Article.objects.count()


def reindex(article_ids):
    from .models import Article

    if article_ids:
        index_articles(Article.objects.filter(pk__in=list(article_ids)))


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex([instance.pk])


def _tags_or_authors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        if action != "pre_clear":
            reindex([instance.pk])
        return
    # tag.articles.add(...) and the like: `instance` is the tag or author.
    if action == "pre_clear":
        instance._search_cleared_ids = list(instance.articles.values_list("pk", flat=True))
    elif action == "post_clear":
        reindex(getattr(instance, "_search_cleared_ids", []))
    else:
        reindex(pk_set)


def _tag_or_author_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        reindex(instance.articles.values_list("pk", flat=True))


def _tag_or_author_deleting(sender, instance, **kwargs):
    # Its m2m rows are deleted with it, with no m2m_changed signal: remember its articles
    # now and index them again once it is gone.
    instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))


def _tag_or_author_deleted(sender, instance, **kwargs):
    reindex(getattr(instance, "_search_article_ids", []))


def connect_signals():
    """Called by the app's ready(): keep the index in step with every change readers
    search (saves in the admin set tags and authors after the article's own save)."""
    from .models import Article, Author, Tag

    post_save.connect(_article_saved, sender=Article, dispatch_uid="search_article_saved")

    for relation in (Article.tags, Article.authors):
        m2m_changed.connect(
            _tags_or_authors_changed,
            sender=relation.through,
            dispatch_uid=f"search_{relation.field.name}_changed",
        )
    for model in (Tag, Author):
        post_save.connect(
            _tag_or_author_saved, sender=model, dispatch_uid=f"search_{model.__name__}_saved"
        )
        pre_delete.connect(
            _tag_or_author_deleting, sender=model, dispatch_uid=f"search_{model.__name__}_deleting"
        )
        post_delete.connect(
            _tag_or_author_deleted, sender=model, dispatch_uid=f"search_{model.__name__}_deleted"
        )
