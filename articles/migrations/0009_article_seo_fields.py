import articles.images
import articles.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_siteredirect"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="meta_description",
            field=models.CharField(
                blank=True,
                help_text="The summary under the title in search results and share cards. About 160 characters show. Empty: the standfirst.",
                max_length=300,
                verbose_name="search and share description",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="seo_title",
            field=models.CharField(
                blank=True,
                help_text="Replaces the headline in search results and share cards. About 60 characters show in search results (the site name is added). Empty: the headline.",
                max_length=100,
                verbose_name="search and share title",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="share_image",
            field=models.ImageField(
                blank=True,
                height_field="share_image_height",
                help_text="Shown when the article is shared on social media, instead of the featured image. Best at 1200 × 630 pixels.",
                upload_to=articles.images.share_image_path,
                width_field="share_image_width",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="share_image_alt",
            field=models.CharField(
                blank=True,
                help_text="Describe the share image for readers who cannot see it. Required with it.",
                max_length=250,
                verbose_name="share image alternative text",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="share_image_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="share_image_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="author",
            name="other_profiles",
            field=models.TextField(
                blank=True,
                help_text="Other public profiles (e.g. Bluesky, LinkedIn, Wikipedia), one full address a line, at most 10. Listed on the author page and given to search engines as the same person.",
                max_length=3010,
                validators=[articles.models.validate_profile_urls],
            ),
        ),
    ]
