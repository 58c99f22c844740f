"""Pre-read scenarios: loops where the room agrees and the notes are in order."""

from tests.preread.scenarios.build import (
    flag,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "Clean backend loop",
        why=(
            "Every note is in, of similar depth, the votes and ratings agree within a step, the "
            "only flag is a yellow one noted for completeness, and every focus competency and "
            "weak spot has signal: nothing to walk through before the debrief."
        ),
        focus=("Distributed systems", "API design"),
        weak_spots=("Working with product",),
        notes=[
            note(
                "Tom Becker",
                "yes",
                (
                    "Rate-limiter exercise. Priya asked about burst behaviour and per-tenant "
                    "limits before writing anything, then built a token bucket behind a small, "
                    "clean interface with tests for the boundary cases. She missed an off-by-one "
                    "in the refill maths but found it herself when a test failed. Her endpoint "
                    "naming and error responses were thought through, and she argued for "
                    "idempotency keys on the write path without prompting. Solid rather than "
                    "spectacular; I would be happy to work with her."
                ),
                ratings={
                    "API design": "yes",
                    "correctness": "yes",
                    "reasoning": "yes",
                    "signal_to_noise": "yes",
                },
            ),
            note(
                "Lena Hoffmann",
                "strong_yes",
                (
                    "Multi-region ledger design. She started from SLOs and a single-region "
                    "baseline, then added regions and discussed consistency per account rather "
                    "than globally. She found the clock-skew and partial failure cases herself "
                    "and had a concrete operations plan. Best design round I have run this "
                    "quarter."
                ),
                ratings={
                    "Distributed systems": "strong_yes",
                    "reasoning": "strong_yes",
                    "engineering_maturity": "yes",
                },
                stories=[
                    story(
                        "Cross-region ledger replication",
                        setup=(
                            "At her current company the ledger replicated from Frankfurt to "
                            "Virginia with a lag that sometimes reached minutes."
                        ),
                        actions=(
                            "She proposed per-account ordering with a transactional outbox and "
                            "led the rollout one region at a time."
                        ),
                        outcome=(
                            "Replication lag dropped under two seconds and the reconciliation "
                            "backlog was cleared within a month."
                        ),
                        conclusion=(
                            "First-hand experience with exactly our problem, and clear ownership "
                            "of the rollout."
                        ),
                    ),
                ],
            ),
            note(
                "Marco Silva",
                "yes",
                (
                    "Concrete, specific stories with numbers and names of systems. She was candid "
                    "about what went wrong and what she changed afterwards. Conflict handling was "
                    "mature: she described disagreeing with her manager about a deadline and how "
                    "they settled it with data."
                ),
                ratings={
                    "ownership": "yes",
                    "engineering_maturity": "yes",
                    "signal_to_noise": "yes",
                },
                flags=[
                    flag(
                        "yellow",
                        (
                            "Has only worked at one company, so she has seen one way of running "
                            "on-call."
                        ),
                        "completeness",
                    ),
                ],
                stories=[
                    story(
                        "Rolling back a bad schema change",
                        setup=(
                            "A migration she reviewed locked the accounts table during peak hours "
                            "and payments queued up."
                        ),
                        actions=(
                            "She called the rollback within ten minutes, wrote the incident "
                            "summary and added a lock-timeout check to CI."
                        ),
                        outcome=(
                            "No data was lost and the CI check has since caught two similar "
                            "migrations."
                        ),
                        conclusion="Owns her mistakes and fixes the process, not just the bug.",
                    ),
                ],
            ),
            note(
                "Grace Liu",
                "yes",
                (
                    "We worked through a partner request for bulk exports. She asked who the "
                    "partner's users were and what they would do with the file before talking "
                    "about endpoints, and proposed a paginated API first with an async export "
                    "later. Good instinct for scope and for explaining trade-offs to a "
                    "non-engineer."
                ),
                ratings={"API design": "yes", "reasoning": "yes", "ownership": "yes"},
                stories=[
                    story(
                        "Pushing back on a partner deadline",
                        setup=(
                            "A large partner asked for a custom reporting endpoint within two "
                            "weeks of signing."
                        ),
                        actions=(
                            "She sat with the product manager, cut the request to the two fields "
                            "the partner actually used and shipped those first."
                        ),
                        outcome=(
                            "The partner went live on time and the full endpoint followed a month "
                            "later."
                        ),
                        conclusion=(
                            "Works well with product and negotiates scope rather than just saying "
                            "no."
                        ),
                    ),
                ],
                probes=("Working with product",),
            ),
            note(
                "Daniel Osei",
                "yes",
                (
                    "I focused on operating the ledger: alerting, backfills and what happens when "
                    "a region is lost. She had sensible answers on alert thresholds and a "
                    "runbook-first mindset, and knew the difference between an idempotent replay "
                    "and a duplicate posting. When I took a region away mid-answer she drained "
                    "traffic first and only then talked about failover, which is the order we "
                    "want on call. Less depth on capacity planning than I hoped, but she asked "
                    "good questions about our traffic patterns and adjusted her numbers."
                ),
                ratings={
                    "Distributed systems": "yes",
                    "engineering_maturity": "yes",
                    "correctness": "yes",
                },
            ),
        ],
        expect=[],
        expect_not=[
            "missing",
            "late",
            "thin",
            "vote_conflict",
            "rating_conflict",
            "red_flag",
            "yellow_concern",
            "unclear_flag",
            "same_story",
            "story_read_differently",
            "steering",
            "focus_gap",
            "weak_spot_gap",
        ],
    ),
    scenario(
        "Everyone agrees yes on an ML loop",
        why=(
            "Six interviewers all vote yes or strong yes and every rating is yes or strong yes "
            "(one step apart at most): a loop with nothing to argue about."
        ),
        focus=("Production readiness", "Monitoring"),
        weak_spots=("Explaining models to product",),
        notes=[
            note(
                "Chen Wei",
                "strong_yes",
                (
                    "Feature pipeline exercise. Mateo asked about latency budgets and missing "
                    "values before coding, wrote a small typed transformer with tests, and "
                    "handled the empty-session edge case unprompted. He talked about how he would "
                    "version features so training and serving could not drift. Strong and calm."
                ),
                ratings={
                    "Production readiness": "strong_yes",
                    "correctness": "strong_yes",
                    "reasoning": "yes",
                },
            ),
            note(
                "Fatima Zahra",
                "yes",
                (
                    "Designed monitoring for a ranking model. He separated data drift, prediction "
                    "drift and business metrics, proposed a shadow model for comparison and was "
                    "honest that he had never set alert thresholds for drift himself. Good "
                    "structure, some gaps in hands-on detail."
                ),
                ratings={"Monitoring": "yes", "reasoning": "yes", "engineering_maturity": "yes"},
                stories=[
                    story(
                        "Shadow deployment for the fraud model",
                        setup=(
                            "His team replaced a rules engine for fraud scoring with a "
                            "gradient-boosted model."
                        ),
                        actions=(
                            "He ran the model in shadow for six weeks and compared decisions "
                            "daily with the analysts."
                        ),
                        outcome=(
                            "They found a feature leak before launch and shipped a fixed model "
                            "with no incidents."
                        ),
                        conclusion=(
                            "Careful about production risk and willing to slow down to be sure."
                        ),
                    ),
                ],
            ),
            note(
                "Victor Huang",
                "yes",
                (
                    "Infrastructure angle: how a model gets from a notebook to our serving "
                    "cluster. He knew containers, canary releases and rollback, and asked how we "
                    "store model artefacts. On monitoring he proposed sensible dashboards; "
                    "capacity planning for the feature store was thinner but reasonable."
                ),
                ratings={
                    "Production readiness": "yes",
                    "Monitoring": "yes",
                    "engineering_maturity": "yes",
                },
            ),
            note(
                "Amara Okafor",
                "strong_yes",
                (
                    "We reviewed a real drift chart from last year. Mateo spotted the seasonal "
                    "pattern, asked what changed in the catalogue that week and proposed a check "
                    "that would have caught it in two days. Excellent partner for the data "
                    "science team."
                ),
                ratings={
                    "Monitoring": "strong_yes",
                    "reasoning": "strong_yes",
                    "signal_to_noise": "yes",
                },
            ),
            note(
                "Ben Carter",
                "yes",
                (
                    "I asked him to explain a ranking change to me as the product manager. He "
                    "used a concrete example of two products swapping places and why, and avoided "
                    "jargon. Stories were specific and he credited colleagues fairly."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
                stories=[
                    story(
                        "Explaining a recommendation drop to merchandising",
                        setup=(
                            "Merchandisers complained that seasonal items vanished from "
                            "recommendations."
                        ),
                        actions=(
                            "He sat with them, showed the feature weights on three examples and "
                            "agreed a boost rule."
                        ),
                        outcome=(
                            "Complaints stopped and the boost rule became part of the model config."
                        ),
                        conclusion="Can explain models to non-specialists without talking down.",
                    ),
                ],
                probes=("Explaining models to product",),
            ),
            note(
                "Michael Brandt",
                "yes",
                (
                    "Values conversation about quality and speed. He was thoughtful about when to "
                    "ship a model that is good enough and how to make that reversible. Asked "
                    "sharp questions about our on-call rota for models. I would be happy to have "
                    "him on the team."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
                leader=True,
            ),
        ],
        expect=[],
        expect_not=[
            "vote_conflict",
            "rating_conflict",
            "thin",
            "red_flag",
            "yellow_concern",
            "unclear_flag",
            "focus_gap",
            "weak_spot_gap",
        ],
    ),
]
