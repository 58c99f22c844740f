"""Pre-read scenarios: one story told to several interviewers, or only looking alike."""

from tests.preread.scenarios.build import (
    finding,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "Same story told to three interviewers",
        why=(
            "Three of six interviewers heard the onboarding drop-off story under different titles "
            "and all read it the same way: the room has fewer independent data points than it "
            "seems, but it is not steering (three of six notes)."
        ),
        focus=("Experimentation", "Working with engineering"),
        weak_spots=("Working with marketing",),
        notes=[
            note(
                "Sofia Alvarez",
                "yes",
                (
                    "Experiment design case. Nia set a primary metric and guardrails, sized the "
                    "test and explained what she would do if the result were flat. Most of her "
                    "examples came from one project at Lumen."
                ),
                ratings={"Experimentation": "yes", "reasoning": "yes"},
                stories=[
                    story(
                        "Onboarding redesign at Lumen",
                        setup=(
                            "At Lumen, sign-up completion had dropped to 31% after the onboarding "
                            "flow was redesigned."
                        ),
                        actions=(
                            "She ran three A/B tests cutting the flow from seven steps to four, "
                            "one change at a time."
                        ),
                        outcome="Completion rose to 46% within a quarter.",
                        conclusion="Methodical experimenter who lets data decide.",
                    ),
                ],
            ),
            note(
                "Aiko Tanaka",
                "yes",
                (
                    "I played the tech lead on a squad that ships daily. Nia asked about our "
                    "feature flag setup and deploy cadence, proposed smaller experiments behind "
                    "flags, and was happy to drop a test that would need a schema change. Good "
                    "partner for engineers."
                ),
                ratings={"Working with engineering": "yes", "engineering_maturity": "yes"},
                stories=[
                    story(
                        "Fixing the sign-up drop-off",
                        setup=(
                            "At Lumen, her previous company, sign-up completion fell to 31% after "
                            "a new onboarding flow was launched."
                        ),
                        actions=(
                            "She worked with two engineers to test removing steps behind feature "
                            "flags, from seven screens down to four."
                        ),
                        outcome="Completion went up to 46%.",
                        conclusion="Shows she works closely with engineers and iterates quickly.",
                    ),
                ],
            ),
            note(
                "Tariq Hassan",
                "yes",
                (
                    "Analytics round. Nia read a funnel chart correctly, questioned a suspicious "
                    "spike and asked about sample ratio mismatch without prompting. She knows "
                    "experimentation better than most PMs I meet."
                ),
                ratings={"Experimentation": "strong_yes", "reasoning": "yes"},
                stories=[
                    story(
                        "Cutting onboarding from seven steps to four",
                        setup=(
                            "After an onboarding redesign at Lumen, only 31% of people who "
                            "started sign-up completed it."
                        ),
                        actions=(
                            "She tested step removal in three sequential experiments with a "
                            "holdout group."
                        ),
                        outcome="Conversion reached 46% and the holdout confirmed the lift.",
                        conclusion="Rigorous about experiment design.",
                    ),
                ],
            ),
            note(
                "Isabel Reyes",
                "yes",
                (
                    "Launch planning for a pricing page change. Nia involved marketing early, "
                    "asked about messaging and timing with campaigns, and agreed who owns which "
                    "metric. Clear and collaborative."
                ),
                ratings={"signal_to_noise": "yes", "ownership": "yes"},
                stories=[
                    story(
                        "Launching the referral programme with marketing",
                        setup="Her team and marketing both wanted to own a new referral programme.",
                        actions=(
                            "She proposed a shared goal and split ownership: product for the "
                            "flow, marketing for the offer."
                        ),
                        outcome=(
                            "The programme launched on time and referrals became the second "
                            "biggest channel."
                        ),
                        conclusion="Good at shared ownership across functions.",
                    ),
                ],
                probes=("Working with marketing",),
            ),
            note(
                "Marco Silva",
                "yes",
                (
                    "Behavioural round. Nia told a story about a failed pricing experiment that "
                    "annoyed customers and how she handled the apology and rollback with the "
                    "engineers who built it. Reflective and specific."
                ),
                ratings={
                    "Working with engineering": "yes",
                    "ownership": "yes",
                    "signal_to_noise": "yes",
                },
                stories=[
                    story(
                        "The pricing test customers noticed",
                        setup=(
                            "A price test showed different prices to customers in the same company."
                        ),
                        actions=(
                            "She stopped the test, wrote to affected accounts and changed the "
                            "randomisation to company level."
                        ),
                        outcome="Churn from the incident was negligible.",
                        conclusion="Owns mistakes quickly and fixes the cause.",
                    ),
                ],
            ),
            note(
                "Arjun Mehta",
                "yes",
                (
                    "Strategy conversation about where growth should invest next year. Nia "
                    "balanced acquisition and activation sensibly and was clear about what she "
                    "would not do. She asked good questions about our board's expectations and "
                    "how growth is measured here. When I pushed on a bet she would kill, she "
                    "named one of our current experiments and explained why with numbers from our "
                    "public reports. Ready for the role, and I would expect her to challenge us "
                    "early."
                ),
                ratings={"reasoning": "yes", "ownership": "yes"},
                leader=True,
            ),
        ],
        expect=[
            finding("same_story", "Aiko Tanaka", "Sofia Alvarez", "Tariq Hassan"),
        ],
        expect_not=["story_read_differently", "steering", "vote_conflict", "thin"],
    ),
    scenario(
        "Similar titles, different stories",
        why=(
            "Three stories all have billing in the title, but a database migration, a hiring push "
            "and a tax rounding bug are different anecdotes: no consistency finding."
        ),
        focus=("Data migration", "Correctness under load"),
        weak_spots=("Working with finance",),
        notes=[
            note(
                "Lena Hoffmann",
                "yes",
                (
                    "Migration design. Imani proposed dual writes, a backfill with checksums and "
                    "a gradual read switch per customer segment. Very strong, grounded in "
                    "experience."
                ),
                ratings={"Data migration": "strong_yes", "reasoning": "yes"},
                stories=[
                    story(
                        "Migrating the billing database",
                        setup=(
                            "Her company's billing ran on an Oracle instance with no vendor "
                            "support left."
                        ),
                        actions=(
                            "She led a move to PostgreSQL with dual writes, row checksums and a "
                            "segment-by-segment cut-over."
                        ),
                        outcome="Zero downtime and no invoice discrepancies after the switch.",
                        conclusion="Careful, methodical, and owns the risky parts.",
                    ),
                ],
            ),
            note(
                "Marco Silva",
                "yes",
                (
                    "Behavioural round. Imani talked about growing a team and about a hard "
                    "conversation with an underperforming engineer. Specific and reflective."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
                stories=[
                    story(
                        "Hiring for the billing team",
                        setup="Her billing team had three engineers and a roadmap for eight.",
                        actions=(
                            "She wrote a structured interview loop, ran sourcing sessions with "
                            "recruiting and onboarded five people in six months."
                        ),
                        outcome="The team delivered the invoicing rewrite on schedule.",
                        conclusion="Thinks beyond her own code; invests in the team.",
                    ),
                ],
            ),
            note(
                "Henrik Olsen",
                "yes",
                (
                    "Finance round. Imani understood revenue recognition at a practical level and "
                    "asked how we close the month. She described a bug she found and how she "
                    "worked with the accountants."
                ),
                ratings={"Correctness under load": "yes", "reasoning": "yes"},
                stories=[
                    story(
                        "The billing rounding bug",
                        setup=(
                            "Invoices in three EU countries were off by a cent because VAT was "
                            "rounded per line instead of per invoice."
                        ),
                        actions=(
                            "She traced it with finance, fixed the rounding rule and wrote a "
                            "script to issue credit notes."
                        ),
                        outcome="Finance closed the quarter without manual adjustments.",
                        conclusion="Takes finance seriously and closes the loop.",
                    ),
                ],
                probes=("Working with finance",),
            ),
            note(
                "Samuel Adeyemi",
                "yes",
                (
                    "Coding round: generate invoices for a batch of customers safely under "
                    "retries. Imani clarified idempotency requirements, wrote the job with a "
                    "unique constraint and tests for double runs, and explained how she would "
                    "backfill a failed run. She also spotted that my sample data mixed currencies "
                    "and asked whether invoices may span more than one, which they can."
                ),
                ratings={
                    "Correctness under load": "yes",
                    "Data migration": "yes",
                    "correctness": "yes",
                },
            ),
            note(
                "Ravi Iyer",
                "yes",
                (
                    "Values conversation. Imani cares about correctness and about people, and was "
                    "candid about a project she would do differently. She asked thoughtful "
                    "questions about how our teams share on-call and how we review incidents. She "
                    "described leaving a project she believed in because it was the right call "
                    "for the company, and how she explained it to her team."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
                leader=True,
            ),
        ],
        expect=[],
        expect_not=["same_story", "story_read_differently", "steering", "vote_conflict", "thin"],
    ),
]
