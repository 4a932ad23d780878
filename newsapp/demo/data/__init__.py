"""Demo content for an empty site: `manage.py demo_content` writes it into the database.

Every country, city, person and organization here is invented, so that the demo can report
contested news without saying anything about anyone real. Links point at `.example` addresses
(reserved, RFC 2606) apart from the Telegram links, which need a t.me address to look right.
Each section names the `pictures` scene drawn for its articles' featured images.
"""

from . import analysis, asia_pacific, europe, middle_east, opinion, world

SECTIONS = [
    {
        "name": "World",
        "slug": "world",
        "scene": "globe",
        "order": 1,
        "description": "The stories that cross borders: diplomacy, conflict and the "
        "institutions caught between them.",
    },
    {
        "name": "Europe",
        "slug": "europe",
        "scene": "skyline",
        "order": 2,
        "description": "Valdoria, Kestria and the Verin Corridor ceasefire line, reported "
        "from Corvenna.",
    },
    {
        "name": "Middle East",
        "slug": "middle-east",
        "scene": "dunes",
        "order": 3,
        "description": "Qasiran, Ardun and the fight over the Nuri River, from our desk in "
        "Port Alcamar.",
    },
    {
        "name": "Asia-Pacific",
        "slug": "asia-pacific",
        "scene": "islands",
        "order": 4,
        "description": "Nandara, the Oriel Islands and the busy, disputed waters of the "
        "Kaimura Strait.",
    },
    {
        "name": "Analysis",
        "slug": "analysis",
        "scene": "chart",
        "order": 5,
        "description": "Our correspondents and editors explain what the news means and what "
        "to watch next.",
    },
    {
        "name": "Opinion",
        "slug": "opinion",
        "scene": "speech",
        "order": 6,
        "description": "Signed views from our editors and guest writers. They are theirs, "
        "not the newsroom's.",
    },
]

AUTHORS = [
    {
        "name": "Mara Lindqvist-Obi",
        "slug": "mara-lindqvist-obi",
        "job_title": "Europe correspondent",
        "bio": "Mara has covered Valdoria and Kestria from Corvenna for six years, including "
        "two winters on the Verin Corridor ceasefire line. She speaks four languages badly "
        "and one well.",
        "website": "https://lindqvist-obi.example",
        "mastodon": "https://mastodon.example/@mara",
        "colours": ("#1d4e89", "#f2a541"),
    },
    {
        "name": "Daniel Haroun",
        "slug": "daniel-haroun",
        "job_title": "Middle East editor",
        "bio": "Daniel runs our Port Alcamar bureau and writes about water, labour and the "
        "courts in Qasiran and Ardun. Before journalism he was a hydrologist.",
        "telegram": "https://t.me/haroun_dispatch_demo",
        "colours": ("#7a2e3a", "#e8d5b7"),
    },
    {
        "name": "Ines Arvelo",
        "slug": "ines-arvelo",
        "job_title": "Asia-Pacific correspondent",
        "bio": "Ines reports on Nandara and the Oriel Islands, usually from a boat. She has "
        "filed from every inhabited island in the archipelago except one.",
        "mastodon": "https://mastodon.example/@inesarvelo",
        "colours": ("#0f6e64", "#ffd6a5"),
    },
    {
        "name": "Tomas Wren",
        "slug": "tomas-wren",
        "job_title": "Analysis editor",
        "bio": "Tomas edits the Analysis section and writes about ceasefires, sanctions and "
        "disinformation. He keeps a spreadsheet of every broken truce since he started.",
        "website": "https://tomaswren.example",
        "colours": ("#3b3355", "#9ad1d4"),
    },
    {
        "name": "Leila Strand",
        "slug": "leila-strand",
        "job_title": "Opinion editor",
        "bio": "Leila edits the Opinion pages and answers readers' letters about how we work. "
        "Write to her if you disagree with something; she usually replies.",
        "mastodon": "https://mastodon.example/@leilastrand",
        "telegram": "https://t.me/strand_opinion_demo",
        "colours": ("#5c4d7d", "#f7b2ad"),
    },
]

TOPIC, PERSON, ORGANIZATION, PLACE = "topic", "person", "organization", "place"

