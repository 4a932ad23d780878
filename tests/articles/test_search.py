"""Site search: what it finds, in what order, the snippets and filters, on SQLite (FTS5) and
PostgreSQL (full-text search) alike."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleSearchEntry
from articles.search import Term, parse_query
from articles.services import article_publish, article_withdraw
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get(reverse("articles:search"), {"q": q, **params})
    assert response.status_code == 200
    return response


def headlines(response):
    return [article.headline for article in response.context["article_list"]]


def found(q, **params):
    return [article.headline for article in Article.objects.search(q, **params)]


# Reading the query


def test_the_query_becomes_quoted_words_phrases_and_prefixes():
    assert parse_query('harbour "fishing fleet" reg*') == [
        Term(("harbour",)),
        Term(("fishing", "fleet")),
        Term(("reg",), prefix=True),
    ]
    # FTS syntax is text: operators are plain words, punctuation separates words.
    assert parse_query("NEAR(a b) -x col:y ^z") == [
        Term((word,)) for word in ["NEAR", "a", "b", "x", "col", "y", "z"]
    ]
    assert parse_query('"unclosed phrase') == [Term(("unclosed", "phrase"))]
    assert parse_query('"" * - : ( ) ^ """') == []
    assert len(parse_query("word " * 50)) == 8


# What it finds and in what order


def test_finds_headline_standfirst_body_tags_and_authors(client):
    tag = make_tag(name="Fisheries")
    author = make_author(name="Ana Ribeiro")
    make_article(headline="Harbour reopens")
    make_article(headline="Quiet week", standfirst="The harbour stays shut.")
    make_article(headline="Council notes", body="Boats returned to the **harbour** at dawn.")
    make_article(headline="Tagged story", tags=[tag])
    make_article(headline="Bylined story", authors=[author])
    make_article(headline="Unrelated story")

    response = search(client, "harbour")
    assert set(headlines(response)) == {"Harbour reopens", "Quiet week", "Council notes"}
    assert "3 articles found" in response.content.decode()
    assert found("fisheries") == ["Tagged story"]
    assert found("ribeiro") == ["Bylined story"]


def test_a_headline_match_beats_a_body_match_and_newer_wins_a_tie(client):
    make_article(headline="Budget talks", body="Nothing about the drought.", ago=timedelta(hours=1))
    make_article(headline="Drought deepens", ago=timedelta(days=30))
    make_article(headline="Farm report", standfirst="The drought bites.", ago=timedelta(days=2))
    assert found("drought") == ["Drought deepens", "Farm report", "Budget talks"]

    # The same words in the same places: the newest first.
    older = make_article(headline="Tidal surge", body="Sea wall.", ago=timedelta(days=9))
    newer = make_article(headline="Tidal surge", body="Sea wall.", ago=timedelta(days=1))
    assert list(Article.objects.search("tidal surge")) == [newer, older]


def test_every_word_must_match(client):
    make_article(headline="River flood warning")
    make_article(headline="River cruise")
    assert found("river flood") == ["River flood warning"]
    assert set(found("river")) == {"River cruise", "River flood warning"}


def test_phrases_in_quotes_match_the_words_together(client):
    make_article(headline="Fishing fleet returns")
    make_article(headline="Fleet of boats goes fishing")
    assert found('"fishing fleet"') == ["Fishing fleet returns"]
    assert set(found("fishing fleet")) == {"Fishing fleet returns", "Fleet of boats goes fishing"}


def test_a_star_matches_every_word_a_prefix_begins(client):
    make_article(headline="Regional elections")
    make_article(headline="Region votes")
    make_article(headline="Rugby results")
    assert set(found("regio*")) == {"Regional elections", "Region votes"}
    assert found("regio") == []


def test_accents_fold_and_other_scripts_are_found(client):
    make_article(headline="Café owners protest", body="Les crêpes de São Paulo.")
    make_article(headline="Новости порта", body="Корабли вернулись.")
    make_article(headline="عودة السفن", body="الميناء مفتوح")
    make_article(headline="港口重新开放", body="渔船 回来了")
    assert found("cafe") == ["Café owners protest"]
    assert found("CAFÉ") == ["Café owners protest"]
    assert found("Sao paulo") == ["Café owners protest"]
    (article,) = search(client, "crepes").context["article_list"]
    assert "<mark>crêpes</mark>" in article.search_snippet
    assert found("новости") == ["Новости порта"]
    assert found("السفن") == ["عودة السفن"]
    assert found("渔船") == ["港口重新开放"]


