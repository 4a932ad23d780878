"""Analysis pieces for the demo site. Everyone and everywhere in them is invented."""

from .story import story

STORIES = [
    story(
        headline="Why the Verin Corridor ceasefire keeps breaking",
        slug="why-verin-ceasefire-keeps-breaking",
        standfirst="The truce was designed to freeze a war, not end it. Four flaws explain why "
        "it frays every winter, and what the new talks would need to fix.",
        section="analysis",
        authors=["tomas-wren"],
        tags=["ceasefire", "verin-corridor", "continental-monitoring-mission", "diplomacy"],
        days_ago=6,
        at="06:30",
        caption="A monitors' map of the ceasefire line, marked with last month's violations.",
        body="""
        Every winter since it was signed, the Verin Corridor ceasefire has frayed, and every
        spring diplomats have patched it. Monitors recorded more violations last month than in
        any month since the truce began. Here is why it keeps breaking.

        ## 1. The line runs through things people need

        The ceasefire line was drawn where the armies stood, not where it made sense. It cuts
        through a rail depot, a water main, a pipeline and dozens of villages. Every repair
        crew and every farmer who crosses to a field is a potential incident. Lines that
        follow rivers or ridges tend to last longer than lines that follow the last day's
        fighting.

        ## 2. Nobody pays for breaking it

        The Continental Monitoring Mission counts violations but cannot attribute most of
        them with certainty, and it has no power to punish anyone. Both governments have
        learned that a monitors' report fades from the news within a day.

        > "A ceasefire without consequences is a timetable for the next round," said Ilse
        > Marrow, who has studied dozens of truces at the
        > [Peace Agreements Archive](https://peace-archive.example).

        ## 3. The talking stopped

        For more than a year there was no direct channel between commanders. Misunderstandings
        at checkpoints that could have been settled by phone turned into exchanges of fire.
        That is why the hotline is the first item on the agenda of the new talks.

        ## 4. Both sides think time is on their side

        Valdoria believes sanctions will weaken Kestria; Kestria believes Valdoria's coming
        election will bring a more pliable government. A side that expects to be stronger
        next year has little reason to compromise this year.

        ## What would help

        Researchers who study ceasefires point to a short list: a working hotline, monitors on
        both sides of the line, joint repair crews for shared infrastructure and a public
        record of who broke what. The first two are on the table in Ambrel. The last two are
        not yet. Watch for them in the communiqué.
        """,
    ),
    story(
        headline="How a fake ministry letter spread in six hours",
        slug="how-fake-ministry-letter-spread",
        standfirst="We traced a forged announcement of a fuel price rise from its first post "
        "to the evening news. The path shows how little it takes.",
        section="analysis",
        authors=["tomas-wren", "daniel-haroun"],
        tags=["disinformation", "qasiran", "idris-kawthar", "press-freedom"],
        days_ago=13,
        at="09:15",
        caption="A timeline of the forged letter's spread, reconstructed from public posts.",
        body="""
        At 7.52 in the morning, a photograph of a letter appeared on a little-known account on
        a messaging app. It carried the crest of Qasiran's energy ministry and announced that
        fuel prices would rise by 40 per cent at midnight. By 2 pm, queues stretched around
        petrol stations in Dar Miran. The letter was a forgery.

        We reconstructed how it spread using public posts and forwarding data, with help from
        the researchers at [Signal Trace](https://signaltrace.example), who publish their
        methods openly.

        ## Hour one: the seed

        The first account to post the letter had 312 followers and had been created three
        weeks earlier. Within 20 minutes it had been forwarded into 14 large group chats,
        most of them devoted to local news and car sales.

        ## Hours two to four: the amplifiers

        A cluster of about 60 accounts, which had posted almost identical messages on other
        topics before, shared the letter within minutes of each other. Several of the same
        accounts had previously promoted the interior ministry's statements, a detail that
        complicates the government's account of who benefits from such forgeries.

        > "The network does not care what the message is. It is infrastructure, and it is for
        > hire," said Noor Qassem, a researcher at Signal Trace.

        ## Hours five and six: the mainstream

        Two television channels read the letter on air before the energy ministry issued its
        denial at 1.40 pm. By then, the denial had to compete with photographs of the queues,
        which looked like proof.

        ## What would have slowed it

        The ministry's website carried no list of official announcements, so there was nothing
        to check the letter against. A public register of ministry statements, and a habit
        among broadcasters of calling before reading, would have cut the spread by hours.
        Interior minister Idris Kawthar later cited the letter to defend the cybercrime law.
        Our reconstruction suggests a slower newsroom would have done more good.
        """,
    ),
    story(
        headline="What a gas cut-off means for Valdorian households",
        slug="what-gas-cut-off-means-for-households",
        standfirst="Storage, new import terminals and a mild forecast give Valdoria room this "
        "winter. The bill arrives later, and industry pays first.",
        section="analysis",
        authors=["tomas-wren"],
        tags=["energy", "valdoria", "kestria", "sanctions"],
        days_ago=33,
        at="08:00",
        caption="Household gas meters on a block of flats in Corvenna.",
        body="""
        When Kestria shut the Verin pipeline, Valdorian households asked the obvious question:
        will the heating stay on? The short answer is yes, this winter. The longer answer
        involves prices, factories and next year.

        ## The storage cushion

        Valdoria's storage sites were about 70 per cent full when the flows stopped. Homes,
        hospitals and schools use roughly half of the country's gas in an average winter. If
        industry cuts back as the government has asked, storage plus imports through the two
        coastal terminals should cover household demand until spring, according to the
        grid operator's [winter outlook](https://grid-valdoria.example/outlook).

        > "The risk is not a cold January. The risk is a cold March with empty tanks," said
        > Petr Lhotan, an energy economist in Corvenna.

        ## Prices will rise, later

        Regulated household tariffs are fixed until the end of the quarter. After that, they
        will reflect the price of imported liquefied gas, which costs more than pipeline gas
        from Kestria. Economists expect bills to rise by between 15 and 25 per cent in the
        spring, depending on the weather elsewhere.

        ## Industry pays first

        The fertiliser plants, glassworks and steel mills that use the rest of the gas face
        the hard choices. Some have already cut shifts. The government is preparing a scheme
        to compensate companies that reduce demand voluntarily, on the model of one used
        during the last cut-off.

        ## Next winter

        The bigger question is whether the pipeline reopens at all. If it does not, Valdoria
        will need a third import terminal or more storage before next autumn, and neither can
        be built in a year. That decision will fall to whoever wins the spring election.
        """,
    ),
    story(
        headline="The dam, the drought and the diplomats",
        slug="the-dam-the-drought-and-the-diplomats",
        standfirst="The Nuri River dispute is usually told as a story of one dam. It is really "
        "a story of a shrinking river and a treaty written for a wetter century.",
        section="analysis",
        authors=["daniel-haroun"],
        tags=["water", "nuri-basin-water-council", "ardun", "qasiran", "diplomacy"],
        days_ago=69,
        at="07:10",
        caption="Exposed riverbed of the Nuri near the border gauging station.",
        body="""
        It is tempting to tell the Nuri River dispute as a story about one dam. Ardun built
        it, Ardun is filling it, and Qasiran, downstream, is running short. That story is true
        but incomplete. The larger story is a river that carries less water every decade and
        a treaty that assumes it does not.

        ## A treaty for a wetter river

        The water-sharing treaty between the two countries fixes minimum flows in cubic
        metres per second. Those numbers were based on flow records from a run of unusually
        wet years. Since then, average flows at the border have fallen by about a fifth,
        according to records collected by the
        [Nuri Basin Water Council](https://nuri-council.example/data).

        > "The treaty divides a river that no longer exists. Any fix that does not start
        > there is a temporary fix," said Layla Assaf, a hydrologist who advised the council
        > in its early years.

        ## The dam makes a hard problem urgent

        Filling a reservoir takes water out of the river at exactly the moment the river has
        least to spare. Ardun could fill more slowly, in wet years only; that would cost it
        years of electricity. Qasiran could use water more efficiently; its canals lose about
        a third of what they carry.

        ## What a deal would look like

        Water negotiators elsewhere have settled similar disputes by sharing percentages of
        the flow rather than fixed volumes, so that both sides take the pain of a dry year.
        Such deals also need a neutral measuring station that both trust.

        The temporary deal agreed last week did one of those things: it moved measurement to
        the border. It did not touch the harder question. Until it does, each dry summer will
        bring the same accusations.
        """,
    ),
]