TAGS = [
    # Topics
    {"name": "Diplomacy", "slug": "diplomacy", "kind": TOPIC},
    {"name": "Ceasefire", "slug": "ceasefire", "kind": TOPIC},
    {"name": "Elections", "slug": "elections", "kind": TOPIC},
    {"name": "Press freedom", "slug": "press-freedom", "kind": TOPIC},
    {"name": "Energy", "slug": "energy", "kind": TOPIC},
    {"name": "Water", "slug": "water", "kind": TOPIC},
    {"name": "Sanctions", "slug": "sanctions", "kind": TOPIC},
    {"name": "Disinformation", "slug": "disinformation", "kind": TOPIC},
    {"name": "Human rights", "slug": "human-rights", "kind": TOPIC},
    {"name": "Migration", "slug": "migration", "kind": TOPIC},
    {"name": "Trade", "slug": "trade", "kind": TOPIC},
    {"name": "Maritime security", "slug": "maritime-security", "kind": TOPIC},
    # People
    {
        "name": "Elena Marsk",
        "slug": "elena-marsk",
        "kind": PERSON,
        "description": "President of Valdoria since her first election five years ago.",
    },
    {
        "name": "Andrei Volkan",
        "slug": "andrei-volkan",
        "kind": PERSON,
        "description": "Foreign minister of Kestria and its chief voice on the Verin Corridor.",
    },
    {
        "name": "Idris Kawthar",
        "slug": "idris-kawthar",
        "kind": PERSON,
        "description": "Interior minister of Qasiran, responsible for police and the courts' "
        "prison service.",
    },
    {
        "name": "Margit Aalund",
        "slug": "margit-aalund",
        "kind": PERSON,
        "description": "Council of Nations special envoy for the Verin Corridor.",
    },
    {
        "name": "Arun Velakar",
        "slug": "arun-velakar",
        "kind": PERSON,
        "description": "Prime minister of Nandara, leading a coalition of three parties.",
    },
    {
        "name": "Juno Tavake",
        "slug": "juno-tavake",
        "kind": PERSON,
        "description": "Chief minister of the self-governing Oriel Islands.",
    },
    {
        "name": "Samira Haddane",
        "slug": "samira-haddane",
        "kind": PERSON,
        "description": "Qasirani investigative reporter, detained since the spring.",
    },
    # Organizations
    {
        "name": "Council of Nations",
        "slug": "council-of-nations",
        "kind": ORGANIZATION,
        "description": "The intergovernmental body that mediates the region's disputes.",
    },
    {
        "name": "Continental Monitoring Mission",
        "slug": "continental-monitoring-mission",
        "kind": ORGANIZATION,
        "description": "Unarmed civilian monitors who count ceasefire violations in the "
        "Verin Corridor.",
    },
    {
        "name": "Open Ledger",
        "slug": "open-ledger",
        "kind": ORGANIZATION,
        "description": "A press freedom group that tracks detained and threatened reporters.",
    },
    {
        "name": "Nuri Basin Water Council",
        "slug": "nuri-basin-water-council",
        "kind": ORGANIZATION,
        "description": "The joint body that is meant to share the Nuri River between "
        "Qasiran and Ardun.",
    },
    {
        "name": "Oriel Coast Guard",
        "slug": "oriel-coast-guard",
        "kind": ORGANIZATION,
    },
    {
        "name": "Alcamar Dockworkers' Union",
        "slug": "alcamar-dockworkers-union",
        "kind": ORGANIZATION,
    },
    # Places
    {
        "name": "Valdoria",
        "slug": "valdoria",
        "kind": PLACE,
        "description": "A republic of nine million people; capital Corvenna.",
    },
    {
        "name": "Kestria",
        "slug": "kestria",
        "kind": PLACE,
        "description": "Valdoria's larger eastern neighbour; capital Varnholt.",
    },
    {
        "name": "Verin Corridor",
        "slug": "verin-corridor",
        "kind": PLACE,
        "description": "A 90-kilometre strip of farmland, rail and pipeline split by a "
        "ceasefire line.",
    },
    {"name": "Corvenna", "slug": "corvenna", "kind": PLACE},
    {
        "name": "Qasiran",
        "slug": "qasiran",
        "kind": PLACE,
        "description": "A coastal state downstream on the Nuri River; capital Dar Miran.",
    },
    {
        "name": "Ardun",
        "slug": "ardun",
        "kind": PLACE,
        "description": "An upland state that controls the Nuri River's headwaters.",
    },
    {"name": "Port Alcamar", "slug": "port-alcamar", "kind": PLACE},
    {
        "name": "Nandara",
        "slug": "nandara",
        "kind": PLACE,
        "description": "A mainland republic on the western shore of the Kaimura Strait.",
    },
    {
        "name": "Oriel Islands",
        "slug": "oriel-islands",
        "kind": PLACE,
        "description": "A self-governing archipelago of 300,000 people that Nandara claims.",
    },
    {"name": "Kaimura Strait", "slug": "kaimura-strait", "kind": PLACE},
]

ANNOUNCEMENT = {
    "message": "Join our Telegram channel for breaking news",
    "link_url": "https://t.me/meridian_dispatch_demo",
    "link_text": "Join the channel",
}

ARTICLES = [
    *world.STORIES,
    *europe.STORIES,
    *middle_east.STORIES,
    *asia_pacific.STORIES,
    *analysis.STORIES,
    *opinion.STORIES,
]
