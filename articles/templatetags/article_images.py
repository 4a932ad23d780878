"""{% picture %}: a responsive image from the renditions recorded beside an image field."""

from django import template

from articles import renditions

register = template.Library()

LOADING = {"high", "eager", "lazy"}


@register.inclusion_tag("includes/picture.html")
def picture(field_file, record, *, alt="", sizes="100vw", rendition_set=renditions.FULL,
            loading="lazy", css_class=""):  # fmt: skip
    """`loading`: "high" for the page's lead image (fetched first, never lazy), "eager" for
    other images at the top of a page, "lazy" (the default) for the rest."""
    return {
        "picture": renditions.picture(field_file, record, rendition_set),
        "alt": alt,
        "sizes": sizes,
        "loading": loading if loading in LOADING else "lazy",
        "css_class": css_class,
    }
