"""What an interviewer is told to look for: the signals of each round type."""

GOOD, BAD = "good", "bad"

ROUND_SIGNALS: dict[str, dict[str, list[str]]] = {
    "coding": {
        GOOD: [
            "Clarified inputs and constraints first",
            "Picked an approach that fits the time",
            "Clean code with tests and edge cases",
            "Talked through trade-offs",
        ],
        BAD: [
            "Coded before clarifying",
            "Over-engineered",
            "Could not reason about complexity or edge cases",
        ],
    },
    "system_design": {
        GOOD: [
            "Measurable requirements (SLOs, throughput, latency)",
            "A simple baseline first",
            "Found bottlenecks and failure modes",
            "Tied trade-offs to product goals",
        ],
        BAD: [
            "Buzzwords without data flows",
            "No capacity planning",
            "No failure handling or operations plan",
        ],
    },
    "behavioural": {
        GOOD: [
            "Concrete stories with impact and learning",
            "Judgment and ownership, not blame",
            "Collaboration and conflict handling",
        ],
        BAD: ["Generic stories without specifics", "No reflection"],
    },
}
# Rounds the domain lists no signals for borrow the behavioural ones: they hear stories too.
for _round in ("functional", "leadership", "values"):
    ROUND_SIGNALS[_round] = ROUND_SIGNALS["behavioural"]


def signals_for(round_type: str) -> dict[str, list[str]]:
    return ROUND_SIGNALS.get(round_type, {GOOD: [], BAD: []})
