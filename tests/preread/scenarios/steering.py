"""Pre-read scenarios: a story read two ways, and a candidate steering to one story."""

from tests.preread.scenarios.build import (
    finding,
    hours_ago,
    no_note,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "Same story, opposite conclusions",
        why=(
            "Two interviewers heard the warehouse sync outage story; one concluded it shows "
            "ownership, the other that the candidate blamed the vendor. The story is the same, "
            "the reading is not."
        ),
        focus=("Reliability", "Traceability"),
        weak_spots=("Working with operations",),
        notes=[
            note(
                "Ingrid Larsen",
                "yes",
                (
                    "Designed an event log for stock movements. Ezra made every movement an "
                    "append-only event with a reason code and proposed reconciling against the "
                    "physical scan nightly. Sound reliability thinking."
                ),
                ratings={"Reliability": "yes", "Traceability": "yes", "ownership": "yes"},
                stories=[
                    story(
                        "The warehouse sync outage",
                        setup=(
                            "A nightly sync between the warehouse system and the carrier API "
                            "double-booked pallets for two days."
                        ),
                        actions=(
                            "Ezra rolled back the sync, reconciled the bookings by hand with the "
                            "night shift and wrote the postmortem."
                        ),
                        outcome="No shipments were lost and the sync got idempotency keys.",
                        conclusion="Owned the incident end to end; good judgment under pressure.",
                    ),
                ],
            ),
            note(
                "Hannah Weber",
                "yes",
                (
                    "Coding round on a retry wrapper. Code was correct and tested. When we talked "
                    "about incidents he told the sync story; I still lean yes on the code, but "
                    "the way he told it bothered me."
                ),
                ratings={"Reliability": "yes", "ownership": "no", "correctness": "yes"},
                stories=[
                    story(
                        "Double-booked pallets after a carrier sync",
                        setup=(
                            "His team's nightly sync with the carrier API booked the same pallets "
                            "twice over two nights."
                        ),
                        actions=(
                            "He rolled the sync back and spent most of the story on how the "
                            "carrier's API was badly documented."
                        ),
                        outcome="The bookings were cleaned up manually.",
                        conclusion=(
                            "Blamed the vendor; no reflection on the missing idempotency or tests "
                            "on his side."
                        ),
                    ),
                ],
            ),
            note(
                "Pedro Costa",
                "yes",
                (
                    "Operations angle. I asked how he would help the night shift when the system "
                    "is wrong. Ezra wanted a manual override with a mandatory reason and a daily "
                    "report of overrides, which is what our auditors ask for. He listened well "
                    "and asked about shift handovers, and how long the night shift has to wait "
                    "for support today."
                ),
                ratings={"Traceability": "yes", "signal_to_noise": "yes"},
                probes=("Working with operations",),
            ),
            note(
                "Rafael Gomez",
                "yes",
                (
                    "Parsing exercise for fixed-width carrier files. Ezra clarified the format, "
                    "handled malformed lines and wrote table-driven tests. Efficient and calm; he "
                    "finished early and refactored for readability. When I changed the spec "
                    "halfway through to allow optional trailing fields he adapted the parser "
                    "without breaking the earlier tests, and explained why he preferred failing "
                    "loudly on unknown record types."
                ),
                ratings={"correctness": "yes", "reasoning": "yes"},
            ),
            note(
                "Nadia Petrova",
                "yes",
                (
                    "Behavioural round. Ezra talked about mentoring an apprentice and about a "
                    "disagreement with his lead over test coverage, which he handled well. "
                    "Specific and thoughtful."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
                stories=[
                    story(
                        "Mentoring the warehouse apprentice",
                        setup="An apprentice joined his team with no programming background.",
                        actions=(
                            "He set weekly goals, paired on small tickets and let her present her "
                            "first feature."
                        ),
                        outcome="She now owns the label printing service.",
                        conclusion="Patient mentor who gives credit.",
                    ),
                ],
            ),
        ],
        expect=[
            finding("story_read_differently", "Hannah Weber", "Ingrid Larsen"),
        ],
        expect_not=["same_story", "steering", "vote_conflict", "rating_conflict", "thin"],
    ),
    scenario(
        "Candidate steers four of five conversations to one story",
        why=(
            "The churn model came up in four of five interviews under different titles: the "
            "candidate steered the loop to their comfort zone, and the room should ask what else "
            "they have done."
        ),
        focus=("Metrics", "Turning ambiguity into a plan"),
        weak_spots=("Influencing stakeholders",),
        notes=[
            note(
                "Julia Novak",
                "yes",
                (
                    "Metrics case on activation. Lior proposed a sensible definition and "
                    "guardrails, but quickly moved to his churn model, which he clearly knows "
                    "inside out."
                ),
                ratings={"Metrics": "yes", "reasoning": "yes"},
                stories=[
                    story(
                        "The churn model at Brightcart",
                        setup=(
                            "At Brightcart, a meal-kit subscription, a third of subscribers "
                            "cancelled within three months."
                        ),
                        actions=(
                            "He built a churn prediction model on delivery and skip data and "
                            "worked with retention on offers."
                        ),
                        outcome="Targeted offers cut early churn by a fifth.",
                        conclusion="Solid applied modelling with real business impact.",
                    ),
                ],
            ),
            note(
                "Amara Okafor",
                "yes",
                (
                    "Open question: why are retention numbers down? Lior asked a couple of "
                    "questions, then framed the whole problem as churn prediction, as he did at "
                    "his last job. The plan was reasonable but familiar."
                ),
                ratings={"Turning ambiguity into a plan": "yes", "signal_to_noise": "no"},
                stories=[
                    story(
                        "Predicting churn for a meal-kit subscription",
                        setup=(
                            "Brightcart's meal-kit subscribers were cancelling early, about one "
                            "in three in the first quarter."
                        ),
                        actions=(
                            "He trained a churn model on skips and delivery issues and fed scores "
                            "to the retention team."
                        ),
                        outcome="Early cancellations dropped by about 20%.",
                        conclusion="Good end-to-end ownership of a model.",
                    ),
                ],
            ),
            note(
                "Tariq Hassan",
                "yes",
                (
                    "I asked about an experiment he was proud of. He chose the retention offers "
                    "that followed his churn model and described the test design well. Sensible "
                    "on metrics."
                ),
                ratings={"Metrics": "yes", "Turning ambiguity into a plan": "yes"},
                stories=[
                    story(
                        "Churn prediction and retention offers at Brightcart",
                        setup=(
                            "Brightcart lost a third of new meal-kit subscribers in their first "
                            "three months."
                        ),
                        actions=(
                            "His churn model picked at-risk subscribers and he A/B tested "
                            "retention offers on them."
                        ),
                        outcome="The offers reduced early churn by a fifth.",
                        conclusion="Understands how a model turns into a business result.",
                    ),
                ],
            ),
            note(
                "Grace Liu",
                "yes",
                (
                    "Stakeholder role-play: I was a PM who disagreed with his analysis. Lior "
                    "stayed calm, walked me through the evidence and offered a smaller test to "
                    "settle it. His example was, again, the churn work."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
                stories=[
                    story(
                        "Convincing retention to trust the churn scores",
                        setup=(
                            "The retention team at Brightcart, a meal-kit subscription, did not "
                            "trust his churn model scores."
                        ),
                        actions=(
                            "He showed them ten real subscribers with their scores and what "
                            "happened next."
                        ),
                        outcome="They adopted the scores for offers, and early churn fell.",
                        conclusion="Influences through evidence, patiently.",
                    ),
                ],
                probes=("Influencing stakeholders",),
            ),
            note(
                "Michael Brandt",
                "yes",
                (
                    "Values round. Lior was curious and humble, asked how data science decisions "
                    "are made here and spoke well about doing the simple thing first. We talked "
                    "about his move from academia and what he missed. When I asked about a "
                    "project that failed he talked about a pricing model that never shipped "
                    "because nobody owned the decision, and what he now asks before starting. I "
                    "enjoyed the conversation and would like to hear how the others found him."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
                leader=True,
            ),
        ],
        expect=[
            finding("steering", "Amara Okafor", "Grace Liu", "Julia Novak", "Tariq Hassan"),
            finding("same_story", "Amara Okafor", "Grace Liu", "Julia Novak", "Tariq Hassan"),
        ],
        expect_not=["story_read_differently", "vote_conflict", "rating_conflict", "thin"],
    ),
    scenario(
        "Steering in three of four submitted notes, read two ways",
        why=(
            "One note is still missing; of the four submitted, three heard the mobile "
            "reorganisation story (3/4 of submitted notes: steering), and one of them read it as "
            "blaming the team rather than owning the change."
        ),
        focus=("People leadership", "Delivery"),
        weak_spots=("Working with design",),
        notes=[
            note(
                "Priyanka Das",
                "yes",
                (
                    "Behavioural round. Robin described restructuring a mobile team and spoke "
                    "well about one-to-ones and career conversations. Clear, warm, specific."
                ),
                ratings={"People leadership": "yes", "ownership": "yes"},
                stories=[
                    story(
                        "Reorganising the mobile team",
                        setup=(
                            "At his current bank, iOS and Android were separate teams that "
                            "shipped features months apart."
                        ),
                        actions=(
                            "He merged them into feature squads with one backlog and one release "
                            "train."
                        ),
                        outcome="Features now ship on both platforms in the same release.",
                        conclusion="Takes ownership of hard people changes and follows through.",
                    ),
                ],
            ),
            note(
                "Samuel Adeyemi",
                "yes",
                (
                    "Delivery planning for a release that is slipping. Robin asked for the "
                    "critical path, cut scope with the product manager and proposed a weekly "
                    "release train. He used his reorganisation as the example."
                ),
                ratings={"Delivery": "yes", "reasoning": "yes"},
                stories=[
                    story(
                        "Merging the iOS and Android teams",
                        setup=(
                            "His bank's iOS and Android teams worked separately and released the "
                            "same features months apart."
                        ),
                        actions=(
                            "He combined them into cross-platform squads with a shared backlog "
                            "and a fixed release train."
                        ),
                        outcome="Platform parity within two quarters.",
                        conclusion="Good delivery instincts and willing to change structure.",
                    ),
                ],
            ),
            note(
                "Elif Demir",
                "yes",
                (
                    "Collaboration with design. Robin wanted designers in squad planning and "
                    "asked how we handle design debt. He brought up the team merge again when I "
                    "asked about conflict, which was fair but meant we covered less ground than I "
                    "planned."
                ),
                ratings={"signal_to_noise": "yes", "ownership": "yes"},
                stories=[
                    story(
                        "The iOS and Android merge",
                        setup=(
                            "At the bank, separate iOS and Android teams shipped features months "
                            "apart."
                        ),
                        actions=(
                            "He merged them into squads; when I asked what went wrong he said the "
                            "senior iOS engineers resisted and two of them left."
                        ),
                        outcome=(
                            "Parity improved, but with attrition he put down to their attitude."
                        ),
                        conclusion=(
                            "Blamed the engineers who left; little reflection on how he ran the "
                            "change."
                        ),
                    ),
                ],
                probes=("Working with design",),
            ),
            note(
                "Oliver Grant",
                "yes",
                (
                    "Leadership round on managing managers and planning. Robin was comfortable "
                    "with quarterly planning and had a sensible view of on-call for mobile. He "
                    "talked about a hiring plan he wrote and how he built a structured interview "
                    "for mobile engineers, with a rubric. When I asked how he would handle a "
                    "release that must slip, he said he would tell the product director the same "
                    "day with two options and a recommendation. Solid; I would like to see more "
                    "breadth beyond mobile."
                ),
                ratings={
                    "People leadership": "yes",
                    "Delivery": "yes",
                    "engineering_maturity": "yes",
                },
            ),
            no_note("Elena Rossi", ended=hours_ago(22.25), leader=True),
        ],
        expect=[
            finding("missing", "Elena Rossi"),
            finding("steering", "Elif Demir", "Priyanka Das", "Samuel Adeyemi"),
            finding("story_read_differently", "Elif Demir", "Priyanka Das", "Samuel Adeyemi"),
        ],
        expect_not=["same_story", "vote_conflict", "thin"],
    ),
]
