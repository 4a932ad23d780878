"""Read a page's metadata as consumers do: JSON-LD and OpenGraph with extruct (the extractor
search tools use), the rest of <head> with lxml."""

import extruct
from django.conf import settings
from lxml import html as lxml_html


def structured_data(content):
    """{"@type": item} of the page's JSON-LD items (each type appears once a page)."""
    items = extruct.extract(content, base_url=settings.SITE_URL, syntaxes=["json-ld"])["json-ld"]
    by_type = {item["@type"]: item for item in items}
    assert len(by_type) == len(items), items
    return by_type


def open_graph(content):
    """The page's OpenGraph properties as a list of (property, content), in page order."""
    found = extruct.extract(
        content, base_url=settings.SITE_URL, syntaxes=["opengraph"], uniform=False
    )["opengraph"]
    return [pair for block in found for pair in block["properties"]]


def og_value(content, name):
    values = [value for key, value in open_graph(content) if key == name]
    assert len(values) == 1, (name, values)
    return values[0]


def document(content):
    return lxml_html.fromstring(content)


def meta_named(content, name):
    """The content of every <meta name="name"> (robots, description, twitter:...)."""
    return document(content).xpath("//head/meta[@name=$name]/@content", name=name)


def title(content):
    return document(content).findtext(".//head/title")


def canonical(content):
    links = document(content).xpath("//head/link[@rel='canonical']/@href")
    assert len(links) <= 1, links
    return links[0] if links else None


def is_absolute(url):
    return url.startswith(("http://", "https://"))
