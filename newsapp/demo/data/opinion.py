"""Opinion pieces for the demo site. Everyone and everywhere in them is invented."""

from .story import story

STORIES = [
    story(
        headline="Ceasefire monitors need more than binoculars",
        slug="monitors-need-more-than-binoculars",
        standfirst="The Continental Monitoring Mission is asked to referee a war with a "
        "notebook. Governments that praise its work should pay for the tools to do it.",
        section="opinion",
        authors=["leila-strand"],
        tags=["ceasefire", "continental-monitoring-mission", "verin-corridor"],
        days_ago=20,
        at="11:00",
        caption="A monitor scans the ceasefire line from an observation post.",
        body="""
        Every morning, the Continental Monitoring Mission publishes a list of the previous
        night's ceasefire violations in the Verin Corridor. Every afternoon, one government or
        the other explains why the list is wrong. The mission's critics in Varnholt have a
        point, though not the one they think.

        The monitors are honest about what they cannot see. Their reports say, night after
        night, "origin could not be determined". That is not bias. It is what happens when
        you ask 120 unarmed civilians to watch a 90-kilometre line in the dark with a handful
        of acoustic sensors and drones that cannot fly in rain.

        > "We are asked to be certain with equipment that produces probabilities," one
        > monitor told our Europe correspondent last winter. "So we publish the probability."

        ## What certainty would cost

        The tools exist. Acoustic arrays that triangulate artillery, radar that tracks shells
        back to their source, satellite imagery bought by the week. A
        [costed proposal](https://cmm.example/proposal) from the mission's own staff puts the
        price at less than the governments of the region spend on a single fighter jet.

        Governments praise the mission in every communiqué. Few have increased its budget.
        Valdoria cites its figures when they help and Kestria ignores them when they do not;
        neither has an interest in a mission that could say with confidence who fired first.

        ## Our ask

        The talks in Ambrel are a chance to change that. Any agreement that comes out of them
        should include money for better monitoring and access for monitors to both sides of
        the line. A ceasefire that cannot be measured cannot be defended, and a mission that
        can only guess will always be blamed by whoever it inconveniences.

        We will keep publishing the monitors' counts. We would like them to be able to publish
        more than counts.
        """,
    ),
    story(
        headline="Our reporters in Qasiran will not be cowed by the cybercrime law",
        slug="our-reporters-will-not-be-cowed",
        standfirst="The law is written to make journalists guess where the line is. Here is "
        "how this newsroom will keep reporting, and what we ask of readers.",
        section="opinion",
        authors=["leila-strand"],
        tags=["press-freedom", "qasiran", "samira-haddane", "idris-kawthar"],
        days_ago=47,
        at="18:00",
        caption="The empty desk of a detained reporter, kept as she left it.",
        body="""
        When Qasiran's interior minister told parliament that nobody had been arrested for
        journalism, he was making a distinction the law itself does not make. A statute that
        punishes "news that disturbs public order" lets a prosecutor decide, after the fact,
        which news that was. Its purpose is not to catch liars. It is to make honest
        reporters guess where the line is, and stop well short of it.

        We will not guess.

        Our Port Alcamar bureau will go on reporting on contracts, courts, water and wages,
        the subjects that matter most to people in Qasiran and that powerful people would most
        like left alone. We will check our facts as carefully as we always have, and we will
        publish our corrections where readers can see them, as we do on every story.

        > "The best protection for a reporter is an editor who will publish the story anyway,"
        > Samira Haddane wrote in a letter to colleagues before her arrest.

        ## What we ask of readers

        First, read the work. Investigations like Haddane's on the Port Alcamar grain
        terminal are long and unglamorous, and they are the reason such laws exist. Second,
        share the original, not a screenshot. Forgeries travel as screenshots; our articles
        carry dates, bylines and corrections.

        Third, hold us to the standard we set. If we get something wrong, tell us, and we will
        fix it in public. That is the difference between journalism and the thing the law
        says it is fighting.

        ## What we ask of governments

        Release Samira Haddane and the other journalists held under this law. Amend it, as
        the country's own bar association
        [has proposed](https://bar-qasiran.example/opinion), so that it targets fraud rather
        than reporting. Until then, we will keep reporting, and keep printing her name.
        """,
    ),
    story(
        headline="Why we name our sources, and the rare times we don't",
        slug="why-we-name-our-sources",
        standfirst="Readers ask why some people in our stories are anonymous. Our editor "
        "explains the rules we follow and the questions we ask before granting it.",
        section="opinion",
        authors=["leila-strand"],
        tags=["press-freedom", "disinformation"],
        days_ago=84,
        at="12:00",
        caption="Reporters' notebooks on the newsroom's long table.",
        body="""
        Several readers have written in to ask why our coverage of the Verin Corridor so often
        quotes "a Western diplomat" or "an official who was not authorised to speak" without
        giving a name. It is a fair question, and the answer says something about how we work.

        Our default is simple: people we quote are named. A name lets readers judge who is
        speaking and why, and it makes the speaker accountable for what they said. Most of
        the quotes in our stories, including from ministers, farmers and dockworkers, are on
        the record.

        ## When we make exceptions

        We grant anonymity only when three things are true. The person must be in a position
        to know what they are telling us. Naming them must expose them to real harm, such as
        losing their job or their liberty, not mere embarrassment. And the information must
        matter enough to readers to justify asking them to trust us instead of the source.

        > "Anonymity is a loan of our credibility to someone else. We lend it rarely, and we
        > expect it back," as one of our editors put it at a training session.

        At least one editor knows the identity of every anonymous source we quote. We tell
        readers as much as we safely can about why the person could not be named; with diplomats,
        it is usually because the talks they describe are confidential.

        ## What we won't do

        We do not grant anonymity for personal attacks, for speculation, or to someone who
        simply prefers not to be named. In places like Qasiran and Kestria, where sources can
        face prison, we are more careful, not less.

        Our full [editorial standards](https://meridian-dispatch.example/standards) are
        public. If you think we have broken them, write to me. I read every letter, and I
        usually reply.
        """,
    ),
]