def test_only_published_articles_are_found(client):
    make_article(headline="Zebra published")
    make_article(headline="Zebra draft", published=False)
    make_article(headline="Zebra scheduled", ago=-timedelta(hours=1))
    article_withdraw(article=make_article(headline="Zebra withdrawn"))
    assert found("zebra") == ["Zebra published"]


# Snippets


def test_snippets_show_the_matched_words_in_context_escaped(client):
    body = (
        "The council met on Monday. <script>alert('x')</script> A & B said the "
        "lighthouse would close, and <b>nobody</b> objected."
    )
    make_article(headline="Coast news", body=body)
    response = search(client, "lighthouse")
    content = response.content.decode()
    assert "<mark>lighthouse</mark>" in content
    assert "<script>alert" not in content
    (article,) = response.context["article_list"]
    snippet = str(article.search_snippet)
    assert "would close" in snippet
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_body_words_are_marked_when_other_words_matched_elsewhere(client):
    make_article(
        headline="Port authority formed", body="Nobody wanted to keep dredging three channels."
    )
    (article,) = search(client, '"port authority" dredg*').context["article_list"]
    assert "<mark>dredging</mark>" in article.search_snippet


def test_markup_characters_beside_the_match_stay_text(client):
    make_article(headline="Maths story", body='Type `x < y & "z" > w` to test the lighthouse.')
    response = search(client, "lighthouse")
    (article,) = response.context["article_list"]
    snippet = str(article.search_snippet)
    assert "x &lt; y &amp; &quot;z&quot; &gt; w" in snippet
    assert "<mark>lighthouse</mark>" in snippet


# Filters


def test_filters_by_section_and_dates(client):
    world, sport = make_section(name="World", slug="world"), make_section(slug="sport")
    now = timezone.localtime()
    make_article(headline="Match in world", section=world, ago=timedelta(days=1))
    make_article(headline="Match in sport", section=sport, ago=timedelta(days=1))
    make_article(headline="Old match in world", section=world, ago=timedelta(days=40))

    assert set(headlines(search(client, "match", section="world"))) == {
        "Match in world",
        "Old match in world",
    }
    recent = {"published_after": f"{now - timedelta(days=10):%Y-%m-%d}"}
    assert set(headlines(search(client, "match", **recent))) == {"Match in world", "Match in sport"}
    old = {"published_before": f"{now - timedelta(days=10):%Y-%m-%d}", "section": "world"}
    assert headlines(search(client, "match", **old)) == ["Old match in world"]
    # The filters stay in the form; a value that is no date is not put back in a date box.
    assert 'value="world" selected' in search(client, "match", section="world").content.decode()
    kept = search(client, "match", published_after="2025-03-01").content.decode()
    assert 'name="published_after" value="2025-03-01"' in kept
    refused = search(client, "match", published_after="soon").content.decode()
    assert "soon" not in refused


@pytest.mark.parametrize(
    "params, message",
    [
        ({"section": "no-such-section"}, "There is no such section."),
        ({"section": "x" * 5000}, "There is no such section."),
        ({"section": "bad\x00slug"}, "There is no such section."),
        ({"published_after": "yesterday"}, "Enter a date such as"),
        ({"published_after": "99999-01-01"}, "Enter a date such as"),
        ({"published_before": "2020-02-30"}, "Enter a date such as"),
        (
            {"published_after": "2025-03-02", "published_before": "2025-03-01"},
            "must not be after",
        ),
    ],
)
def test_bad_filters_say_what_is_wrong(client, params, message):
    make_article(headline="Match report")
    response = search(client, "match", **params)
    assert message in response.content.decode()
    assert headlines(response) == []


# Staying in step with the newsroom


