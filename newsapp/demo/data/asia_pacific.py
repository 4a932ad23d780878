"""Asia-Pacific desk stories for the demo site. Everyone and everywhere in them is invented."""

from .story import story

STORIES = [
    story(
        headline="Oriel coast guard shadows Nandaran survey ship in Kaimura Strait",
        slug="oriel-coast-guard-shadows-survey-ship",
        standfirst="Two Oriel cutters followed the research vessel for 14 hours. Nandara says "
        "it was mapping the seabed for a cable; the islands call it a provocation.",
        section="asia-pacific",
        authors=["ines-arvelo"],
        tags=["maritime-security", "oriel-coast-guard", "kaimura-strait", "nandara"],
        days_ago=2,
        at="07:45",
        caption="An Oriel coast guard cutter leaves harbour at dawn.",
        body="""
        Two Oriel Islands coast guard cutters shadowed a Nandaran government survey ship for 14
        hours in the Kaimura Strait, the islands' government said, in the latest of a series
        of tense encounters in waters both sides claim.

        The Oriel Coast Guard said the survey vessel entered waters within 12 nautical miles
        of the island of Sel Amo shortly after dawn and began towing sonar equipment. The
        cutters broadcast radio warnings every half hour, it said, and followed the ship until
        it left the area after dark.

        Nandara's foreign ministry said the ship was surveying the seabed for a planned
        undersea internet cable and was operating "in Nandaran waters, as it has every right
        to do". It accused the cutters of "dangerous manoeuvres".

        > "We asked them to identify their purpose. They answered that they did not need our
        > permission. So we stayed with them," said Captain Leota Ruan of the cutter *Tane*,
        > speaking by radio link from the ship.

        ## A crowded stretch of water

        The strait is one of the busiest shipping lanes in the region, and the encounters have
        already raised insurance costs for merchant vessels. Shipping groups have called on
        both governments to agree rules for how their ships behave when they meet.

        Oriel chief minister Juno Tavake said the islands would lodge a formal protest. She
        repeated an offer to share seabed data for the cable project if Nandara asked first.

        Nandaran officials have not responded to that offer publicly. A ministry briefing note
        seen by this newspaper describes the cable as "a national priority that cannot be
        subject to the consent of a provincial administration", a phrase likely to anger the
        islands, which reject the description. Ship tracking data published by
        [Kaimura Shiptrack](https://shiptrack.example) shows the survey ship returned to port
        the following morning.
        """,
    ),
    story(
        headline="Nandara's Velakar survives confidence vote by four seats",
        slug="velakar-survives-confidence-vote",
        standfirst="The prime minister kept his coalition together after promising the "
        "farmers' party a bigger budget for drought relief.",
        section="asia-pacific",
        authors=["ines-arvelo"],
        tags=["elections", "arun-velakar", "nandara"],
        days_ago=27,
        at="21:10",
        caption="Members of parliament queue to cast their votes in the assembly chamber.",
        body="""
        Nandara's prime minister, Arun Velakar, survived a confidence vote in parliament by
        four seats, after a late deal with the smallest party in his three-party coalition
        averted what would have been the government's collapse.

        The motion, brought by the opposition National Front, was defeated by 152 votes to
        148. Until the afternoon, the Rural Party, which holds nine seats, had said it would
        abstain in protest at cuts to drought relief.

        Velakar's office announced shortly before the vote that the relief budget would be
        increased by about a fifth, paid for by delaying two motorway projects. The Rural
        Party's leader, Meera Santhal, said that was "enough for now".

        > "We did not save the government. We saved the farmers' budget. The government came
        > along with it," Santhal told reporters in the parliament lobby.

        ## Pressure over the strait

        The opposition had built its motion around the government's handling of the Kaimura
        Strait, accusing Velakar of being too soft on the Oriel Islands. In his speech,
        Velakar said Nandara would "defend its waters without dragging the region into a war
        nobody would win".

        Analysts said the vote showed the prime minister's position had weakened. His
        coalition has lost seven seats to defections since the last election, and the next
        one is due within 18 months.

        The National Front's leader, Devan Ashok, said the result proved the government
        "survives by paying off its partners" and that his party would keep pressing on the
        strait. Parliament's [voting record](https://parliament-nandara.example/votes) lists
        how each member voted.
        """,
    ),
    story(
        headline="Oriel Islands to hold autonomy referendum, Tavake announces",
        slug="oriel-islands-autonomy-referendum",
        standfirst="Voters will be asked whether the islands should control their own waters "
        "and foreign trade. Nandara says any vote would have no legal force.",
        section="asia-pacific",
        authors=["ines-arvelo"],
        tags=["elections", "juno-tavake", "oriel-islands", "nandara"],
        days_ago=55,
        at="10:20",
        caption="Juno Tavake speaks to supporters on the harbour front in Port Ruan.",
        body="""
        PORT RUAN — The Oriel Islands will hold a referendum on expanding their autonomy,
        chief minister Juno Tavake announced, asking voters whether the archipelago should
        take control of its own territorial waters and foreign trade from Nandara.

        Tavake told the islands' assembly that the vote would be held within six months and
        that the question would be drafted with the help of international legal advisers. She
        said the islands were not seeking independence.

        > "We are asking for the right to manage the sea we live on. That is not a threat to
        > anyone. It is a description of our lives," Tavake said.

        ## Nandara rejects the plan

        Nandara's government said the islands' constitution did not allow them to hold a
        binding vote on matters reserved to the national government, and that the result
        would have "no legal effect whatsoever". Prime minister Arun Velakar said he was open
        to talks on fishing rights but not on sovereignty.

        Legal scholars said the vote would probably be advisory, but that a large majority
        would be hard to ignore. The islands' autonomy statute, which is
        [published in full](https://oriel-assembly.example/statute) on the assembly's
        website, gives the assembly power to "consult the people" but says nothing about what
        follows.

        In the fishing harbour at Port Ruan, opinion was mixed. Some crews said they welcomed
        any step that would keep Nandaran patrol boats out of their grounds; others worried
        about what a confrontation would do to trade with the mainland, which buys most of
        the islands' catch.
        """,
    ),
    story(
        headline="Typhoon recovery stalls as aid ships wait outside Oriel harbours",
        slug="typhoon-recovery-stalls-oriel-harbours",
        standfirst="Customs checks by Nandara have held up relief cargo for a week. Islanders "
        "on the outer atolls are short of drinking water.",
        section="asia-pacific",
        authors=["ines-arvelo"],
        tags=["human-rights", "oriel-islands", "council-of-nations", "maritime-security"],
        days_ago=90,
        at="09:00",
        caption="Damaged fishing boats piled on the shore of an outer atoll after the typhoon.",
        body="""
        More than a week after Typhoon Marlo tore through the Oriel Islands, relief ships
        loaded with water purification kits, tarpaulins and food are still waiting outside
        the archipelago's harbours, held up by customs inspections ordered by Nandara.

        The typhoon killed at least 31 people and damaged or destroyed about 4,000 homes,
        according to the islands' disaster agency. The outer atolls, where rainwater tanks
        were contaminated by seawater, are worst affected.

        Nandara, which controls customs for the islands, says every vessel must be inspected
        at a mainland port first to stop weapons being smuggled in under cover of aid. Aid
        agencies say the checks add four to six days to each voyage.

        > "Nobody is smuggling rifles in a crate of water tablets. People on the atolls are
        > drinking from puddles while the paperwork is processed," said Teuila Fono, who
        > coordinates relief for a church network on the islands.

        ## Council of Nations steps in

        The Council of Nations' humanitarian office said it had asked Nandara to exempt
        marked relief ships from mainland inspection and offered to put its own inspectors
        on board. Nandara's interior ministry said it was "studying the proposal".

        The island government has posted a [list of ships](https://oriel-relief.example/ships)
        waiting to unload and what they carry. Oriel chief minister Juno Tavake called the
        delays "cruelty by clipboard".

        Fishing crews have begun ferrying water from the main island to the atolls in their own
        boats. The coast guard said it had escorted 40 such trips since the storm.
        """,
    ),
    story(
        headline="Fishing crews caught between rival patrols in the Kaimura Strait",
        slug="fishing-crews-caught-between-patrols",
        standfirst="Crews from both sides of the strait say they are boarded, fined and "
        "turned back by whichever patrol reaches them first.",
        section="asia-pacific",
        authors=["ines-arvelo"],
        tags=["maritime-security", "trade", "kaimura-strait", "oriel-coast-guard"],
        days_ago=118,
        at="16:00",
        caption="A fishing boat unloads its catch at dusk in Port Ruan.",
        body="""
        ABOARD THE *MOANA LEI* — The radio crackles twice before dawn. The first call is from
        a Nandaran patrol boat telling the crew they are in Nandaran waters. The second, half
        an hour later, is from the Oriel Coast Guard, telling them they are in Oriel waters
        and should ignore the first call.

        For the fishing crews of the Kaimura Strait, this has become an ordinary night. Skipper
        Sione Matagi, who has fished these grounds for 30 years, says he has been boarded four
        times this year, twice by each side.

        > "They both want to prove the sea is theirs. The proof is us. We are the ones they
        > stop, fine and send home," Matagi said as his crew hauled in a net of mackerel.

        ## Fines from both sides

        Crews from the islands and from the Nandaran coast describe the same pattern: each
        patrol inspects licences issued by the other as if they did not exist, issues a fine,
        and orders the boat out of the area. Some skippers now carry licences from both
        governments and show whichever one matches the flag on the approaching boat.

        A fishing cooperative in Port Ruan estimates its members paid more in fines last year
        than they spent on fuel. The cooperative has begun [logging every
        boarding](https://ruan-coop.example/log) with times and positions, hoping the record
        will one day matter in negotiations.

        Neither government would comment on individual boardings. Both said their patrols
        "enforce the law in national waters". Shipping groups have asked for a joint code of
        conduct for the strait, an idea both capitals say they support in principle.
        """,
    ),
    story(
        headline="Explainer: what the Oriel Islands referendum would and would not decide",
        slug="explainer-oriel-referendum",
        standfirst="A guide to the question, the rules, and what happens the morning after.",
        section="asia-pacific",
        authors=["ines-arvelo", "tomas-wren"],
        tags=["elections", "oriel-islands", "juno-tavake"],
        status="draft",
        caption="Ballot boxes stored in the islands' electoral office.",
        body="""
        The Oriel Islands' assembly is drafting the question for a referendum on expanding the
        archipelago's autonomy. This explainer will be updated when the question is final.

        ## What would voters be asked?

        The draft asks whether the islands should take control of their territorial waters and
        foreign trade. It does not mention independence. EDITOR: check the final wording with
        the assembly clerk before publishing.

        > "The question must be one sentence that a fisherman can answer on his way to the
        > harbour," said an adviser to the assembly, who was not authorised to speak publicly.

        ## Would the result be binding?

        Probably not. Nandara says the islands' statute does not allow a binding vote on
        matters reserved to the national government. Legal scholars agree the vote would most
        likely be advisory, though a large turnout and majority would carry political weight.

        ## What happens next?

        If voters say yes, the assembly has said it would open talks with Nandara on a
        transfer of powers. If they say no, chief minister Juno Tavake has said she would not
        ask again during her term.

        ## Who can vote?

        Anyone on the islands' electoral roll, which means residents of at least three years.
        Islanders living on the mainland cannot vote unless they return to register, a rule
        that has already drawn complaints from families who moved for work.

        TODO: add the timetable once the electoral office publishes it, and a box on the last
        referendum in the region.
        """,
    ),
]
