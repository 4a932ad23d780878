"""Corrections and updates become their own dated notes (articles.Correction), many per
article; each article's one note moves into a note of its kind and time, which also becomes
the article's public "updated" time."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def notes_to_corrections(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Correction = apps.get_model("articles", "Correction")
    noted = Article.objects.exclude(note="").only("note", "note_kind", "note_at", "updated_at")
    for article in noted.iterator(chunk_size=500):
        published_at = article.note_at or article.updated_at
        Correction.objects.create(
            article=article,
            kind=article.note_kind or "update",
            text=article.note.strip()[:2000] or "Updated.",
            published_at=published_at,
        )
        Article.objects.filter(pk=article.pk).update(revised_at=published_at)
    check_constraints_now(schema_editor)


def corrections_to_notes(apps, schema_editor):
    """Back to one note an article: its newest."""
    Article = apps.get_model("articles", "Article")
    Correction = apps.get_model("articles", "Correction")
    for correction in Correction.objects.order_by("article", "published_at").iterator():
        Article.objects.filter(pk=correction.article_id).update(
            note=correction.text, note_kind=correction.kind, note_at=correction.published_at
        )
    check_constraints_now(schema_editor)


def check_constraints_now(schema_editor):
    """PostgreSQL refuses to alter a table with foreign key checks still pending from rows
    written in the same transaction; run them now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_article_edit_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='revised_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When readers were last told the article changed: a substantive edit or a correction or update note. A typo fix leaves it.', null=True, verbose_name='updated (for readers)'),
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('correction', 'Correction'), ('update', 'Update')], default='correction', max_length=12)),
                ('text', models.TextField(help_text='What was wrong and what is right now, or what the update adds. Plain text, at most 2000 characters.', max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)])),
                ('published_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When readers were told; not in the future.', verbose_name='time')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='articles.article')),
            ],
            options={
                'ordering': ['published_at', 'pk'],
                'indexes': [models.Index(fields=['-published_at'], name='correction_published_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='correction_has_text')],
            },
        ),
        migrations.RunPython(notes_to_corrections, corrections_to_notes),
        migrations.RemoveField(
            model_name='article',
            name='note',
        ),
        migrations.RemoveField(
            model_name='article',
            name='note_at',
        ),
        migrations.RemoveField(
            model_name='article',
            name='note_kind',
        ),
    ]
