"""A synthetic, labelled corpus of news-site comments for the spam classifier's tests and its
benchmark: written here from templates (no outside data), seeded, so every run sees the same
comments. Legitimate comments argue about local news and sometimes link to sources or say
"free" and "check"; spam flatters, sells, recruits and tells "recovery expert" stories, with
or without links, from throwaway addresses and some shared IPs. It is not a substitute for a
real corpus: figures measured on it show the machinery works, not how it does on real spam."""

import random
from dataclasses import dataclass

TOPICS = [
    (
        "council",
        ["the council", "councillors", "the mayor", "the budget vote", "the planning board"],
    ),
    (
        "transit",
        ["the bus lanes", "the new tram line", "fares", "the bike lanes", "the bridge closure"],
    ),
    (
        "schools",
        ["the school board", "teachers", "the new curriculum", "class sizes", "school meals"],
    ),
    (
        "health",
        ["the hospital", "waiting lists", "the clinic closure", "nurses", "the vaccine rollout"],
    ),
    ("housing", ["rents", "the housing plan", "landlords", "the new flats", "the rent cap"]),
    (
        "climate",
        ["the flood defences", "the heatwave plan", "emissions targets", "the river clean-up"],
    ),
    ("sport", ["the stadium deal", "the club", "the coach", "ticket prices", "the youth league"]),
]
OPENERS = [
    "I think",
    "Honestly,",
    "As someone who lives nearby,",
    "Sorry but",
    "Good piece.",
    "Hmm,",
    "Interesting that",
    "My worry is that",
    "Not convinced.",
    "Thanks for reporting this.",
    "Why is nobody asking whether",
    "Fair point in the article, but",
    "I was at the meeting and",
    "Does anyone know if",
    "Speaking as a parent,",
    "Twenty years here and",
]
CLAIMS = [
    "{x} should have consulted residents before deciding",
    "{x} is going to cost us far more than they admit",
    "{x} finally got something right",
    "{x} keeps ignoring the north side of town",
    "the figures on {x} don't add up",
    "{x} was promised in the last election too",
    "{x} matters more than the parking row",
    "nobody I know supports {x}",
    "{x} is a step in the right direction",
    "the article misses how {x} affects older people",
    "{x} deserves more scrutiny",
    "we have been waiting years for {x}",
    "{x} was handled badly from the start",
    "the reporter is right about {x}",
    "{x} will hit small shops hardest",
]
DETAILS = [
    "My neighbour waited six months.",
    "The last consultation had barely 200 replies.",
    "Check the minutes from March, it's all there.",
    "Free parking was never the real issue.",
    "We need free school meals for every child, not a pilot.",
    "It took me 40 minutes to get to work yesterday.",
    "The old plan cost £3m and delivered nothing.",
    "Can the paper follow this up next week?",
    "I emailed my councillor and got no answer.",
    "Kids can't even play outside safely now.",
    "Compare it with what Leeds did in 2019.",
    "Prices doubled in two years round here.",
    "Great to see local reporting like this.",
    "Free speech includes criticising them, by the way.",
    "Let's see what happens after the vote on Thursday.",
    "Nobody mentions the maintenance backlog.",
    "Surely the money could go to nurses instead?",
]
SOURCES = [
    "https://www.ons.gov.uk/economy",
    "https://en.wikipedia.org/wiki/Congestion_pricing",
    "https://www.bbc.co.uk/news/uk-england",
    "https://www.theguardian.com/cities",
    "https://www.gov.uk/government/statistics",
    "https://www.who.int/news",
]
FIRST = [
    "Maria",
    "Tom",
    "Aisha",
    "Jon",
    "Priya",
    "Liam",
    "Grace",
    "Omar",
    "Ewa",
    "Sam",
    "Ruth",
    "Dev",
    "Helen",
    "Kofi",
    "Ines",
    "Pat",
    "Yusuf",
    "Clare",
    "Marek",
    "Nadia",
]
LAST = [
    "Okafor",
    "Smith",
    "Novak",
    "Khan",
    "Brown",
    "Garcia",
    "Lee",
    "Murphy",
    "Sato",
    "Ahmed",
    "Evans",
    "Rossi",
    "Walsh",
    "Patel",
    "Kowalski",
]

