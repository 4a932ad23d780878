"""Middle East desk stories for the demo site. Everyone and everywhere in them is invented."""

from .story import story

STORIES = [
    story(
        headline="Qasiran and Ardun trade accusations as Nuri dam reservoir fills",
        slug="qasiran-ardun-trade-accusations-nuri-dam",
        standfirst="Satellite images show the reservoir behind Ardun's new dam at its highest "
        "level yet. Downstream, Qasirani farmers say the river has never been this low.",
        section="middle-east",
        authors=["daniel-haroun"],
        tags=["water", "qasiran", "ardun", "nuri-basin-water-council"],
        days_ago=3,
        at="11:25",
        caption="Dry irrigation channels on a farm east of Dar Miran.",
        body="""
        PORT ALCAMAR — Qasiran accused Ardun of "stealing the river" as satellite images showed
        the reservoir behind Ardun's new Nuri dam at its highest level since the dam was
        completed, while farmers downstream reported the lowest water levels in living memory.

        Images published by the environmental monitoring group Nuri Observatory show the reservoir
        covering about 310 square kilometres, nearly double its area in the spring. Ardun's
        water ministry says the filling is on schedule and that releases downstream meet the
        minimum agreed under a treaty between the two countries.

        Qasiran disputes that. Its agriculture ministry said flows measured at the border
        gauging station had averaged less than half the treaty minimum for six weeks.

        > "They tell us the water is coming. Our wheat cannot drink promises," said Hamid
        > Sayegh, who farms 40 hectares near the town of Bir Tala and has left half his land
        > unplanted this season.

        ## Two sets of numbers

        The dispute turns partly on measurement. Ardun counts flows at the dam's outlet;
        Qasiran counts them at the border, 80 kilometres downstream, after evaporation and
        irrigation canals on the Ardunian side have taken their share.

        The Nuri Basin Water Council, the joint body set up under the treaty to settle such
        arguments, has not met since the spring. Its secretariat said it had proposed dates
        to both governments and was waiting for replies.

        Ardun's water minister, Selim Toran, said the dam would "secure water for both
        peoples for a century" once it was full and that Qasiran was playing politics with a
        drought. The Nuri Observatory has made its
        [satellite series](https://nuri-observatory.example/reservoir) available for anyone
        to check.
        """,
    ),
    story(
        headline="Family of jailed reporter Samira Haddane appeal for her release",
        slug="haddane-family-appeal-for-release",
        standfirst="Haddane has been held for five months without trial on charges of "
        "spreading false news. Her family say her health is failing.",
        section="middle-east",
        authors=["daniel-haroun"],
        tags=["press-freedom", "samira-haddane", "human-rights", "qasiran", "idris-kawthar"],
        days_ago=9,
        at="10:00",
        caption="Samira Haddane's parents hold her press card at their home in Dar Miran.",
        body="""
        The family of Samira Haddane, a Qasirani investigative reporter held without trial for
        five months, appealed to the interior ministry to release her on medical grounds,
        saying she had lost more than ten kilograms in detention.

        Haddane was arrested at her home in Dar Miran in the spring, days after publishing an
        investigation into contracts awarded for the reconstruction of Port Alcamar's grain
        terminal. She is charged under the new cybercrime law with "publishing news that
        disturbs public order". She denies the charge.

        > "Samira wrote about invoices and concrete. That is all. If the numbers were wrong,
        > let them show us the right numbers," her father, Nabil Haddane, said at a news
        > conference in the family's living room.

        ## No date for trial

        Her lawyer, Rania Adel, said the prosecution had twice asked the court for more time
        to prepare its case and that she had not been allowed to see the evidence. She said
        Haddane had been held in solitary confinement for the first month.

        The interior ministry, which is led by Idris Kawthar, said Haddane was receiving
        "appropriate medical care" and that the case was a matter for the courts. It has
        previously said the cybercrime law targets "organised disinformation", not
        journalism.

        Haddane is one of 14 journalists in detention in Qasiran, according to the press
        freedom group Open Ledger, which lists her case in its
        [annual report](https://openledger.example/annual-report). Several news
        organizations, including this one, have republished her investigation in full.
        """,
    ),
    story(
        headline="Port Alcamar dockworkers strike over three months of unpaid wages",
        slug="port-alcamar-dockworkers-strike",
        standfirst="Cranes stood idle and ships queued offshore as the dockworkers' union "
        "began an open-ended strike at the country's largest port.",
        section="middle-east",
        authors=["daniel-haroun"],
        tags=["trade", "alcamar-dockworkers-union", "port-alcamar", "qasiran"],
        days_ago=20,
        at="08:05",
        caption="Idle cranes over the container terminal at Port Alcamar.",
        body="""
        PORT ALCAMAR — Thousands of dockworkers walked off the job at Port Alcamar, halting
        work at the container and grain terminals of Qasiran's largest port in a dispute over
        wages that the union says have not been paid for three months.

        By midday, 23 ships were waiting at anchor outside the harbour, according to the
        port's public vessel tracker. Only a fuel terminal run by a separate company was
        working.

        The Alcamar Dockworkers' Union, which represents about 6,000 workers, said the
        strike would continue until wages were paid in full. The port authority blamed the
        delay on the government, which it said had not transferred fees owed for handling
        state grain imports.

        > "Our members have been working on credit from the bakers and the landlords. The
        > bakers have stopped giving credit," said union secretary Yusra Mansour, standing
        > at the main gate.

        ## A port already under strain

        The port has struggled since a fire at the grain terminal two years ago. Reconstruction
        contracts for the terminal were the subject of an investigation by the reporter Samira
        Haddane, who has been detained since the spring.

        The finance ministry said the money would be transferred "within days" and urged the
        workers to return. The union said it had heard the same promise in each of the past
        three months.

        Grain traders warned that a long strike could push up bread prices in a country that
        imports most of its wheat, especially with the Nuri River at record lows. Shipping
        agents said some vessels might divert to Ardunian ports, a prospect that carries
        political weight given the dispute between the two countries over the river.
        """,
    ),
    story(
        headline="Interior minister Kawthar defends cybercrime law before parliament",
        slug="kawthar-defends-cybercrime-law",
        standfirst="Idris Kawthar told MPs the law had cut online fraud by a third. Journalists "
        "and lawyers say it is being used against reporting.",
        section="middle-east",
        authors=["daniel-haroun"],
        tags=["press-freedom", "disinformation", "idris-kawthar", "qasiran"],
        days_ago=48,
        at="14:40",
        note_kind="correction",
        note="An earlier version of this article said the law carries a maximum sentence of "
        "ten years. The maximum is five years.",
        caption="Idris Kawthar addresses parliament in Dar Miran.",
        body="""
        DAR MIRAN — Qasiran's interior minister, Idris Kawthar, defended the country's new
        cybercrime law in a combative appearance before parliament, telling MPs that it had
        cut reported online fraud by a third and "restored order to the information space".

        The law, passed in the spring, makes it a crime to publish "news that disturbs public
        order" and allows the authorities to block websites without a court order. Offences
        carry up to five years in prison.

        > "Nobody has been arrested for journalism. People have been arrested for inventing
        > things and calling it journalism," Kawthar said, to applause from the government
        > benches.

        ## Critics point to detained reporters

        Opposition MPs read out the names of journalists charged under the law, including
        Samira Haddane, who has been held since the spring over an investigation into port
        contracts. Kawthar said he would not discuss individual cases before the courts.

        The country's bar association said the law's key phrase was "so broad that it means
        whatever a prosecutor needs it to mean" and called for it to be amended. The
        association has [published a legal opinion](https://bar-qasiran.example/opinion)
        setting out its objections clause by clause.

        Kawthar said the government would consider "technical clarifications" but would not
        repeal the law. He cited a fake ministry letter that spread widely in the spring,
        announcing a non-existent fuel price rise, as an example of the harm it prevents.

        Independent researchers traced that letter to a network of accounts that also
        promoted the ministry's own messages, a finding the ministry has not addressed.
        """,
    ),
    story(
        headline="Water council brokers temporary deal on Nuri River releases",
        slug="water-council-temporary-nuri-deal",
        standfirst="Ardun agreed to release more water for six weeks while Qasiran farmers "
        "plant their winter crop. Neither side called it a breakthrough.",
        section="middle-east",
        authors=["daniel-haroun"],
        tags=["water", "nuri-basin-water-council", "diplomacy", "ardun", "qasiran"],
        days_ago=76,
        at="17:55",
        caption="Water flows through the open sluices of the Nuri dam.",
        body="""
        Ardun will increase releases from its dam on the Nuri River for six weeks so that
        farmers downstream in Qasiran can plant their winter crops, under a temporary deal
        announced by the Nuri Basin Water Council after two days of talks.

        The agreement sets a minimum flow of 180 cubic metres per second at the border gauging
        station, measured by a joint team, until the end of the planting season. It says
        nothing about how fast Ardun may fill its reservoir after that.

        > "This is a bridge, not a road. It gets us across one season," said the council's
        > secretary, Nadia Farhi, who chaired the talks.

        ## Measured at the border

        The most important concession, water experts said, is where the flow will be
        measured. Qasiran has long argued that releases counted at the dam overstate how much
        water reaches its farms. Ardun agreed to the border station for the duration of the
        deal only.

        Farmers' unions in Qasiran welcomed the extra water but said six weeks was too short
        for crops that need irrigation well into the spring. Ardun's water ministry said the
        deal showed it was "a responsible upstream neighbour".

        Diplomats credited the council's secretariat with keeping both delegations in the
        building. At one point on the second day, the Ardunian team packed its bags, only to
        return an hour later after a telephone call from its foreign ministry.

        The council said technical teams would meet monthly. Its
        [statement](https://nuri-council.example/statements) calls on both governments to
        resume negotiations on a permanent filling schedule, talks that broke down last year.
        """,
    ),
    story(
        headline="Heatwave pushes Port Alcamar's power grid to the brink",
        slug="heatwave-port-alcamar-power-grid",
        standfirst="Rolling blackouts hit the port city as temperatures passed 47C and demand "
        "for air conditioning outstripped supply.",
        section="middle-east",
        authors=["daniel-haroun"],
        tags=["energy", "port-alcamar", "qasiran"],
        days_ago=104,
        at="12:30",
        caption="A street market in Port Alcamar lit by generators during a blackout.",
        body="""
        Rolling blackouts swept Port Alcamar for a third day as temperatures passed 47C and the
        city's power grid struggled to meet record demand, leaving neighbourhoods without
        electricity for up to six hours at a time.

        The state electricity company said demand had reached 118 per cent of available
        capacity at its afternoon peak. One of the city's two gas-fired power plants was
        running at half output because of low water levels in the cooling canal fed by the
        Nuri River, it said.

        > "We have a power station that needs the river to stay cool, and a river that is
        > warmer and lower every year," said Karim Obeid, an engineer at the company who
        > spoke to reporters at a briefing.

        ## Hospitals on generators

        Hospitals switched to backup generators, and the health ministry said it had opened
        cooling centres in schools and mosques for elderly residents. Doctors at the city's
        main hospital reported a rise in admissions for heat exhaustion.

        Residents said the schedule of cuts published by the company bore little relation to
        when their power went off. Some neighbourhoods near the port were without electricity
        for most of the night, when temperatures stayed above 35C.

        The government said a floating power plant leased from abroad would arrive within two
        weeks. Energy analysts said the city had outgrown its grid years ago and that the
        heat merely exposed it. A [government plan](https://energy-qasiran.example/plan) for
        new solar capacity was announced three years ago; none of it has been built.
        """,
    ),
]
