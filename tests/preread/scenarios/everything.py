"""Pre-read scenarios: a messy loop with nearly every kind of finding at once."""

from tests.preread.scenarios.build import (
    draft,
    finding,
    flag,
    hours_ago,
    no_note,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "Everything at once",
        why=(
            "A messy seven-slot loop: one note late, one still a draft, one thin, a split vote, a "
            "two-step correctness gap, a yellow concern, a flag without intent, a story heard "
            "twice, a focus competency with one signal and a weak spot only the draft covered."
        ),
        focus=("API design", "Distributed systems", "Mentoring"),
        weak_spots=("Working with operations",),
        notes=[
            no_note("Tom Becker", ended=hours_ago(27.25)),
            note(
                "Rafael Gomez",
                "yes",
                "Good API sense. Fine on coding.",
                ratings={"API design": "yes", "correctness": "yes"},
            ),
            note(
                "Lena Hoffmann",
                "yes",
                (
                    "Multi-region search design. Noor separated indexing from serving, proposed "
                    "regional replicas with asynchronous index shipping and explained how stale "
                    "results would be bounded. Her reasoning about failure modes was correct and "
                    "precise."
                ),
                ratings={
                    "Distributed systems": "yes",
                    "API design": "yes",
                    "correctness": "strong_yes",
                },
                stories=[
                    story(
                        "The zero-downtime reindex",
                        setup=(
                            "Her marketplace had to rebuild the product index for a new ranking "
                            "field across three regions."
                        ),
                        actions=(
                            "She built shadow indexes per region and switched aliases region by "
                            "region with automatic comparison of results."
                        ),
                        outcome="The rollout finished in a week without user-facing errors.",
                        conclusion="Careful and methodical with risky changes.",
                    ),
                ],
            ),
            note(
                "Aiko Tanaka",
                "no",
                (
                    "Consistency deep dive. Noor's high-level design was good, but she claimed "
                    "the replicas would be strongly consistent and only walked it back after two "
                    "examples. She also assumed clocks are in sync across regions. She told me "
                    "the same reindex story Lena mentioned."
                ),
                ratings={"Distributed systems": "yes", "correctness": "no", "ownership": "yes"},
                flags=[
                    flag(
                        "yellow",
                        "Over-confident about consistency guarantees until shown counter-examples.",
                        "concern",
                    ),
                ],
                stories=[
                    story(
                        "Rebuilding the search index without downtime",
                        setup=(
                            "The marketplace needed a new ranking field, which meant rebuilding "
                            "the product index in every region."
                        ),
                        actions=(
                            "She ran shadow indexes and swapped aliases one region at a time, "
                            "comparing results automatically."
                        ),
                        outcome="No errors for users during the rebuild.",
                        conclusion="Shows she plans risky work carefully.",
                    ),
                ],
            ),
            note(
                "Marco Silva",
                "yes",
                (
                    "Behavioural round on mentoring. Noor described running a weekly design "
                    "clinic for juniors and reviewing their first designs in pairs. Good "
                    "examples, warm and patient. She mentioned leaving a previous job after six "
                    "months without explaining why, and I did not follow up."
                ),
                ratings={"Mentoring": "yes", "ownership": "yes"},
                flags=[
                    flag("red", "Left a previous job after six months and avoided saying why.", ""),
                ],
            ),
            draft(
                "Pedro Costa",
                "yes",
                "Draft: good on runbooks, asked about our on-call rota. Finish tonight.",
                ended=hours_ago(21.25),
                ratings={"signal_to_noise": "yes"},
                probes=("Working with operations",),
            ),
            note(
                "Michael Brandt",
                "strong_yes",
                (
                    "Values round. Noor speaks about quality and speed with nuance, and about "
                    "raising the bar for a team without making juniors feel small. She asked what "
                    "we expect from staff engineers here and pushed back politely on one of my "
                    "answers. When I asked about a decision she regretted, she described keeping "
                    "an underperforming tech lead in place too long and what she does differently "
                    "now. I would hire her."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
                leader=True,
            ),
        ],
        expect=[
            finding("late", "Tom Becker"),
            finding("missing", "Pedro Costa"),
            finding("thin", "Rafael Gomez"),
            finding(
                "vote_conflict",
                "Aiko Tanaka",
                "Lena Hoffmann",
                "Marco Silva",
                "Michael Brandt",
                "Rafael Gomez",
            ),
            finding("rating_conflict", "Aiko Tanaka", "Lena Hoffmann", about="correctness"),
            finding("yellow_concern", "Aiko Tanaka"),
            finding("unclear_flag", "Marco Silva"),
            finding("same_story", "Aiko Tanaka", "Lena Hoffmann"),
            finding("focus_gap", about="Mentoring"),
            finding("weak_spot_gap", about="Working with operations"),
        ],
        expect_not=["red_flag", "story_read_differently", "steering"],
    ),
]
