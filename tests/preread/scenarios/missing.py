"""Pre-read scenarios: notes that are missing, late, or only drafts."""

from tests.preread.scenarios.build import (
    draft,
    finding,
    hours_ago,
    in_hours,
    no_note,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "Missing, late and not-yet-held interviews",
        why=(
            "One interviewer is more than a day past the end of their interview without a note "
            "(late), another finished three hours ago (missing, still within the deadline), and a "
            "slot later today has not happened yet, so it is neither."
        ),
        focus=("Reliability", "Legacy integration"),
        weak_spots=("Working with compliance",),
        notes=[
            no_note("Samuel Adeyemi", ended=hours_ago(28.25)),
            note(
                "Aiko Tanaka",
                "yes",
                (
                    "Designed the nightly settlement run. Riley started with the deadline and the "
                    "volumes, proposed checkpointing so a failed run could resume, and treated "
                    "the mainframe file as an untrusted input with validation and a quarantine "
                    "step. Good instincts, a little slow to commit to numbers."
                ),
                ratings={"Reliability": "yes", "Legacy integration": "yes", "reasoning": "yes"},
            ),
            note(
                "Nadia Petrova",
                "yes",
                (
                    "Behavioural round. Riley told a clear story about replacing a fragile FTP "
                    "integration, gave credit to the operations team, and was honest that the "
                    "first cut-over failed."
                ),
                ratings={"Legacy integration": "yes", "ownership": "yes", "signal_to_noise": "yes"},
                stories=[
                    story(
                        "Replacing the FTP drop with a queue",
                        setup=(
                            "A partner bank delivered files by FTP and missing files were "
                            "discovered only the next morning."
                        ),
                        actions=(
                            "Riley wrapped the drop with a watcher and a queue, and agreed "
                            "alerting with operations."
                        ),
                        outcome=(
                            "The first cut-over failed on a file encoding issue; the second went "
                            "through cleanly."
                        ),
                        conclusion="Honest about failure and learned from it.",
                    ),
                ],
            ),
            note(
                "Pedro Costa",
                "yes",
                (
                    "Compliance angle: what happens when a settlement file is wrong and the "
                    "regulator asks. Riley asked about retention rules and audit trails before "
                    "proposing anything, and suggested immutable logs of every file received. "
                    "Comfortable working within rules rather than around them."
                ),
                ratings={"Reliability": "yes", "signal_to_noise": "yes"},
                probes=("Working with compliance",),
            ),
            no_note("Oliver Grant", ended=hours_ago(3.25)),
            no_note("Tom Becker", ended=in_hours(1.75)),
        ],
        expect=[
            finding("late", "Samuel Adeyemi"),
            finding("missing", "Oliver Grant"),
        ],
        expect_not=["thin", "vote_conflict", "focus_gap", "weak_spot_gap"],
    ),
    scenario(
        "A draft counts as missing",
        why=(
            "One interviewer has only a draft (counted as missing, and its vote, ratings and "
            "shortness count for nothing), another never started and is past the full-note "
            "deadline; Accessibility is rated once in a submitted note and once in the draft, so "
            "it has only one signal."
        ),
        focus=("Interaction design", "Design systems", "Accessibility"),
        weak_spots=("Working with engineering",),
        notes=[
            no_note("Alice Dupont", ended=hours_ago(27.25)),
            note(
                "Elif Demir",
                "yes",
                (
                    "Portfolio review and a whiteboard exercise on a payment-method picker. "
                    "Taylor explained the decisions behind each screen, including what tested "
                    "badly. She reused existing components before inventing new ones and knew "
                    "when a new variant belonged in the library. Clear storyteller."
                ),
                ratings={"Interaction design": "yes", "Design systems": "yes", "reasoning": "yes"},
                stories=[
                    story(
                        "Rolling out design tokens",
                        setup="Her last company had four shades of the same blue across products.",
                        actions=(
                            "She proposed tokens, ran a workshop with front-end engineers and "
                            "migrated the core screens first."
                        ),
                        outcome="Visual bugs dropped and new screens shipped faster.",
                        conclusion="Thinks in systems and brings engineers along.",
                    ),
                ],
            ),
            note(
                "Maya Cohen",
                "strong_yes",
                (
                    "Critique exercise on our current checkout. Taylor found the error-state "
                    "problems in the card form within minutes, proposed inline validation with "
                    "clear copy, and checked focus order and contrast without being asked. "
                    "Strongest interaction design critique I have seen in a while; her "
                    "accessibility knowledge is practical rather than theoretical."
                ),
                ratings={
                    "Interaction design": "strong_yes",
                    "Accessibility": "yes",
                    "signal_to_noise": "yes",
                },
            ),
            note(
                "Hannah Weber",
                "yes",
                (
                    "I played a front-end engineer who says a design cannot be built in the "
                    "sprint. Taylor asked which part was expensive, offered a simpler first "
                    "version using existing components, and suggested we pair on the tricky "
                    "animation. Easy to work with and pragmatic about the component library."
                ),
                ratings={
                    "Design systems": "yes",
                    "engineering_maturity": "yes",
                    "ownership": "yes",
                },
                probes=("Working with engineering",),
            ),
            draft(
                "Sofia Alvarez",
                "no",
                "Started notes. Stories felt rehearsed; need to check my notes before finishing.",
                ended=hours_ago(22.25),
                ratings={"Accessibility": "strong_no", "Interaction design": "strong_no"},
            ),
        ],
        expect=[
            finding("late", "Alice Dupont"),
            finding("missing", "Sofia Alvarez"),
            finding("focus_gap", about="Accessibility"),
        ],
        expect_not=["vote_conflict", "rating_conflict", "thin", "weak_spot_gap"],
    ),
    scenario(
        "Too few submitted notes to judge thinness",
        why=(
            "Only two notes are submitted, one of them a single line; with fewer than three notes "
            "there is no median worth comparing to, so nothing is thin yet, but three notes are "
            "missing or late."
        ),
        focus=("Discovery", "Negotiation"),
        weak_spots=("Forecast discipline",),
        notes=[
            no_note("Isabel Reyes", ended=hours_ago(28.25)),
            note(
                "Luke Harrison",
                "yes",
                (
                    "Mock discovery call with a logistics company. Cameron asked about the "
                    "current process, who signs off budget and what happens if nothing changes, "
                    "and summarised back accurately. In the negotiation part he traded a discount "
                    "for a longer term instead of giving it away. His forecast categories were "
                    "disciplined: he would not call a deal committed without a named signer and a "
                    "date."
                ),
                ratings={"Discovery": "yes", "Negotiation": "yes", "signal_to_noise": "yes"},
                probes=("Forecast discipline",),
            ),
            note(
                "Chloe Martin",
                "yes",
                "Good discovery. Caved on price a bit.",
                ratings={"Discovery": "yes", "Negotiation": "no"},
            ),
            no_note("Noah Jensen", ended=hours_ago(22.25)),
            draft(
                "Robert Hale",
                "yes",
                "Strong presence. Write up properly after the board call.",
                ended=hours_ago(21.25),
                ratings={"ownership": "yes"},
                leader=True,
            ),
        ],
        expect=[
            finding("late", "Isabel Reyes"),
            finding("missing", "Noah Jensen"),
            finding("missing", "Robert Hale"),
        ],
        expect_not=["thin", "vote_conflict", "rating_conflict", "focus_gap", "weak_spot_gap"],
    ),
]
