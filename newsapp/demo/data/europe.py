"""Europe desk stories for the demo site. Everyone and everywhere in them is invented."""

from .story import story

STORIES = [
    story(
        headline="Monitors report overnight shelling near Verin Corridor rail depot",
        slug="monitors-report-shelling-near-rail-depot",
        standfirst="The Continental Monitoring Mission logged 46 explosions around the depot "
        "at Halle Stanek, the heaviest night since the summer.",
        section="europe",
        authors=["mara-lindqvist-obi"],
        tags=["ceasefire", "continental-monitoring-mission", "verin-corridor", "kestria"],
        days_ago=1,
        at="09:40",
        caption="The rail depot at Halle Stanek, seen from the monitors' observation post.",
        body="""
        CORVENNA — Ceasefire monitors recorded 46 explosions around a rail depot in the Verin
        Corridor overnight, the heaviest shelling in the area since the summer, according to a
        report released by the Continental Monitoring Mission.

        The mission said its observers at a hilltop post above Halle Stanek heard the first
        blasts shortly after midnight and counted the last just before five in the morning.
        Most came from the east, it said, from the direction of positions held by Kestrian
        forces, though it could not attribute every round.

        No deaths were reported. A rail worker was treated for shrapnel wounds, according to
        Valdoria's railway company, which said two locomotives and a signal box were damaged.

        > "We ask both sides, again, to respect the line they agreed to," said Rolf Amsel,
        > the mission's deputy chief. "Our monitors are unarmed and they are counting. Every
        > shell is in the report."

        ## Why the depot matters

        Halle Stanek is the last working rail link between the corridor's farms and the grain
        terminals on the Valdorian coast. Freight trains have run through it at night since the
        ceasefire, when the line is less exposed to observation from the east.

        A railway spokesman said services would be suspended for at least three days while
        engineers repair the signals. Farmers' groups warned that grain stored near the line
        could spoil if the closure lasts longer.

        The mission's [daily reports](https://cmm.example/reports) are published each morning
        and list every violation its teams record, by time, place and weapon type where they
        can tell. Kestria's defence ministry has previously called the reports one-sided. It
        did not comment on the latest one by the time of publication.
        """,
    ),
    story(
        headline="Kestria's Volkan rejects monitors' report as 'theatre for the cameras'",
        slug="volkan-rejects-monitors-report",
        standfirst="The foreign minister said the mission had ignored Valdorian fire and "
        "questioned whether its observers could tell where shells came from.",
        section="europe",
        authors=["mara-lindqvist-obi"],
        tags=["ceasefire", "andrei-volkan", "continental-monitoring-mission", "kestria"],
        days_ago=1,
        at="15:05",
        caption="Andrei Volkan at his weekly briefing in the Kestrian foreign ministry.",
        body="""
        Kestria's foreign minister, Andrei Volkan, dismissed a ceasefire monitors' report on
        overnight shelling near a Verin Corridor rail depot as "theatre for the cameras",
        and accused the mission of ignoring attacks by Valdorian forces.

        Speaking at his weekly briefing in Varnholt, Volkan said the Continental Monitoring
        Mission had "a habit of hearing only one side's guns". He said Kestrian positions had
        come under fire from the west on the same night and that the mission had failed to
        record it.

        > "A monitor on a hill with a notebook cannot tell the difference between outgoing and
        > incoming fire at two kilometres in the dark," Volkan said. "We are asked to accept
        > these reports as scripture. We do not."

        The mission's report on the shelling at Halle Stanek did record six explosions west of
        the line the same night, though it said their origin could not be determined. It
        attributed most of the 46 blasts it logged to fire from the east.

        ## A familiar pattern

        The exchange follows a pattern familiar from previous reports. Kestrian officials
        have questioned the mission's methods since it was set up, and Valdoria has cited its
        figures in every appeal for sanctions.

        The mission defends its method. Teams use acoustic sensors, crater analysis and, when
        weather allows, drones, and they publish their uncertainty alongside their counts.
        Its chief has repeatedly offered to place observers on Kestrian-held ground, an offer
        Varnholt has so far refused on security grounds.

        Valdoria's foreign ministry said Volkan's remarks were "an attempt to shoot the
        messenger". Talks between the two sides, under Council of Nations mediation, are due to
        open within days.
        """,
    ),
    story(
        headline="Corvenna court orders release of detained cameraman",
        slug="corvenna-court-frees-cameraman",
        standfirst="Judges said police had no grounds to hold Pavel Orsic, who was arrested "
        "while filming a protest outside the broadcasting regulator.",
        section="europe",
        authors=["mara-lindqvist-obi"],
        tags=["press-freedom", "corvenna", "valdoria", "open-ledger"],
        days_ago=9,
        at="13:10",
        caption="Supporters wait outside the appeals court in Corvenna.",
        body="""
        A court in Corvenna ordered the immediate release of a television cameraman who had
        been held for four days after filming a protest, ruling that police had no legal
        grounds to detain him.

        Pavel Orsic, who works for the independent channel Nine Bridges, was arrested outside
        the national broadcasting regulator while recording demonstrators who oppose a bill
        that would place public television under a government-appointed board. Police accused
        him of "obstructing officers".

        The appeals court said footage from his own camera, which prosecutors had seized,
        showed him standing on the pavement and following police instructions to move back.

        > "The recording that was supposed to prove his guilt proves the opposite," presiding
        > judge Alenka Voss said as she read the ruling.

        Orsic walked out of the court building to applause from a few dozen colleagues. He
        told reporters he would return to work the next morning, and that he had spent most of
        his four days in a cell with two men arrested at the same protest, neither of whom had
        yet seen a lawyer.

        "I had a camera and a press card, and I still could not make a phone call for a day,"
        he said. "Think about the people who had neither."

        ## Questions for the police

        Open Ledger, the press freedom group, said the case was one of 37 in which police in
        Corvenna had obstructed journalists at protests this year. It called for the officers
        involved to be investigated.

        Valdoria's interior ministry said it would "study the ruling carefully" and that police
        must be able to keep order at protests. President Elena Marsk's office did not comment.

        The broadcasting bill returns to parliament next month. Nine Bridges has
        [published the full footage](https://ninebridges.example/orsic) of the arrest.
        """,
    ),
    story(
        headline="President Marsk calls snap election for the spring",
        slug="marsk-calls-snap-election",
        standfirst="Valdoria's president dissolved parliament after her coalition lost its "
        "majority in a row over the broadcasting bill. Voters go to the polls in ten weeks.",
        section="europe",
        authors=["mara-lindqvist-obi", "tomas-wren"],
        tags=["elections", "elena-marsk", "valdoria", "press-freedom"],
        days_ago=15,
        at="18:30",
        is_lead=True,
        note_kind="update",
        note="This article was updated after the electoral commission confirmed the date of "
        "the vote.",
        caption="President Elena Marsk leaves parliament after announcing the dissolution.",
        body="""
        CORVENNA — President Elena Marsk dissolved Valdoria's parliament and called an early
        election, hours after the smallest party in her governing coalition walked out over a
        contested bill on public broadcasting.

        The electoral commission later confirmed the vote would be held in ten weeks, the
        shortest period the constitution allows. It will be Valdoria's first snap election
        since the ceasefire in the Verin Corridor.

        > "I would rather ask the people than govern without a majority and pretend I have
        > one," Marsk said in a televised address from the presidential palace.

        ## The bill that broke the coalition

        The Civic Greens, who held 11 seats, left the government after Marsk's party refused
        to drop a clause that would let ministers appoint the board of public television.
        Critics, including the country's journalists' union, say the clause would put news
        coverage under political control in the middle of a conflict.

        Marsk has defended the bill as a way to "stop foreign money shaping our airwaves",
        pointing to Kestrian-funded channels that broadcast into the corridor. The Greens said
        the bill was written to silence domestic critics, not foreign propaganda.

        ## What the polls say

        Recent polls put Marsk's Republican Union narrowly ahead but short of a majority. The
        main opposition, the Social Alliance, has promised to scrap the broadcasting bill and
        to seek "a negotiated settlement" in the corridor, a phrase it has not defined.

        Election observers from the Council of Nations are expected to be invited. The
        commission's [official timetable](https://elections-valdoria.example/timetable) sets
        the deadline for party lists at five weeks before the vote.
        """,
    ),
    story(
        headline="Kestria cuts gas flows to Valdoria in pipeline fees dispute",
        slug="kestria-cuts-gas-flows-to-valdoria",
        standfirst="Flows through the Verin pipeline fell to zero overnight. Valdoria says "
        "its storage sites are 70 per cent full and homes will stay warm.",
        section="europe",
        authors=["mara-lindqvist-obi"],
        tags=["energy", "kestria", "valdoria", "sanctions"],
        days_ago=34,
        at="06:50",
        caption="A compressor station on the Verin pipeline west of the ceasefire line.",
        body="""
        Kestria halted gas deliveries to Valdoria through the Verin pipeline overnight, the
        pipeline's operator said, after the two governments failed to agree on transit fees
        for the coming year.

        Flows at the metering station on the Valdorian side of the ceasefire line fell from
        about 30 million cubic metres a day to zero shortly after midnight. Kestria's state
        gas company said Valdoria owed it for three months of deliveries and that supplies
        would resume "when the bills are paid".

        Valdoria's energy ministry disputed the debt, saying payments had been blocked by
        Kestrian banks, not withheld by Corvenna. It said storage sites were 70 per cent full,
        enough to heat homes until the end of winter if industry cut its use.

        > "No family in Valdoria will be cold because of this decision," energy minister Lidia
        > Fenn told parliament. "Factories may have to make hard choices. Homes will not."

        ## Industry braces for rationing

        The country's largest fertiliser maker said it would shut two of its three plants
        within a week if flows did not resume. Glassworks and steel mills said they had begun
        drawing up shift cuts.

        Energy traders said prices on the regional hub rose by a quarter in early trading
        before settling. Analysts noted that two new import terminals on the Valdorian coast,
        built after the last cut-off, give the country more options than it had then.

        The pipeline runs through the Verin Corridor, which is divided by a ceasefire line.
        Maintenance crews from both sides have worked on it throughout the conflict under an
        arrangement overseen by the [Continental Monitoring Mission](https://cmm.example).
        """,
    ),
    story(
        headline="Thousands march in Corvenna against broadcasting bill",
        slug="corvenna-march-against-broadcasting-bill",
        standfirst="Organisers said 40,000 people took part, police said 12,000. Either way "
        "it was the largest protest in the capital since the ceasefire.",
        section="europe",
        authors=["mara-lindqvist-obi"],
        tags=["press-freedom", "corvenna", "elena-marsk", "valdoria"],
        days_ago=62,
        at="20:15",
        caption="Marchers cross the Old Bridge in Corvenna carrying switched-off televisions.",
        body="""
        Thousands of people marched through central Corvenna in the evening against a bill
        that would give the government the power to appoint the board of Valdoria's public
        broadcaster.

        Many carried old television sets with their screens taped over, a symbol the
        organisers chose to represent what they call "switched-off news". The march crossed
        the Old Bridge and ended outside parliament, where speakers included journalists from
        public television who said they were protesting in a personal capacity.

        > "We covered the war honestly when it was dangerous to do so. We will not be told now
        > that honesty needs a minister's permission," said Ada Brankovic, a senior editor at
        > the public broadcaster's news service.

        The march was peaceful, police said. There were no arrests. Organisers put the crowd
        at 40,000; police estimated 12,000. Both figures would make it the largest protest in
        the capital since the ceasefire in the Verin Corridor, when tens of thousands gathered
        to demand the return of prisoners of war.

        ## The government's case

        President Elena Marsk's office said the bill was needed to stop channels financed from
        Kestria from reaching viewers in the Verin Corridor and that public television would
        remain editorially independent.

        A government spokesman, Viktor Salo, said the protesters had been "misled about what
        the bill says". The government has [published the draft](https://gov-valdoria.example)
        with explanatory notes.

        Media lawyers said the text gave the appointed board the power to dismiss the head of
        news without stating a reason. The journalists' union has asked the Council of Nations'
        media freedom rapporteur to review it.
        """,
    ),
]
