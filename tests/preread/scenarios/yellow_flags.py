"""Pre-read scenarios: yellow flags raised as a concern, and flags with no intent given."""

from tests.preread.scenarios.build import (
    finding,
    flag,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "Unanimous no on a data science loop",
        why=(
            "Everyone leans no and ratings sit within one step of each other, so there is no "
            "conflict to resolve; only one interviewer flagged a yellow concern worth raising."
        ),
        focus=("Experimentation", "Influencing stakeholders"),
        weak_spots=("Working with sales",),
        notes=[
            note(
                "Julia Novak",
                "no",
                (
                    "Case study on a discount test. Jordan set up a reasonable hypothesis but "
                    "sized the test from a rule of thumb instead of a power calculation, and when "
                    "I pointed out the seasonality in the data he agreed but could not say how he "
                    "would adjust. Reasoning was fine once prompted; the statistics themselves "
                    "were shaky for a senior hire who would own our pricing tests."
                ),
                ratings={"Experimentation": "no", "correctness": "no", "reasoning": "yes"},
                flags=[
                    flag(
                        "yellow",
                        (
                            "His notebook used a deprecated library version; not relevant to the "
                            "decision."
                        ),
                        "completeness",
                    ),
                ],
            ),
            note(
                "Tariq Hassan",
                "strong_no",
                (
                    "Walked through a past experiment from his CV. The test ran four days over a "
                    "holiday weekend and was called significant on the second day. When I asked "
                    "about peeking he repeated that the result was significant. He then presented "
                    "the finding to me as if I were a sales director, which was clear but did not "
                    "acknowledge any uncertainty."
                ),
                ratings={
                    "Experimentation": "strong_no",
                    "Influencing stakeholders": "no",
                    "correctness": "strong_no",
                },
                flags=[
                    flag(
                        "yellow",
                        (
                            "Could not explain why the test was stopped after four days; kept "
                            "repeating that it was significant."
                        ),
                        "concern",
                    ),
                ],
            ),
            note(
                "Sofia Alvarez",
                "no",
                (
                    "Stories were generic and mostly about what the team did. When I asked what "
                    "he personally changed after a recommendation was ignored, he said the "
                    "stakeholders were not data-driven. Little reflection on how he could have "
                    "made the case differently."
                ),
                ratings={
                    "Influencing stakeholders": "no",
                    "ownership": "no",
                    "signal_to_noise": "no",
                },
                stories=[
                    story(
                        "The churn deck nobody used",
                        setup=(
                            "He built a churn analysis for the retail division that leadership "
                            "did not act on."
                        ),
                        actions="He sent the deck by email and followed up once.",
                        outcome="The division kept its old retention offer.",
                        conclusion=(
                            "Sees influence as someone else's job; little ownership of the outcome."
                        ),
                    ),
                ],
            ),
            note(
                "Emma Fischer",
                "no",
                (
                    "I played a regional sales director asking whether to drop list prices by ten "
                    "percent. Jordan was polite and prepared, but answered with a long list of "
                    "caveats and no recommendation. When I pushed for a yes or no he asked for "
                    "another month of data. Friendly, easy to talk to, but I would not know what "
                    "to do after the meeting."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "no"},
                probes=("Working with sales",),
            ),
            note(
                "Alice Dupont",
                "no",
                (
                    "Values conversation. He was warm and curious about the company, but when we "
                    "talked about feedback he described two situations where he felt misjudged by "
                    "managers and none where he had changed his own approach. I would like to "
                    "hear whether others saw the same pattern around owning outcomes."
                ),
                ratings={"ownership": "no", "signal_to_noise": "no"},
            ),
        ],
        expect=[
            finding("yellow_concern", "Tariq Hassan"),
        ],
        expect_not=[
            "vote_conflict",
            "rating_conflict",
            "red_flag",
            "unclear_flag",
            "thin",
            "missing",
            "late",
        ],
    ),
    scenario(
        "Flags with no intent given",
        why=(
            "A yellow flag and a red flag were raised without saying whether they are concerns or "
            "noted for completeness; both need the interviewer to say which. A yellow flag noted "
            "for completeness raises nothing."
        ),
        focus=("Safety-critical UI", "User research"),
        weak_spots=("Working with engineering",),
        notes=[
            note(
                "Elif Demir",
                "yes",
                (
                    "Portfolio review. Rowan's work is mostly consumer apps from agency projects, "
                    "well crafted and well explained. On an alarm screen exercise he prioritised "
                    "alarms by severity and kept the layout stable so operators would not have to "
                    "search. Research plans were sensible."
                ),
                ratings={"Safety-critical UI": "yes", "User research": "yes", "reasoning": "yes"},
                flags=[
                    flag(
                        "yellow",
                        (
                            "All portfolio pieces are agency work with little data on how they "
                            "performed after launch."
                        ),
                        "",
                    ),
                ],
            ),
            note(
                "Maya Cohen",
                "yes",
                (
                    "Critique of our current alarm list. Rowan spotted the colour-only severity "
                    "coding and the lack of acknowledgement state, and proposed shape plus colour "
                    "and a clear acknowledged column. Practical and humble about not knowing "
                    "plant operations yet."
                ),
                ratings={"Safety-critical UI": "yes", "signal_to_noise": "yes"},
                flags=[
                    flag(
                        "yellow",
                        "Has not worked with operators or field staff before.",
                        "completeness",
                    ),
                ],
            ),
            note(
                "Pedro Costa",
                "yes",
                (
                    "I asked how he would learn how our control room operators work. He proposed "
                    "shadowing shifts, including nights, and was careful about not interrupting "
                    "during alarms. When I mentioned that operators distrust new screens he said "
                    "they would get used to it, which surprised me from a researcher."
                ),
                ratings={"User research": "yes", "ownership": "yes"},
                flags=[
                    flag(
                        "red",
                        (
                            "Said operators would 'get used to' a new screen; dismissive of their "
                            "resistance."
                        ),
                        "",
                    ),
                ],
            ),
            note(
                "Ingrid Larsen",
                "yes",
                (
                    "Working session on an HMI constraint: the display can only refresh twice a "
                    "second. Rowan asked why, adjusted his animation idea immediately and asked "
                    "to see the real hardware. Easy to work with, and he respected engineering "
                    "constraints without giving up on the user."
                ),
                ratings={"engineering_maturity": "yes", "reasoning": "yes"},
                probes=("Working with engineering",),
            ),
            note(
                "Sofia Alvarez",
                "yes",
                (
                    "Behavioural round. Good stories about collaborating with developers and "
                    "handling critique of his work. He reflected honestly on a project where he "
                    "skipped research because of a deadline and how it went wrong. Clear "
                    "communicator."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
            ),
        ],
        expect=[
            finding("unclear_flag", "Elif Demir"),
            finding("unclear_flag", "Pedro Costa"),
        ],
        expect_not=["red_flag", "yellow_concern", "vote_conflict", "thin"],
    ),
    scenario(
        "Yellow concern next to yellow flags noted for completeness",
        why=(
            "Nearly every candidate has yellow flags; only the one marked as a concern is worth a "
            "debrief slot, the two noted for completeness are not."
        ),
        focus=("Model deployment", "Data quality monitoring"),
        weak_spots=("Working with data science",),
        notes=[
            note(
                "Chen Wei",
                "yes",
                (
                    "Designed a release pipeline for models: registry, canary, automatic rollback "
                    "on metric regression. Sasha's design was sensible and she knew the tools. "
                    "Every example she gave was phrased as 'we', and when I asked what she "
                    "personally built she hesitated; I could not tell how hands-on she has been."
                ),
                ratings={"Model deployment": "yes", "engineering_maturity": "yes"},
                flags=[
                    flag(
                        "yellow",
                        (
                            "Unclear whether she has run a model in production herself; every "
                            "example was 'we'."
                        ),
                        "concern",
                    ),
                ],
            ),
            note(
                "Fatima Zahra",
                "yes",
                (
                    "Coding exercise: a data validation step before training. Sasha wrote schema "
                    "and distribution checks with tests, and explained how she would alert on "
                    "failures. Clean Python, good naming, finished with time to spare."
                ),
                ratings={
                    "Model deployment": "yes",
                    "Data quality monitoring": "yes",
                    "correctness": "yes",
                },
                flags=[
                    flag(
                        "yellow",
                        "Used pandas where our stack is Spark; easy to pick up.",
                        "completeness",
                    ),
                ],
            ),
            note(
                "Jonas Berg",
                "yes",
                (
                    "We walked through last spring's poisoned feed. Sasha asked about the "
                    "upstream contract, proposed freshness and volume checks at ingestion and a "
                    "quarantine table, and suggested the data owner be paged, not the ML on-call. "
                    "Good systems thinking."
                ),
                ratings={"Data quality monitoring": "yes", "reasoning": "yes"},
            ),
            note(
                "Amara Okafor",
                "yes",
                (
                    "I played a data scientist with a notebook that needs to go to production. "
                    "Sasha was respectful of the research, asked what would make me trust an "
                    "automated retrain, and proposed pairing on the first pipeline. I would like "
                    "working with her."
                ),
                ratings={"signal_to_noise": "yes", "ownership": "yes"},
                flags=[
                    flag(
                        "yellow",
                        "Has worked mostly with tabular models, not ranking.",
                        "completeness",
                    ),
                ],
                probes=("Working with data science",),
            ),
            note(
                "Oliver Grant",
                "yes",
                (
                    "Leadership conversation on how she would introduce automated releases to a "
                    "team used to manual ones. She proposed starting with one model and a clear "
                    "rollback, and measuring lead time. Good change instincts and realistic about "
                    "resistance."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
            ),
        ],
        expect=[
            finding("yellow_concern", "Chen Wei"),
        ],
        expect_not=["red_flag", "unclear_flag", "vote_conflict", "rating_conflict", "thin"],
    ),
]
