"""Decision guidance from the second vote, and the room's split.

Plain rules over plain values: any strong no that ties to what the role needs almost
always means no hire; no strong yes almost always means no hire. A strong no tied to
nothing the role needs still counts, but is shown as weaker. Deciding to hire against the
guidance needs a written reason.
"""

from collections import Counter
from dataclasses import dataclass, field

from loops.rules.findings import Finding, Level
from loops.vocabulary import Decision, Vote


@dataclass(frozen=True)
class Ballot:
    """One second vote as the guidance sees it."""

    voter: str
    vote: str
    tied_to: str = ""  # the need of the role a strong no ties to; blank when it ties to none


@dataclass(frozen=True)
class Guidance:
    """What the second vote says about the decision, with the reasons in the manager's words."""

    points_to_no_hire: bool
    findings: list[Finding] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.points_to_no_hire:
            return "The second vote points to no hire."
        return "The second vote leaves the decision open: weigh the discussion."

    def is_against(self, decision: str) -> bool:
        """Hiring when the guidance points to no hire goes against it."""
        return self.points_to_no_hire and decision == Decision.HIRE


def guidance(ballots: list[Ballot]) -> Guidance:
    """The guidance for a set of second votes."""
    findings = []
    strong_noes = [b for b in ballots if b.vote == Vote.STRONG_NO]
    tied = [b for b in strong_noes if b.tied_to.strip()]
    untied = [b for b in strong_noes if not b.tied_to.strip()]
    for ballot in tied:
        findings.append(
            Finding(
                Level.ERROR,
                f"{ballot.voter}'s strong no ties to what the role needs "
                f"({ballot.tied_to.strip()}): that almost always means no hire.",
            )
        )
    for ballot in untied:
        findings.append(
            Finding(
                Level.WARNING,
                f"{ballot.voter}'s strong no ties to nothing the role needs: weigh it, but it "
                "is weaker than one that does.",
            )
        )
    has_strong_yes = any(b.vote == Vote.STRONG_YES for b in ballots)
    if ballots and not has_strong_yes:
        findings.append(
            Finding(
                Level.ERROR,
                "Nobody is a strong yes: that almost always means no hire.",
            )
        )
    if not ballots:
        findings.append(Finding(Level.WARNING, "Nobody has cast a second vote."))
    points_to_no_hire = bool(tied) or (bool(ballots) and not has_strong_yes)
    if ballots and not points_to_no_hire:
        findings.append(
            Finding(
                Level.OK,
                "At least one strong yes and no strong no tied to the role: a hire is supported.",
            )
        )
    return Guidance(points_to_no_hire, findings)


def split(votes: list[str]) -> list[tuple[str, int]]:
    """How many people gave each vote, in scale order, blanks left out."""
    counts = Counter(vote for vote in votes if vote)
    return [(vote.label, counts.get(vote, 0)) for vote in Vote]


def movement(initial: str, second: str) -> int:
    """Steps moved from the initial to the second vote: negative toward no, positive toward yes,
    0 when either is missing."""
    if Vote.step(initial) is None or Vote.step(second) is None:
        return 0
    return Vote.step(second) - Vote.step(initial)
