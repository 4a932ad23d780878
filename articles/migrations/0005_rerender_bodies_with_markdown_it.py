"""Bodies are now rendered by markdown-it-py (linear time, bounded nesting), with ids on
headings: render every stored body again so pages show what a new save would."""

from django.db import migrations

BATCH = 200


def rerender_bodies(apps, schema_editor):
    from articles.markdown import render_markdown

    Article = apps.get_model("articles", "Article")
    changed = []
    for article in Article.objects.only("pk", "body", "body_html").iterator(chunk_size=BATCH):
        html = render_markdown(article.body)
        if html != article.body_html:
            article.body_html = html
            changed.append(article)
        if len(changed) >= BATCH:
            Article.objects.bulk_update(changed, ["body_html"])
            changed = []
    Article.objects.bulk_update(changed, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_body_max_length"),
    ]

    operations = [
        migrations.RunPython(rerender_bodies, migrations.RunPython.noop, elidable=True),
    ]
