"""The site search index (articles/search.py): an FTS5 virtual table on SQLite, a table with
a weighted tsvector under a GIN index on PostgreSQL; then every article is indexed."""

import django.contrib.postgres.search
from django.db import migrations, models

SQLITE = [
    # Accents fold (café finds cafe); `document` is PostgreSQL's column, unused here.
    """CREATE VIRTUAL TABLE articles_search USING fts5(
        headline, standfirst, keywords, body, document UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
    )""",
]
POSTGRESQL = [
    # No foreign key: Django deletes an article's row itself (on_delete=CASCADE), and a key
    # would stop the test runner's TRUNCATE of articles_article.
    """CREATE TABLE articles_search (
        rowid bigint PRIMARY KEY,
        headline text NOT NULL,
        standfirst text NOT NULL,
        keywords text NOT NULL,
        body text NOT NULL,
        document tsvector
    )""",
    "CREATE INDEX articles_search_document_idx ON articles_search USING gin (document)",
]


def create_index(apps, schema_editor):
    from articles.search import PostgreSQLBackend

    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            PostgreSQLBackend().create_config(cursor)


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS articles_search")


def index_every_article(apps, schema_editor):
    from articles.search import index_articles

    Article = apps.get_model("articles", "Article")
    index_articles(Article.objects.all(), entry_model=apps.get_model("articles", "ArticleSearchEntry"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_rerender_bodies_with_markdown_it"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleSearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("headline", models.TextField()),
                ("standfirst", models.TextField()),
                ("keywords", models.TextField(help_text="Tag and author names.")),
                ("body", models.TextField(help_text="The body as plain text.")),
                (
                    "document",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text="PostgreSQL only; empty on SQLite.", null=True
                    ),
                ),
            ],
            options={"db_table": "articles_search", "managed": False},
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(index_every_article, migrations.RunPython.noop),
    ]
