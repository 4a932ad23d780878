from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_seo_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="edit_version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
