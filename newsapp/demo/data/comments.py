"""The words of the demo comment threads: invented commenters and what they say."""

NAMES = [
    "Amara Okafor", "Tomasz Wrona", "Lin Mei", "Jonas Berg", "Priya Raman", "Marisol Vega",
    "Eitan Levi", "Fatima Zahra", "Oskar Lind", "Hana Novak", "Kwame Mensah", "Sofia Rossi",
    "Yusuf Demir", "Ingrid Solberg", "Diego Alvarez", "Nadia Haddad", "Pavel Orlov", "Aiko Tanaka",
    "Rhys Morgan", "Leila Karimi", "Bruno Costa", "Greta Hoffmann", "Samir Patel", "Chloé Martin",
]  # fmt: skip
OPENERS = [
    "I read this twice, and", "Having lived near the border for a decade,", "Fair reporting, but",
    "Thanks for laying out the timeline so clearly;", "Honest question:",
    "My family is from the area, and", "Good piece overall, though", "Hard to read, but",
    "Speaking as a former aid worker,", "Compared with the coverage elsewhere,",
]  # fmt: skip
POINTS = [
    "the casualty figures deserve a second source",
    "the minister's statement leaves out what was agreed last spring",
    "nobody seems to ask who pays for the reconstruction",
    "the map in the third paragraph finally made the dispute clear to me",
    "the quoted analyst has been wrong about this region before",
    "local journalists have been saying this for months",
    "the ceasefire only holds if both sides keep the monitors in place",
    "the sanctions hurt ordinary traders far more than the officials",
    "the timeline suggests the talks stalled well before the vote",
    "the real story is the water agreement, not the speeches",
    "both governments are playing to audiences at home",
    "the refugees interviewed here say more than any official did",
]  # fmt: skip
CLOSERS = [
    "I would like to see a follow-up.", "Keep asking the hard questions.",
    "Curious what others here think.", "Thank you for not taking sides.",
    "Please keep the original documents linked.", "", "", "",
]  # fmt: skip
REPLIES = [
    "Good point, though I read the same figures differently.",
    "Do you have a source for that? I could not find one.",
    "I disagree: the article quotes both sides at length.",
    "This matches what my cousin there tells me.",
    "The follow-up from last week covers some of this.",
    "Agreed, and the monitors' report is worth reading in full.",
    "That is a fair criticism, but the timeline is well sourced.",
    "Not sure the analyst was wrong then; the conditions changed.",
    "Thanks, I had missed that detail.",
    "Let us keep this civil; the question is a real one.",
]
FEATURED_TEXT = (
    "I worked as an interpreter during the last round of talks. What the article gets right is "
    "that the sticking point was never the border line itself but who inspects the crossings. "
    "Until that is settled, every agreement will read well and fail in practice."
)
