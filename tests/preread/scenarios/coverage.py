"""Pre-read scenarios: focus competencies and weak spots without signal."""

from tests.preread.scenarios.build import (
    finding,
    hours_ago,
    no_note,
    note,
    scenario,
)

SCENARIOS = [
    scenario(
        "Focus competency rated only once",
        why=(
            "Monitoring is one of the three things this role needs, yet only one interviewer "
            "rated it: the debrief has a single opinion to go on."
        ),
        focus=("Production readiness", "Monitoring", "Data issues"),
        weak_spots=("Working with product",),
        notes=[
            note(
                "Chen Wei",
                "yes",
                (
                    "Coding round on deduplicating click events before training. Farah asked how "
                    "late events can arrive, used event IDs with a watermark and wrote tests for "
                    "duplicates across partitions. She discussed packaging the job for the "
                    "scheduler and what she would log. Solid."
                ),
                ratings={"Production readiness": "yes", "Data issues": "yes", "correctness": "yes"},
            ),
            note(
                "Victor Huang",
                "yes",
                (
                    "Serving design for recommendations. Farah proposed a precomputed candidate "
                    "store with a lightweight online ranker, a fallback to popular items and "
                    "canary releases. On monitoring she named freshness and click-through "
                    "dashboards, but we ran out of time before alerting."
                ),
                ratings={
                    "Production readiness": "strong_yes",
                    "Monitoring": "yes",
                    "engineering_maturity": "yes",
                },
            ),
            note(
                "Amara Okafor",
                "yes",
                (
                    "We looked at a real sample of our click logs. Farah found the duplicated "
                    "sessions and the clock skew between app versions, and proposed fixing them "
                    "at ingestion rather than in every model. Good instincts about where data "
                    "problems should be solved."
                ),
                ratings={"Data issues": "yes", "reasoning": "yes"},
            ),
            note(
                "Grace Liu",
                "yes",
                (
                    "Product collaboration. Farah asked what success means for the home page "
                    "before talking about models, and suggested a simple popularity baseline to "
                    "measure against. Clear and pleasant, and she explained model limits without "
                    "jargon."
                ),
                ratings={"signal_to_noise": "yes", "ownership": "yes"},
                probes=("Working with product",),
            ),
            note(
                "Rafael Gomez",
                "yes",
                (
                    "Behavioural round. Specific stories about on-call for a feature store and a "
                    "disagreement over a launch date that she resolved with a staged rollout. "
                    "Good reflection and credit to colleagues."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
            ),
        ],
        expect=[
            finding("focus_gap", about="Monitoring"),
        ],
        expect_not=["weak_spot_gap", "vote_conflict", "rating_conflict", "thin"],
    ),
    scenario(
        "Focus competency rated only no signal",
        why=(
            "Two interviewers were meant to probe influencing stakeholders but both marked it no "
            "signal: it was planned, never observed, and no signal is not a signal."
        ),
        focus=("Statistical modelling", "Influencing stakeholders"),
        weak_spots=("Safety awareness",),
        notes=[
            note(
                "Julia Novak",
                "yes",
                (
                    "Modelling case on bearing failures. Tomasz recognised the class imbalance, "
                    "proposed survival analysis rather than plain classification, and talked "
                    "about validating on later time periods only. Good statistical grounding."
                ),
                ratings={"Statistical modelling": "yes", "reasoning": "yes"},
            ),
            note(
                "Tariq Hassan",
                "yes",
                (
                    "Technical deep dive on his thesis work on vibration data. Strong on feature "
                    "engineering and honest about false alarm rates. I meant to ask him to "
                    "present a recommendation to a plant manager but we ran out of time, so I "
                    "have no signal on influencing."
                ),
                ratings={
                    "Statistical modelling": "yes",
                    "Influencing stakeholders": "no_signal",
                    "correctness": "yes",
                },
            ),
            note(
                "Pedro Costa",
                "yes",
                (
                    "Plant operations conversation. Tomasz asked what happens when a line is "
                    "stopped for maintenance and who is allowed to stop it, and understood that a "
                    "false alarm has a real cost. The conversation stayed on safety and "
                    "procedures; we never got to how he would persuade a plant manager."
                ),
                ratings={"Influencing stakeholders": "no_signal", "signal_to_noise": "yes"},
                probes=("Safety awareness",),
            ),
            note(
                "Ingrid Larsen",
                "yes",
                (
                    "Designed the pipeline from sensors to predictions. Tomasz kept it simple: "
                    "batch scoring every hour, a clear owner for the model, and a manual review "
                    "step before any work order. Not an engineer, but he knows what production "
                    "means."
                ),
                ratings={"engineering_maturity": "yes", "reasoning": "yes"},
            ),
            note(
                "Ravi Iyer",
                "yes",
                (
                    "Values round. Tomasz is curious and modest and talked about wanting his "
                    "models to be used, not admired. He asked how data science work reaches the "
                    "plants today, which was the right question. I would like to know how he "
                    "handles disagreement with senior operators."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
                leader=True,
            ),
        ],
        expect=[
            finding("focus_gap", about="Influencing stakeholders"),
        ],
        expect_not=["weak_spot_gap", "vote_conflict", "rating_conflict", "thin"],
    ),
    scenario(
        "Weak spot nobody probed",
        why=(
            "People in this role have struggled working with customer success, but no slot probed "
            "it: the loop has no signal on the role's known risk."
        ),
        focus=("Automation", "Incident response"),
        weak_spots=("Working with customer success", "Change management"),
        notes=[
            note(
                "Kwame Mensah",
                "yes",
                (
                    "Incident simulation on a customer environment outage. Jordan set up a clear "
                    "timeline, checked which customers were affected, and kept the status page "
                    "updated. Good structure, a bit slow to escalate."
                ),
                ratings={"Incident response": "yes", "reasoning": "yes"},
            ),
            note(
                "Victor Huang",
                "yes",
                (
                    "Automation exercise: provision a customer environment from a template. "
                    "Jordan wrote an idempotent Ansible role, tested it against a fresh VM and "
                    "handled the case where the DNS record already exists. Clean work."
                ),
                ratings={"Automation": "yes", "correctness": "yes"},
            ),
            note(
                "Pedro Costa",
                "yes",
                (
                    "Change management. I asked how he would roll out a kernel patch to two "
                    "hundred customer environments. Jordan proposed waves, a maintenance window "
                    "agreed per customer and a rollback plan, and asked who approves changes. "
                    "Comfortable with process."
                ),
                ratings={"Incident response": "yes", "signal_to_noise": "yes"},
                probes=("Change management",),
            ),
            note(
                "Daniel Osei",
                "yes",
                (
                    "Designed a self-service provisioning platform. Jordan started from the "
                    "manual runbook, automated the slowest steps first and kept humans in the "
                    "loop for networking. Very practical and strong on automation."
                ),
                ratings={"Automation": "strong_yes", "engineering_maturity": "yes"},
            ),
            note(
                "Hannah Weber",
                "yes",
                (
                    "Behavioural round. Concrete stories about automating toil and about a failed "
                    "migration he rolled back. Reflective and generous to colleagues, though all "
                    "his stories were engineering-internal."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
            ),
        ],
        expect=[
            finding("weak_spot_gap", about="Working with customer success"),
        ],
        expect_not=["focus_gap", "vote_conflict", "rating_conflict", "thin"],
    ),
    scenario(
        "Weak spot probed only by a slot whose note is missing",
        why=(
            "Working with product was probed by exactly one slot, and that interviewer has not "
            "submitted yet: until they do, the weak spot has no signal and the note is missing."
        ),
        focus=("Technical demos", "Discovery"),
        weak_spots=("Working with product",),
        notes=[
            note(
                "Chloe Martin",
                "yes",
                (
                    "Demo exercise with a fictional logistics prospect. Mira asked three good "
                    "discovery questions, then tailored the demo to their dispatch workflow "
                    "instead of touring every feature. She handled my objection about "
                    "integrations honestly."
                ),
                ratings={"Technical demos": "yes", "Discovery": "yes", "signal_to_noise": "yes"},
            ),
            note(
                "Luke Harrison",
                "yes",
                (
                    "Deal review. Mira qualified a messy opportunity well: she found that the "
                    "buyer had no budget this year and proposed a pilot instead of a full "
                    "proposal. Realistic and disciplined."
                ),
                ratings={"Discovery": "yes", "ownership": "yes"},
            ),
            note(
                "Samuel Adeyemi",
                "yes",
                (
                    "Light technical round: build a small API integration for a demo. Mira read "
                    "our API docs, wrote a working script with error handling and explained it "
                    "clearly to me as if I were the prospect's engineer. Enough depth for the "
                    "role."
                ),
                ratings={"Technical demos": "yes", "correctness": "yes"},
            ),
            no_note("Grace Liu", ended=hours_ago(20.25), probes=("Working with product",)),
            note(
                "Robert Hale",
                "yes",
                (
                    "Leadership conversation. Mira wants to grow into leading a small team of "
                    "sales engineers and had a clear view of what good demo standards look like. "
                    "Good energy and commercial sense. I want to hear from Grace how she works "
                    "with product before we decide."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
                leader=True,
            ),
        ],
        expect=[
            finding("missing", "Grace Liu"),
            finding("weak_spot_gap", about="Working with product"),
        ],
        expect_not=["late", "focus_gap", "thin", "vote_conflict"],
    ),
]
