"""Pre-read scenarios: votes and ratings pointing in opposite directions."""

from tests.preread.scenarios.build import (
    finding,
    flag,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "Split vote, ratings never two steps apart",
        why=(
            "Three interviewers lean yes and two lean no, which must be discussed, but no single "
            "competency is rated two steps apart, so there is no rating conflict."
        ),
        focus=("Roadmap prioritisation", "Working with engineering"),
        weak_spots=("Enterprise customers",),
        notes=[
            note(
                "Ben Carter",
                "yes",
                (
                    "Prioritisation exercise with three connector requests. Morgan asked about "
                    "contract values, renewal dates and engineering effort, and whether any of "
                    "the three could share a common sync layer. She then built a simple scoring "
                    "table and explained why she would do the smallest connector first to unblock "
                    "a renewal. She was open about the weak spots in her scoring."
                ),
                ratings={
                    "Roadmap prioritisation": "yes",
                    "reasoning": "yes",
                    "signal_to_noise": "yes",
                },
            ),
            note(
                "Rafael Gomez",
                "no",
                (
                    "I played the tech lead pushing back on a date. Morgan listened, but her "
                    "answer was to ask the team to find a way rather than to trade scope. When I "
                    "described the risk of the legacy API she moved on quickly. I am not "
                    "convinced she would build trust with a remote team that is still forming."
                ),
                ratings={"Working with engineering": "no", "reasoning": "no", "ownership": "yes"},
                stories=[
                    story(
                        "Handing over to the offshore team",
                        setup="Her last product moved to a team in another time zone.",
                        actions="She wrote the specs and held a weekly call.",
                        outcome="Delivery slipped a quarter and she described the team as slow.",
                        conclusion="Did not see her part in the slip; a concern for a remote team.",
                    ),
                ],
            ),
            note(
                "Noah Jensen",
                "yes",
                (
                    "Role-play with an unhappy enterprise admin whose sync keeps failing. She "
                    "apologised once, asked for the exact error and the business impact, and "
                    "promised a realistic update time. Good instincts with enterprise customers "
                    "and she knew when to bring in support. She also asked afterwards how our "
                    "customer success team hands feedback to product, which told me she thinks "
                    "about the loop, not only the ticket."
                ),
                ratings={"signal_to_noise": "yes", "ownership": "yes"},
                probes=("Enterprise customers",),
            ),
            note(
                "Maya Cohen",
                "yes",
                (
                    "Behavioural round. She gave specific examples of working with designers and "
                    "engineers, including one where she changed her mind after a usability test. "
                    "Reflective and warm, though her examples were all with co-located teams."
                ),
                ratings={
                    "Working with engineering": "yes",
                    "ownership": "yes",
                    "signal_to_noise": "yes",
                },
                stories=[
                    story(
                        "Dropping the wizard after a usability test",
                        setup="She had championed a setup wizard for a new connector.",
                        actions=(
                            "A usability test showed admins skipped it, so she asked design and "
                            "engineering for a simpler checklist."
                        ),
                        outcome="Setup time fell and the wizard was retired.",
                        conclusion="Changes her mind on evidence and brings the team along.",
                    ),
                ],
            ),
            note(
                "Arjun Mehta",
                "no",
                (
                    "Leadership round on strategy. Her roadmap thinking was tactical: connector "
                    "by connector, customer by customer. When I asked what the integrations "
                    "platform should look like in two years she described more connectors. I gave "
                    "her a chance to step back by asking which customer she would disappoint "
                    "first and why; she said she would try not to disappoint anyone. For this "
                    "role we need someone who can say no to a large customer with a reason and "
                    "keep the relationship."
                ),
                ratings={"Roadmap prioritisation": "no", "ownership": "no", "reasoning": "yes"},
                leader=True,
            ),
        ],
        expect=[
            finding(
                "vote_conflict",
                "Arjun Mehta",
                "Ben Carter",
                "Maya Cohen",
                "Noah Jensen",
                "Rafael Gomez",
            ),
        ],
        expect_not=["rating_conflict", "thin", "same_story", "story_read_differently"],
    ),
    scenario(
        "Ratings two steps apart versus one step apart",
        why=(
            "Data modelling is rated strong yes by one interviewer and no by another (two steps: "
            "a conflict), orchestration is yes against no (one step: not a conflict), and a "
            "strong yes on ownership next to no_signal ratings is no conflict either."
        ),
        focus=("Data modelling", "Pipeline orchestration"),
        weak_spots=("Cost control",),
        notes=[
            note(
                "Jonas Berg",
                "yes",
                (
                    "SQL and modelling exercise on clickstream data. Sam designed a clean "
                    "sessions table with a clear grain, explained late-arriving events and wrote "
                    "window functions that were correct first time. The best modelling answer I "
                    "have seen this year; the SQL was tidy and well tested."
                ),
                ratings={
                    "Data modelling": "strong_yes",
                    "correctness": "yes",
                    "ownership": "no_signal",
                },
            ),
            note(
                "Lucia Moretti",
                "yes",
                (
                    "Modelling discussion on our subscription data. The star schema was fine, but "
                    "slowly changing dimensions got muddled: he overwrote plan history and only "
                    "noticed when I asked how finance would report last quarter's revenue. He "
                    "recovered well and I still lean yes, but modelling was the weak part of my "
                    "conversation."
                ),
                ratings={"Data modelling": "no", "reasoning": "yes", "ownership": "no_signal"},
            ),
            note(
                "Victor Huang",
                "yes",
                (
                    "Designed a nightly pipeline with retries and backfills. Good grasp of "
                    "idempotent tasks and sensible use of sensors; he would add data quality "
                    "checks before publishing. Did not get to alerting, but what he covered was "
                    "right."
                ),
                ratings={
                    "Pipeline orchestration": "yes",
                    "engineering_maturity": "yes",
                    "ownership": "no_signal",
                },
            ),
            note(
                "Kwame Mensah",
                "yes",
                (
                    "Incident-style conversation about a pipeline that misses its SLA. He took "
                    "ownership of the scenario immediately and was clear about communication to "
                    "downstream teams. On orchestration he reached for more parallelism rather "
                    "than finding the slow task first."
                ),
                ratings={
                    "Pipeline orchestration": "no",
                    "Data modelling": "yes",
                    "ownership": "strong_yes",
                },
                stories=[
                    story(
                        "The three-week backfill",
                        setup=(
                            "A schema change upstream silently dropped a column from event data "
                            "for three weeks."
                        ),
                        actions=(
                            "He found it from a dashboard anomaly, wrote the backfill and set up "
                            "a contract test with the producer team."
                        ),
                        outcome="The data was restored before month-end close.",
                        conclusion="Strong ownership; fixed the cause, not only the symptom.",
                    ),
                ],
            ),
            note(
                "Henrik Olsen",
                "yes",
                (
                    "We looked at last year's warehouse bill. Sam asked which queries drove the "
                    "cost and suggested partitioning and scheduled materialisations rather than a "
                    "bigger cluster. Clear and practical, and he understood that finance wants "
                    "predictability more than the lowest number."
                ),
                ratings={"signal_to_noise": "yes", "ownership": "no_signal"},
                probes=("Cost control",),
            ),
        ],
        expect=[
            finding("rating_conflict", "Jonas Berg", "Lucia Moretti", about="Data modelling"),
        ],
        expect_not=["vote_conflict", "thin"],
    ),
    scenario(
        "Several rating conflicts on an SRE loop",
        why=(
            "Incident response is rated strong yes, yes and strong no, which gives two "
            "conflicting pairs (strong yes/strong no and yes/strong no, but not strong yes/yes); "
            "correctness is strong no against yes; the votes split and the harshest interviewer "
            "raised a red flag."
        ),
        focus=("Incident response", "Automation"),
        weak_spots=("Safety documentation",),
        notes=[
            note(
                "Kwame Mensah",
                "strong_yes",
                (
                    "Simulated a paging storm from the historian servers. Dana declared an "
                    "incident within a minute, assigned a scribe, and checked customer impact "
                    "before touching anything. She asked what changed recently and found the bad "
                    "config push from the change log. Exactly the calm we need at three in the "
                    "morning."
                ),
                ratings={"Incident response": "strong_yes", "reasoning": "yes"},
                stories=[
                    story(
                        "The night the pager never stopped",
                        setup=(
                            "At her current employer a certificate expired on the message broker "
                            "and every service paged at once."
                        ),
                        actions=(
                            "She silenced the duplicates, identified the common cause and "
                            "coordinated the renewal with the vendor."
                        ),
                        outcome=(
                            "Service was restored in forty minutes and they added certificate "
                            "expiry alerts."
                        ),
                        conclusion="Keeps a cool head and thinks about the whole system.",
                    ),
                ],
            ),
            note(
                "Daniel Osei",
                "no",
                (
                    "Scripting exercise: rotate logs and clean up old artefacts. Dana wrote the "
                    "script quickly but the cleanup used a relative path and would have deleted "
                    "the wrong directory when run from cron. She did not test it and did not "
                    "handle the case where the disk was already full. When I pointed it out she "
                    "fixed it, but this is the kind of automation that wakes people up."
                ),
                ratings={"Automation": "no", "correctness": "strong_no"},
            ),
            note(
                "Pedro Costa",
                "yes",
                (
                    "I asked how she would record an outage that stopped a packaging line. She "
                    "knew the difference between the incident timeline and the safety report, "
                    "asked who signs off the report and how long we keep it. She was comfortable "
                    "with the paperwork side of industrial work, which many candidates are not."
                ),
                ratings={"Incident response": "yes", "signal_to_noise": "yes"},
                probes=("Safety documentation",),
            ),
            note(
                "Hannah Weber",
                "yes",
                (
                    "Terraform review exercise. Dana spotted the missing state lock and the "
                    "hard-coded credentials, and proposed a module structure that would let "
                    "operations reuse it. Code was correct, with a small test harness, although "
                    "she ran a little short of time on the last part."
                ),
                ratings={"Automation": "yes", "correctness": "yes"},
            ),
            note(
                "Ingrid Larsen",
                "no",
                (
                    "Failure scenario on the PLC gateway. Dana proposed restarting the gateway to "
                    "clear the fault without checking whether the line was in a safe state, and "
                    "when I asked about interlocks she said that was the operators' job. Her "
                    "automation ideas were generic. In our setting this matters more than speed."
                ),
                ratings={"Incident response": "strong_no", "Automation": "no", "reasoning": "no"},
                flags=[
                    flag(
                        "red",
                        (
                            "Would restart the PLC gateway without confirming the line is in a "
                            "safe state."
                        ),
                        "concern",
                    ),
                ],
            ),
        ],
        expect=[
            finding(
                "vote_conflict",
                "Daniel Osei",
                "Hannah Weber",
                "Ingrid Larsen",
                "Kwame Mensah",
                "Pedro Costa",
            ),
            finding("rating_conflict", "Ingrid Larsen", "Kwame Mensah", about="Incident response"),
            finding("rating_conflict", "Ingrid Larsen", "Pedro Costa", about="Incident response"),
            finding("rating_conflict", "Daniel Osei", "Hannah Weber", about="correctness"),
            finding("red_flag", "Ingrid Larsen"),
        ],
        expect_not=["thin", "unclear_flag", "focus_gap"],
    ),
]