SPAM_KINDS = {
    "flattery": [
        "{great} {post}! {thanks} {visit}",
        "{great} {post}, {thanks} I bookmarked your site. {visit}",
        "{thanks} {great} {post} and very informative. {visit}",
        "Hello admin, {great} {post}. {visit}",
        "{great} {post}. {thanks}",
    ],
    "money": [
        "I {earn} working from home {easy}. {visit}",
        "{earn} with this simple {scheme}, no experience needed. {visit}",
        "My aunt {earn} on her laptop. It's {easy}, see {link}",
        "Start your own {scheme} today and {earn}. Limited places! {link}",
    ],
    "recovery": [
        "I lost {amount} to a fake {scheme} until {expert} helped me get it all back. Contact "
        "them on WhatsApp {phone}, they are legit!",
        "Big thanks to {expert} for recovering my {amount}. Email {mail} or WhatsApp {phone}.",
        "If you were scammed, contact {expert} at {mail}. They recovered {amount} for me in 48 "
        "hours.",
    ],
    "shop": [
        "Buy {product} online at the best price, {offer}. {link}",
        "{offer} on {product}! Order now at {link}",
        "Cheap {product} without prescription, {offer}: {link}",
        "Best {product} deals of 2026, {offer}. {visit}",
    ],
}
FILL = {
    "great": ["Great", "Nice", "Awesome", "Excellent", "Very good", "Wonderful", "Fantastic"],
    "post": ["post", "article", "blog", "content", "write-up", "information", "read"],
    "thanks": [
        "Thanks for sharing.",
        "Thank you so much.",
        "Keep it up.",
        "Keep up the good work.",
        "Really helpful.",
        "Thanks a lot for this.",
    ],
    "visit": [
        "Visit my site {link}",
        "Check out {link}",
        "Please visit {link} for more.",
        "My blog: {link}",
        "Read more at {link}",
        "Also check my website {link} thanks",
    ],
    "earn": [
        "earn $5,000 a week",
        "made $870 in one day",
        "earn $90 an hour",
        "made 12k last month",
        "earn passive income of $300 daily",
    ],
    "easy": [
        "with just a phone",
        "in my spare time",
        "and it's 100% legit",
        "without a boss",
        "part time from my kitchen",
    ],
    "scheme": [
        "crypto trading platform",
        "bitcoin investment",
        "forex robot",
        "online business",
        "binary options account",
    ],
    "expert": [
        "Recovery Expert Hack",
        "Mr. Kevin Crypto Recovery",
        "WizardRecoverySpells",
        "Trust Hack Solutions",
        "Dr. Mark Recovery",
    ],
    "amount": ["$45,000", "£12,000", "€80,000", "$230k", "my whole savings"],
    "product": [
        "viagra",
        "cialis",
        "CBD gummies",
        "replica watches",
        "weight loss pills",
        "casino bonuses",
        "Instagram followers",
        "payday loans",
    ],
    "offer": [
        "free shipping",
        "50% off today",
        "no credit check",
        "bonus for new customers",
        "100% guaranteed",
    ],
}
SPAM_WORDS = [
    "best",
    "cheap",
    "top",
    "easy",
    "fast",
    "pro",
    "smart",
    "mega",
    "web",
    "deal",
    "cash",
    "click",
    "shop",
    "win",
    "loan",
    "bet",
]
TLDS = ["com", "net", "xyz", "info", "online", "shop", "site", "top"]
SPAM_NAMES = [
    "Jessica",
    "best loans",
    "SEO Services",
    "Cheap Viagra",
    "Anna Smith",
    "crypto king",
    "Kevin",
    "Recovery Expert",
    "Mary Johnson",
    "bestdeals24",
]


@dataclass(frozen=True)
class Sample:
    text: str
    name: str
    email: str
    ip_address: str
    is_spam: bool
    seconds_to_post: float


def _fill(rng, template, link):
    text = template
    for _ in range(3):
        for key, choices in FILL.items():
            while "{" + key + "}" in text:
                text = text.replace("{" + key + "}", rng.choice(choices), 1)
    return text.format(
        link=link,
        phone=f"+1 ({rng.randint(200, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
        mail=f"{rng.choice(['recovery', 'hackexpert', 'fundsback'])}{rng.randint(1, 99)}@"
        f"{rng.choice(['gmail.com', 'protonmail.com', 'outlook.com'])}",
    )


def _spam_domain(rng):
    return (
        f"{rng.choice(SPAM_WORDS)}{rng.choice(SPAM_WORDS)}{rng.randint(1, 999)}.{rng.choice(TLDS)}"
    )


def spam_comment(rng):
    kind = rng.choices(list(SPAM_KINDS), weights=[4, 2, 2, 2])[0]
    link = f"https://{_spam_domain(rng)}/{rng.choice(['', 'offer', 'go', 'p/123', 'blog'])}"
    return _fill(rng, rng.choice(SPAM_KINDS[kind]), link)


def legitimate_comment(rng):
    _topic, subjects = rng.choice(TOPICS)
    sentences = [f"{rng.choice(OPENERS)} {rng.choice(CLAIMS).format(x=rng.choice(subjects))}."]
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        sentences.append(rng.choice(DETAILS))
    if rng.random() < 0.15:
        sentences.append(f"Source: {rng.choice(SOURCES)}")
    if rng.random() < 0.3:
        sentences.append(
            f"{rng.choice(['And', 'Also,', 'Plus'])} "
            f"{rng.choice(CLAIMS).format(x=rng.choice(subjects))}."
        )
    if rng.random() < 0.04:
        # Readers' short praise reads like the flattery bots post.
        sentences = [
            rng.choice(
                [
                    "Great article, thanks.",
                    "Very informative, thanks for sharing.",
                    "Excellent reporting, keep it up!",
                    "Nice piece.",
                    "Thank you so much for covering this.",
                ]
            )
        ]
    text = " ".join(sentences)
    if rng.random() < 0.2:
        text = text.lower()
    return text[0].upper() + text[1:]


