"""Pre-read scenarios: red flags: a concern to discuss, or a flag whose intent is unclear."""

from tests.preread.scenarios.build import (
    finding,
    flag,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "Red flag raised as a concern in a unanimous no",
        why=(
            "Everyone voted no, so there is no vote conflict, but one interviewer raised a red "
            "flag as a concern about data integrity, which the room must discuss whatever the "
            "outcome."
        ),
        focus=("SQL", "Data quality"),
        weak_spots=("Working with finance",),
        notes=[
            note(
                "Jonas Berg",
                "strong_no",
                (
                    "Reconciliation exercise between the ledger and the billing export. Elliot's "
                    "SQL was workable but he joined on a non-unique key and doubled some "
                    "invoices. Worse, when I asked how he handled a similar gap at his current "
                    "job, he said he added a correcting row with the expected total so the report "
                    "balanced, and did not raise it with anyone."
                ),
                ratings={"SQL": "no", "Data quality": "strong_no", "correctness": "no"},
                flags=[
                    flag(
                        "red",
                        (
                            "Fixed a reconciliation gap by hard-coding the expected totals and "
                            "told no one."
                        ),
                        "concern",
                    ),
                ],
            ),
            note(
                "Lucia Moretti",
                "no",
                (
                    "Window functions and a slowly changing dimension. He knew the syntax but "
                    "struggled to explain why his query returned duplicates and guessed at fixes "
                    "rather than checking the grain. Pleasant and clear when talking, just not at "
                    "the level this role needs for finance reporting."
                ),
                ratings={"SQL": "no", "reasoning": "no", "signal_to_noise": "yes"},
            ),
            note(
                "Tariq Hassan",
                "no",
                (
                    "Talked through how he would test a finance model. He listed row counts and "
                    "not-null checks but had no idea how to check that totals agree with the "
                    "source system, and had never written a data contract. When I described our "
                    "board-pack incident he suggested more manual review."
                ),
                ratings={"Data quality": "no", "engineering_maturity": "no"},
            ),
            note(
                "Henrik Olsen",
                "no",
                (
                    "I asked him to explain a revenue variance to me as a finance manager. He "
                    "used a lot of technical language and could not tell me which number to "
                    "trust. He was friendly and wanted to help, but I came away less sure of the "
                    "numbers than before we started."
                ),
                ratings={"signal_to_noise": "no", "ownership": "no"},
                probes=("Working with finance",),
            ),
            note(
                "Nadia Petrova",
                "no",
                (
                    "Values round. Elliot was open and likeable. When we discussed mistakes he "
                    "framed most of them as pressure from deadlines; I did not hear him take "
                    "ownership of a specific error or describe raising a problem early. That "
                    "matches what I have heard from Jonas in passing and should be discussed."
                ),
                ratings={"ownership": "no", "engineering_maturity": "no"},
            ),
        ],
        expect=[
            finding("red_flag", "Jonas Berg"),
        ],
        expect_not=["vote_conflict", "rating_conflict", "unclear_flag", "yellow_concern", "thin"],
    ),
    scenario(
        "Red flag alongside a split vote",
        why=(
            "Three interviewers lean yes and two lean no; one of the no votes carries a red flag "
            "raised as a concern, while a yellow flag noted for completeness raises nothing."
        ),
        focus=("Infrastructure as code", "Observability"),
        weak_spots=("Cost awareness",),
        notes=[
            note(
                "Victor Huang",
                "yes",
                (
                    "Terraform exercise: add a staging environment for a service. Quinn "
                    "structured the modules well, used workspaces sensibly and wrote a small "
                    "check for drift. He made one mistake with the provider version pinning and "
                    "fixed it when the plan failed."
                ),
                ratings={"Infrastructure as code": "yes", "correctness": "yes"},
                flags=[
                    flag(
                        "yellow",
                        "Has not used our cloud provider, only a competitor; transferable.",
                        "completeness",
                    ),
                ],
            ),
            note(
                "Daniel Osei",
                "yes",
                (
                    "Designed alerting for a checkout service. Quinn proposed alerting on "
                    "symptoms with SLO burn rates instead of CPU, and a weekly review of pages. "
                    "He knew the difference between logs, metrics and traces and when each helps. "
                    "A bit vague on retention costs."
                ),
                ratings={"Observability": "yes", "reasoning": "yes"},
            ),
            note(
                "Samuel Adeyemi",
                "strong_no",
                (
                    "Reviewing a pipeline that deploys to production. Quinn suggested bypassing "
                    "the approval step for hotfixes by giving the CI role admin rights, and when "
                    "I asked about audit he said nobody reads the audit log anyway. He described "
                    "doing the same at his current job. I could not get past this."
                ),
                ratings={
                    "Infrastructure as code": "no",
                    "correctness": "no",
                    "ownership": "strong_no",
                },
                flags=[
                    flag(
                        "red",
                        (
                            "Proposed giving the CI role admin rights to skip production "
                            "approvals; has done so before."
                        ),
                        "concern",
                    ),
                ],
            ),
            note(
                "Kwame Mensah",
                "no",
                (
                    "Incident review of a noisy alert storm. Quinn's instinct was to raise "
                    "thresholds across the board rather than find the alerts nobody acts on. He "
                    "had good tooling knowledge but little sense of how on-call feels for the "
                    "people receiving pages."
                ),
                ratings={"Observability": "no", "engineering_maturity": "no", "reasoning": "yes"},
            ),
            note(
                "Henrik Olsen",
                "yes",
                (
                    "Cost conversation. Quinn knew where cloud spend usually hides: idle "
                    "environments, oversized instances and log retention. He proposed tagging and "
                    "a weekly report. He has not owned a budget himself, but the thinking was "
                    "sound and practical."
                ),
                ratings={"signal_to_noise": "yes", "ownership": "no"},
                probes=("Cost awareness",),
            ),
        ],
        expect=[
            finding(
                "vote_conflict",
                "Daniel Osei",
                "Henrik Olsen",
                "Kwame Mensah",
                "Samuel Adeyemi",
                "Victor Huang",
            ),
            finding("red_flag", "Samuel Adeyemi"),
        ],
        expect_not=["rating_conflict", "unclear_flag", "yellow_concern", "thin"],
    ),
    scenario(
        "Red flag noted only for completeness",
        why=(
            "A red flag that its author says is only for completeness is a contradiction: the "
            "hiring manager should ask whether it is a real concern."
        ),
        focus=("Renewals", "Escalation handling"),
        weak_spots=("Working with product",),
        notes=[
            note(
                "Zoe Clarke",
                "yes",
                (
                    "Renewal role-play with a customer threatening to leave. Harper asked about "
                    "usage data before the call, acknowledged the customer's frustration without "
                    "over-promising and proposed a success plan with dates. Good escalation "
                    "instincts: she knew when to bring in her manager and support."
                ),
                ratings={"Renewals": "yes", "Escalation handling": "yes", "signal_to_noise": "yes"},
                stories=[
                    story(
                        "Saving the hospital group renewal",
                        setup="A hospital group planned to leave after a failed integration.",
                        actions=(
                            "She arranged a weekly call with their IT lead and got engineering to "
                            "fix the two worst bugs."
                        ),
                        outcome="They renewed for three years.",
                        conclusion="Persistent and trusted by customers.",
                    ),
                ],
            ),
            note(
                "Noah Jensen",
                "yes",
                (
                    "Pipeline review of a renewal book. Harper prioritised by risk and revenue, "
                    "spotted the two accounts with falling usage and had a plan for each. She "
                    "mentioned, as an aside, that she once forwarded a customer's contract to a "
                    "friend at another vendor for advice on pricing. She laughed it off."
                ),
                ratings={"Renewals": "yes", "ownership": "yes"},
                flags=[
                    flag(
                        "red",
                        (
                            "Forwarded a customer's contract to a friend at another vendor for "
                            "pricing advice."
                        ),
                        "completeness",
                    ),
                ],
            ),
            note(
                "Grace Liu",
                "yes",
                (
                    "I asked how she would bring customer feedback to product. She proposed "
                    "grouping requests by revenue at risk and coming with examples, not a list of "
                    "tickets. She understood that product cannot build everything and was "
                    "comfortable saying that to customers."
                ),
                ratings={"signal_to_noise": "yes", "reasoning": "yes"},
                probes=("Working with product",),
            ),
            note(
                "Sofia Alvarez",
                "yes",
                (
                    "Behavioural round. Specific stories with names and numbers, good reflection "
                    "on a renewal she lost and what she would change. She handled my questions "
                    "about conflict with sales calmly and gave credit to colleagues throughout."
                ),
                ratings={"Escalation handling": "yes", "ownership": "yes"},
            ),
            note(
                "Sarah Kim",
                "yes",
                (
                    "Values conversation. Harper is warm, direct and clearly loves working with "
                    "customers. She talked about honesty with customers even when the news is "
                    "bad. I liked her and would hire her, subject to what the team heard in the "
                    "functional rounds."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
                leader=True,
            ),
        ],
        expect=[
            finding("unclear_flag", "Noah Jensen"),
        ],
        expect_not=["red_flag", "vote_conflict", "rating_conflict", "thin"],
    ),
    scenario(
        "Red flag raised as a concern by a strong yes",
        why=(
            "An interviewer voted strong yes yet raised a red flag as a concern: the flag and the "
            "vote disagree, so the hiring manager should ask which one reflects their view."
        ),
        focus=("API design", "Reliability"),
        weak_spots=("Mentoring",),
        notes=[
            note(
                "Lena Hoffmann",
                "strong_yes",
                (
                    "Designed the seller listing API and its rate limits. Kai was outstanding on "
                    "versioning and backwards compatibility and thought about how sellers' tools "
                    "break. He said that for hotfixes he skips code review 'as usual' at his "
                    "current job and sees reviews as a bottleneck."
                ),
                ratings={
                    "API design": "strong_yes",
                    "Reliability": "yes",
                    "reasoning": "strong_yes",
                },
                flags=[
                    flag(
                        "red",
                        (
                            "Skips code review for hotfixes as a matter of course and called "
                            "reviews a bottleneck."
                        ),
                        "concern",
                    ),
                ],
            ),
            note(
                "Samuel Adeyemi",
                "yes",
                (
                    "Pagination and idempotency exercise. Kai clarified ordering guarantees "
                    "first, picked cursor-based pagination with a clear reason, and tested the "
                    "retry path. Code was tidy and he explained complexity without prompting."
                ),
                ratings={"API design": "yes", "correctness": "yes"},
            ),
            note(
                "Kwame Mensah",
                "yes",
                (
                    "Reliability review of checkout. Kai found the single point of failure in the "
                    "payment callback and proposed a queue with retries and a reconciliation job. "
                    "Good on failure modes, less on how the team would operate it at night."
                ),
                ratings={"Reliability": "yes", "engineering_maturity": "yes"},
            ),
            note(
                "Nadia Petrova",
                "yes",
                (
                    "Behavioural round on mentoring and influence. Kai gave examples of pairing "
                    "with juniors and writing design review guidelines, though he admitted he "
                    "gets impatient with long reviews. Reflective about it and working on it."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
                probes=("Mentoring",),
            ),
            note(
                "Ben Carter",
                "strong_yes",
                (
                    "Product collaboration round. Kai asked sharp questions about seller "
                    "segments, proposed a smaller first release of the API, and explained "
                    "trade-offs in business terms. One of the best engineering candidates I have "
                    "spoken to this year."
                ),
                ratings={"reasoning": "strong_yes", "ownership": "yes"},
            ),
        ],
        expect=[
            finding("unclear_flag", "Lena Hoffmann"),
        ],
        expect_not=["red_flag", "vote_conflict", "rating_conflict", "thin"],
    ),
]
