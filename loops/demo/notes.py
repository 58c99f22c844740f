"""What the demo's interviewers wrote: notes in every state for the pages to show, and the
loop in debrief's notes, which a seasoned hiring manager would want to talk through."""

from django.utils import timezone

from loops.models import (
    Function,
    Loop,
)

DOMAIN = "northwind.example"
DEMO_PASSWORD = "debrief-demo"

F = Function


# What the demo interviewers wrote, by loop state: notes in every state for the pages to show.
NOTE_TEXTS = [
    (
        "yes",
        "Clarified the constraints before coding; clean, tested solution. Talked through "
        "the trade-off between a queue and a cron job without prompting.",
    ),
    (
        "strong_yes",
        "Designed the ledger with idempotency keys from the start and found the "
        "double-charge failure mode herself. Would hire to my team tomorrow.",
    ),
    ("no", "Generic answers about conflict; could not name a time she changed her mind."),
    ("yes", "Good product sense; asked who the customer was before proposing anything."),
    ("yes", "Fine."),
    ("no", "Over-engineered the rate limiter; struggled to reason about the edge cases."),
]


# The demo loop in debrief: notes a seasoned hiring manager would want to talk through.
# A thin note from the senior leader, opposite votes, a competency rated three steps
# apart, and the payments outage told to two interviewers in different words.
OUTAGE = {
    "title": "The payments outage",
    "setup": "Black Friday, checkout failing for two hours after a deploy.",
    "actions": "Rolled back, then added a canary stage to the pipeline.",
    "outcome": "No repeat in the next two peak seasons.",
    "conclusion": "Takes ownership and learns from incidents.",
}
OUTAGE_RETOLD = {
    "title": "Outage at the payments team",
    "setup": "Checkout failing on Black Friday after a bad deploy, about two hours.",
    "actions": "Led the rollback and wrote the postmortem.",
    "outcome": "Canary deploys since.",
    "conclusion": "Calm under pressure, owns the follow-up.",
}
DEBRIEF_NOTES = [
    ("yes", "Fine. Would work with.", [], {}),
    (
        "strong_yes",
        "Clear thinker on consistency: walked through the ledger's double-entry design, "
        "idempotency keys for retries and how reconciliation catches drift. Asked sharp "
        "questions about our settlement windows and how product decides on fees.",
        [OUTAGE],
        {"Distributed systems": "strong_yes", "correctness": "yes"},
    ),
    (
        "no",
        "Solved the coding exercise but needed hints on the edge cases: empty batches and "
        "duplicate events. Tests came late and only after prompting. Could not reason "
        "about the complexity of the merge step without help.",
        [],
        {"Distributed systems": "no", "correctness": "no"},
    ),
    (
        "yes",
        "Good system design: started from SLOs, sketched a simple baseline, then found "
        "the bottleneck in the fraud check and the failure mode when the bank times out.",
        [OUTAGE_RETOLD],
        {"correctness": "yes", "Working with product": "yes"},
    ),
    (
        "yes",
        "Concrete stories with impact. Talked about mentoring two juniors through their "
        "first on-call rotation and what she changed in the runbooks afterwards.",
        [],
        {"Reliability": "yes"},
    ),
    (
        "yes",
        "Works well with product: described negotiating scope on the refunds project and "
        "explaining the trade-off between speed and auditability to the finance team.",
        [],
        {"Working with product": "strong_yes", "Reliability": "yes"},
    ),
]


def load_notes(loop: Loop, state: str) -> None:
    """Submitted notes for loops past their interviews; on the loop being interviewed, one
    note of each kind (submitted, draft with only a vote, not started)."""
    from loops.models import Note

    if state not in (Loop.State.INTERVIEWING, Loop.State.DEBRIEF, Loop.State.DECIDED):
        return
    now = timezone.now()
    if state == Loop.State.DEBRIEF:
        load_debrief_notes(loop, now)
        return
    for index, slot in enumerate(loop.slots.order_by("order")):
        vote, text = NOTE_TEXTS[index % len(NOTE_TEXTS)]
        if state == Loop.State.INTERVIEWING and index >= 2:
            if index == 2:  # a draft: the vote recorded, the rest still to write
                Note.objects.create(slot=slot, initial_vote=vote, initial_vote_at=now)
            continue  # the others have not started
        Note.objects.create(
            slot=slot,
            initial_vote=vote,
            initial_vote_at=now,
            text=text,
            submitted_at=now,
            flags=[
                {
                    "colour": "yellow",
                    "text": "Quiet in the first ten minutes",
                    "intent": "completeness",
                }
            ]
            if index == 0
            else [],
        )


def load_debrief_notes(loop: Loop, now) -> None:
    """The designed notes of the demo loop in debrief; its senior leader writes the thin one."""
    from loops.models import Note

    focus = {f.name: f"focus:{f.pk}" for f in loop.role.focus_competencies.all()}
    slots = sorted(
        loop.slots.select_related("interviewer"),
        key=lambda s: (not s.interviewer.is_senior_leader, s.order),
    )
    for slot, (vote, text, stories, ratings) in zip(slots, DEBRIEF_NOTES, strict=False):
        Note.objects.create(
            slot=slot,
            initial_vote=vote,
            initial_vote_at=now,
            text=text,
            stories=stories,
            ratings={focus.get(k, f"dimension:{k}"): v for k, v in ratings.items()},
            submitted_at=now,
        )