def corpus(size=1000, *, spam_share=0.5, seed=14):
    """`size` samples in posting order, about `spam_share` of them spam."""
    rng = random.Random(seed)
    readers = [
        (f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"reader{n}@example.net", f"198.51.100.{n}")
        for n in range(1, 200)
    ]
    bot_ips = [f"203.0.113.{n}" for n in range(1, 60)]
    samples = []
    for _ in range(size):
        if rng.random() < spam_share:
            name = rng.choice(SPAM_NAMES)
            mailbox = rng.choice(["gmail.com", "mail.ru", "yahoo.com"])
            email = f"{name.split()[0].lower()}{rng.randint(1, 10**6)}@{mailbox}"
            earlier = [sample for sample in samples[-50:] if not sample.is_spam]
            if earlier and rng.random() < 0.08:
                # Bots copy a reader's comment, with a link (or nothing) of their own.
                text = rng.choice(earlier).text
                if rng.random() < 0.5:
                    text += f" {rng.choice(['More at', 'See', ''])} https://{_spam_domain(rng)}/"
            else:
                text = spam_comment(rng)
            timing = rng.choice([1.0, 2.0, 5.0, 30.0, 120.0])
            samples.append(Sample(text, name, email, rng.choice(bot_ips), True, timing))
        else:
            # Readers mostly comment once or twice; a few regulars come back often.
            name, email, ip = (
                readers[min(int(rng.paretovariate(0.9)) - 1, len(readers) - 1)]
                if (rng.random() < 0.3)
                else readers[rng.randrange(len(readers))]
            )
            samples.append(
                Sample(legitimate_comment(rng), name, email, ip, False, rng.uniform(15, 600))
            )
    return samples


# Labelled corpora from elsewhere (not shipped): read for the evaluation script.

TEXT_COLUMNS = ("content", "text", "comment", "message", "body")
LABEL_COLUMNS = ("class", "label", "spam", "is_spam")
SPAM_LABELS = {"1", "spam", "true", "yes"}
LEGITIMATE_LABELS = {"0", "ham", "false", "no", "legitimate"}


def read_labelled(paths, *, seed=14):
    """The comments of labelled corpus files as samples, in time order when they date them.

    Two common formats: CSV with a header naming a text column (CONTENT, text, comment,
    message, body) and a label column (CLASS, label, spam: 1/0 or spam/ham), optionally
    AUTHOR and DATE (the UCI YouTube Spam Collection's); or lines of "label<TAB>text" (the
    UCI SMS Spam Collection's). Each comment is posted by a reader of its own (its own
    email and address), a human's time after the form was served, so only what it says and
    links to tells spam from the rest."""
    rng = random.Random(seed)
    rows = [row for path in paths for row in _labelled_rows(path)]
    samples = []
    for n, row in enumerate(rows):
        label = (row["label"] or "").strip().lower()
        text = (row["text"] or "").strip()
        if not text or label not in SPAM_LABELS | LEGITIMATE_LABELS:
            continue
        name = (row["author"] or "").strip()[:80] or f"Reader {n}"
        sample = Sample(
            text=text,
            name=name,
            email=f"reader{n}.{rng.randrange(10**6)}@example.net",
            ip_address=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
            is_spam=label in SPAM_LABELS,
            seconds_to_post=rng.uniform(20, 600),
        )
        samples.append((row["date"] or "", n, sample))
    if any(date for date, _, _ in samples):
        samples.sort(key=lambda item: (item[0] == "", item[0], item[1]))
    return [sample for _, _, sample in samples]


def _labelled_rows(path):
    import csv
    from pathlib import Path

    raw = Path(path).read_text(encoding="utf-8", errors="replace")
    first_label = raw.split("\n", 1)[0].split("\t", 1)[0].strip().lower()
    if "\t" in raw.split("\n", 1)[0] and first_label in SPAM_LABELS | LEGITIMATE_LABELS:
        for line in raw.splitlines():
            label, _, text = line.partition("\t")
            yield {"label": label, "text": text, "author": "", "date": ""}
        return
    reader = csv.DictReader(raw.splitlines(keepends=True))
    columns = {name.strip().lower(): name for name in reader.fieldnames or []}
    text_column = next((columns[c] for c in TEXT_COLUMNS if c in columns), None)
    label_column = next((columns[c] for c in LABEL_COLUMNS if c in columns), None)
    if text_column is None or label_column is None:
        raise ValueError(f"{path}: no text or label column in {reader.fieldnames}")
    for row in reader:
        yield {
            "label": row[label_column],
            "text": row[text_column],
            "author": row.get(columns.get("author", ""), "") or "",
            "date": row.get(columns.get("date", ""), "") or "",
        }
