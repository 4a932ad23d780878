"""World desk stories for the demo site. Everyone and everywhere in them is invented."""

from .story import story

STORIES = [
    story(
        headline="Envoy opens first direct Verin Corridor talks in more than a year",
        slug="envoy-opens-verin-corridor-talks",
        standfirst="Council of Nations envoy Margit Aalund brought Valdorian and Kestrian "
        "negotiators into one room in Ambrel. Both sides played down hopes of a quick deal.",
        section="world",
        authors=["mara-lindqvist-obi", "tomas-wren"],
        tags=["diplomacy", "ceasefire", "margit-aalund", "council-of-nations", "verin-corridor"],
        hours_ago=3,
        is_lead=True,
        caption="Delegations arrived at the conference centre in Ambrel by separate entrances.",
        body="""
        AMBREL — Negotiators from Valdoria and Kestria sat at the same table for the first
        time in more than a year, as a Council of Nations envoy tried to shore up a
        ceasefire along the Verin Corridor that monitors say is broken almost every night.

        Margit Aalund, the council's special envoy, said the talks at a lakeside conference
        centre in Ambrel would deal with "practical things first": an exchange of detainees,
        the repair of a water main that serves about 40,000 people on both sides of the line,
        and a telephone hotline between field commanders.

        > "Nobody here expects a peace treaty by the weekend," Aalund told reporters before the
        > doors closed. "But every week without a hotline is a week in which a misunderstanding
        > at a checkpoint can turn into a battle."

        ## Low expectations on both sides

        The Valdorian delegation is led by deputy foreign minister Petra Hollis, who said
        Corvenna wanted "verifiable steps, not declarations". Kestria sent a smaller team
        headed by a senior defence ministry official, a choice Valdorian officials privately
        described as a sign that Varnholt was not taking the process seriously.

        Kestrian foreign minister Andrei Volkan rejected that reading in Varnholt. He said his
        government had "always been ready to talk" and accused Valdoria of using the monitors'
        reports to win sympathy abroad.

        The Continental Monitoring Mission counted 212 violations last month, most of them
        small-arms fire after dark, according to its
        [latest public report](https://cmm.example/reports/latest). Three civilians were
        wounded, the report said, and a grain silo near the village of Brenk was set alight.

        ## The water main is the test

        Diplomats familiar with the agenda said the first round would run for three days. If
        the sides agree on the water main, engineers could begin work within a fortnight under
        monitor escort, and the same arrangement could later be used to clear unexploded
        munitions from farmland before the spring sowing.

        > "If they cannot agree to fix a pipe that serves both of them, they cannot agree on
        > anything bigger," said a Western diplomat, who asked not to be named because the talks
        > are confidential.

        In Brenk, which the ceasefire line cuts in two, residents said they had heard promises
        before. Jana Koval, 58, walks two kilometres each morning to a well that still works.
        "We will believe it when the taps run," she said by telephone.
        """,
    ),
    story(
        headline="Insurers raise war-risk premiums for Kaimura Strait transits",
        slug="insurers-raise-kaimura-strait-premiums",
        standfirst="Shipowners face higher costs after a month of close encounters between "
        "Nandaran and Oriel patrol boats in one of the world's busiest lanes.",
        section="world",
        authors=["ines-arvelo"],
        tags=["trade", "maritime-security", "kaimura-strait", "nandara"],
        days_ago=3,
        at="08:15",
        caption="Container ships queue at the southern approach to the Kaimura Strait.",
        body="""
        Marine insurers have raised the extra premium they charge ships crossing the Kaimura
        Strait for the second time in six weeks, adding tens of thousands of dollars to the cost
        of a single container voyage and putting new pressure on the governments of Nandara and
        the Oriel Islands to calm their patrols.

        The Strait Underwriters' Panel, which advises the insurance market on which waters
        count as high-risk, added the strait's northern approaches to its watch list in its
        latest review. Brokers said the additional war-risk premium for a large container
        ship had roughly doubled since the start of the month.

        > "Underwriters are not reacting to a single incident. They are reacting to a pattern of
        > boats coming within a few hundred metres of each other, at speed, at night," said
        > Hanne Osei, a marine broker in the port of Tarrow.

        About a fifth of the region's seaborne trade passes through the strait, which narrows
        to 19 kilometres at its tightest point. Most of that traffic is bulk grain, fuel and
        containers bound for the mainland ports.

        ## Costs passed on

        Shipping lines said they would pass the costs to customers. One of the larger carriers
        announced a "strait surcharge" on every container from next week, and two smaller
        operators said they were considering the longer route around the archipelago, which
        adds about two days to a typical voyage.

        Nandara's transport ministry said the premiums were "based on rumours" and that the
        strait remained open and safe. The Oriel Islands' government said the insurers had
        merely recognised "the reality created by Nandaran warships".

        Trade economists warned that food importers would feel the change first. "Grain is
        bought on thin margins," said Rafael Mendt of the
        [Harbour Economics Institute](https://harbour-economics.example). "A surcharge that
        looks small on a container of televisions is not small on a bulk carrier of wheat."
        """,
    ),
    story(
        headline="Open Ledger counts record number of reporters behind bars",
        slug="open-ledger-record-reporters-jailed",
        standfirst="The press freedom group says 41 journalists are detained across the "
        "region, most of them on charges of spreading false news or insulting officials.",
        section="world",
        authors=["daniel-haroun", "mara-lindqvist-obi"],
        tags=["press-freedom", "open-ledger", "human-rights", "qasiran", "kestria"],
        days_ago=9,
        at="07:30",
        caption="Open Ledger's annual tally, pinned to a noticeboard in its office.",
        body="""
        More journalists are in prison across the region than at any time since the press
        freedom group Open Ledger began counting, the organization said in its annual report,
        which blames a wave of broadly worded laws against "false news" and "insulting the
        state".

        The group counted 41 reporters, photographers and editors in detention on the first
        day of the month, up from 29 a year earlier. Qasiran held the largest number, 14,
        followed by Kestria with nine. Valdoria held none, the report said, but it recorded 37
        cases of police obstructing journalists at protests in Corvenna.

        > "The charges have changed. Ten years ago reporters were accused of espionage. Today
        > they are accused of spreading rumours, which is whatever the prosecutor says it is,"
        > said Open Ledger's director, Miriam Castel.

        ## New laws, same targets

        The report singles out Qasiran's new cybercrime law, passed this spring, which makes
        publishing "news that disturbs public order" punishable by up to five years in prison.
        Five of the 14 journalists held there were charged under it within weeks of its
        passage, including the investigative reporter Samira Haddane.

        In Kestria, most of the detained journalists worked for regional outlets that covered
        the Verin Corridor. Open Ledger said several had been charged with "discrediting the
        armed forces" after publishing casualty figures that differed from official ones.

        Governments named in the report rejected it. Qasiran's interior ministry called it
        "activism dressed as research". Kestria's foreign ministry did not reply to a request
        for comment.

        The full report, with a case file for each detained journalist, is
        [published on Open Ledger's site](https://openledger.example/annual-report). The group
        asks news organizations to keep the names of imprisoned reporters in print, arguing
        that attention shortens sentences.
        """,
    ),
    story(
        headline="Council of Nations agrees emergency fund for families displaced by fighting",
        slug="council-agrees-fund-for-displaced-families",
        standfirst="The fund will pay for winter shelter for about 60,000 people, but aid "
        "groups say it is a third of what is needed.",
        section="world",
        authors=["tomas-wren"],
        tags=["migration", "human-rights", "council-of-nations", "verin-corridor"],
        days_ago=23,
        at="16:45",
        caption="Prefabricated shelters stacked at a depot outside Corvenna.",
        body="""
        Member states of the Council of Nations agreed to set up an emergency fund
        for families displaced by fighting in the Verin Corridor and by drought in the Nuri
        Basin, after three days of negotiation over who would pay and who would spend the
        money.

        The fund starts with pledges worth about 180 million, enough, according to the
        council's own estimate, to shelter and heat roughly 60,000 people through the winter.
        Aid agencies working along the ceasefire line say about three times that many people
        are living in damaged homes, schools or tents.

        > "It is a real fund with real money, and that is more than we had three days ago," said
        > Oskar Bellamy, who coordinates relief for the Northern Shelter Alliance. "But winter
        > will not negotiate, and it does not care which budget line the blankets come from."

        ## Who decides

        The longest argument was over control. Valdoria wanted the money spent through local
        councils on its side of the line; Kestria insisted nothing be spent in areas it
        considers its own without its approval. The compromise gives a five-member board,
        chaired by the council's humanitarian office, the final word on each grant.

        The fund's rules, [published after the vote](https://council-of-nations.example/fund),
        also allow spending in the Nuri Basin, where two years of low rainfall and disputed
        dam releases have pushed farming families from villages in Qasiran into Port Alcamar.

        Diplomats said the first grants could be paid within a month. Several delegations
        called for a second pledging round before the end of the year.
        """,
    ),
    story(
        headline="Foreign ministers fail to agree joint statement on Kestria sanctions",
        slug="ministers-fail-to-agree-kestria-sanctions",
        standfirst="A two-day meeting ended without the usual communiqué after three "
        "governments refused to endorse new measures against Kestrian banks.",
        section="world",
        authors=["mara-lindqvist-obi"],
        tags=["sanctions", "diplomacy", "andrei-volkan", "kestria", "valdoria"],
        days_ago=41,
        at="19:20",
        caption="Empty chairs after the closing session of the ministers' meeting.",
        body="""
        A meeting of regional foreign ministers broke up without a joint statement
        for the first time in nine years, after governments split over whether to extend
        sanctions to two Kestrian state banks accused of financing the fighting in the Verin
        Corridor.

        Valdoria had pressed for the measures, which would freeze the banks' assets abroad and
        bar them from international payment networks. Three governments that buy Kestrian gas
        refused to sign, arguing that the banks also handle energy payments and that cutting
        them off would leave homes cold.

        > "We did not come here to punish our own citizens for Varnholt's decisions," one of
        > the three ministers told reporters, speaking on condition of anonymity under the
        > meeting's rules.

        Valdorian foreign minister Karel Dusek called the outcome "a gift to those who
        believe borders can be redrawn with artillery". He said Valdoria would seek support for
        the sanctions from individual governments instead.

        ## A win claimed in Varnholt

        In Varnholt, foreign minister Andrei Volkan welcomed the split as proof that "the
        region is tired of Corvenna's campaign". Kestrian state television led its evening
        bulletin with footage of the empty press room.

        Sanctions specialists said the failure was less dramatic than it looked. Existing
        measures against Kestrian officials and arms exporters remain in force, and the banks
        in question already face restrictions in several countries.

        > "The symbolism is bad for Valdoria. The substance has barely moved," said Tomas
        > Wren, our analysis editor. "The real question is whether the three holdouts find gas
        > elsewhere before next winter."
        """,
    ),
    story(
        headline="Preview: what to watch as the Council of Nations summit opens",
        slug="preview-council-of-nations-summit",
        standfirst="Leaders meet with the Verin Corridor talks, the Nuri dam and the Kaimura "
        "Strait all on the agenda. Here is what each delegation wants.",
        section="world",
        authors=["tomas-wren"],
        tags=["diplomacy", "council-of-nations", "margit-aalund"],
        status="scheduled",
        days_ago=-2,
        at="06:00",
        caption="Flags of member states line the approach to the summit hall.",
        body="""
        Leaders of the Council of Nations' member states gather this week for a two-day summit
        that diplomats describe as the most crowded agenda in a decade. Three disputes will
        compete for attention: the Verin Corridor ceasefire, the sharing of the Nuri River and
        the patrols in the Kaimura Strait.

        ## The corridor

        Envoy Margit Aalund will report on the first direct talks between Valdoria and Kestria
        in more than a year. Her staff hope leaders will endorse a standing hotline between
        field commanders and pay for more monitors.

        > "A summit cannot make a ceasefire hold. It can make breaking it more expensive,"
        > said a council official involved in the preparations.

        ## The river and the strait

        Qasiran wants the summit to call for an independent survey of the Nuri dam's
        reservoir. Ardun will oppose any text that mentions the dam by name. Nandara and the
        Oriel Islands are not expected to meet, but a shipping safety declaration is in draft.

        We will report from the summit hall throughout both days, and our analysis team will
        publish a reading of the final communiqué as soon as it is released. Our
        [summit page](https://meridian-dispatch.example/summit) will collect the coverage.

        Whether the leaders can agree on anything at all is an open question. The last summit
        ended without a joint statement after a dispute over sanctions. Diplomats say the
        host has prepared a shorter text this time, on the theory that fewer words leave fewer
        things to object to.
        """,
    ),
]