def test_edits_withdrawals_and_deletions_reach_the_index(client):
    article = make_article(headline="Ferry timetable")
    assert found("ferry") == ["Ferry timetable"]

    article.headline = "Bus timetable"
    article.save()
    assert found("ferry") == []
    assert found("bus") == ["Bus timetable"]

    article_withdraw(article=article)
    assert found("bus") == []
    article_publish(article=article)
    assert found("bus") == ["Bus timetable"]

    article_id = article.pk
    article.delete()
    assert found("bus") == []
    assert not ArticleSearchEntry.objects.filter(article_id=article_id).exists()


def test_tag_and_author_changes_reach_the_index(client):
    article = make_article(headline="Port story")
    tag = make_tag(name="Shipping")
    author = make_author(name="Lena Sørensen")

    article.tags.add(tag)
    assert found("shipping") == ["Port story"]
    tag.name = "Logistics"
    tag.save()
    assert found("shipping") == []
    assert found("logistics") == ["Port story"]

    author.articles.add(article)  # from the other side, as an author's page might
    assert found("sørensen") == ["Port story"]
    author.name = "Lena Berg"
    author.save()
    assert found("berg") == ["Port story"]
    author.articles.clear()
    assert found("berg") == []

    article.tags.remove(tag)
    assert found("logistics") == []
    article.tags.add(tag)
    tag.delete()
    assert found("logistics") == []


def test_tags_set_in_the_admin_after_the_save_are_indexed(admin_client):
    from tests.factories import article_form

    section = make_section()
    tag = make_tag(name="Wildlife")
    data = article_form(section, headline="Otters return", slug="otters-return", tags=[tag.pk])
    data.update({"status": "published", "publish_at_0": "2020-01-01", "publish_at_1": "10:00:00"})
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert found("wildlife") == ["Otters return"]


# Bounds


def test_odd_queries_give_results_or_no_results_never_an_error(client):
    make_article(headline="Harbour reopens", body="Boats are back.")
    for q in [
        '"',
        '""',
        "*",
        "harbour*" * 10,
        "NEAR(harbour boats, 2)",
        "harbour -boats",
        "headline:harbour",
        "(harbour) AND boats OR NOT x",
        "^harbour",
        "harbour:*",
        "'harbour' & !boats | <->",
        "\\",
        "%_",
        "x" * 5000,
        "a " * 500,
        "🙂 harbour",
        "\u200b",
        "\x00harbour",
    ]:
        response = client.get(reverse("articles:search"), {"q": q})
        assert response.status_code == 200, q
    # Syntax characters separate words; NEAR is a word like any other.
    assert found("NEAR(harbour boats)") == []
    assert found("(harbour) -boats^") == ["Harbour reopens"]
    assert found("headline:harbour") == []
    assert found("harbour:boats") == ["Harbour reopens"]
    assert found('"harbour') == ["Harbour reopens"]


def test_an_empty_query_lists_nothing_and_says_nothing_was_searched(client):
    make_article(headline="Anything")
    response = search(client, "   ")
    assert headlines(response) == []
    assert "found" not in response.content.decode()
    response = search(client, "- : ( )")
    assert "Nothing matched" in response.content.decode()


# The count and the page of results, their bylines, their snippets, the sections for the
# filter, and what every page runs (the navigation's sections, the announcement).
SEARCH_PAGE_QUERIES = 7


@pytest.mark.parametrize("results", [2, 20])
def test_search_pages_cost_the_same_queries_however_many_results(
    client, django_assert_num_queries, results
):
    for _ in range(results):
        make_article(headline="Lighthouse keeper", tags=[make_tag()], authors=[make_author()])
    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        response = search(client, "lighthouse")
    assert response.context["paginator"].count == results


def test_rebuild_search_index_indexes_what_bulk_updates_skipped():
    article = make_article(headline="Ferry timetable")
    Article.objects.filter(pk=article.pk).update(headline="Bus timetable", body_html="<p>Late</p>")
    assert found("bus") == []

    out = io.StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=out)
    assert out.getvalue() == "Would index 1 article(s).\n"
    assert found("bus") == []

    for _ in range(2):  # and again: the same index, nothing doubled
        out = io.StringIO()
        call_command("rebuild_search_index", stdout=out)
        assert out.getvalue() == "Indexed 1 article(s) for search.\n"
        assert found("bus") == ["Bus timetable"]
        assert found("late") == ["Bus timetable"]
        assert found("ferry") == []

    quiet = io.StringIO()
    call_command("rebuild_search_index", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""
