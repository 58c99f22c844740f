"""The reports across decided loops: calibration per interviewer and the role report.

Every figure is counted in the database (see ``VoteShiftQuerySet.calibration`` and
``DebriefQuerySet.by_role``); this module only narrows the rows to what a person may
see, turns counts into the rates people read, and shapes rows for tables, charts and CSV.
"""

from dataclasses import dataclass, fields

from loops.models import Debrief, Role, SignalGap, VoteShift
from loops.reports.charts import VOTE_CSS, VOTE_NAMES, Segment, bar_chart, share_segments
from loops.vocabulary import Vote

PAGE_SIZE = 25


def rate(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percentage; None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


# Calibration --------------------------------------------------------------------------


@dataclass
class CalibrationRow:
    person: int
    name: str
    rank: int
    loops: int
    voted_both: int
    moved: int
    moved_up: int
    moved_down: int
    toward_room: int
    agreed: int
    judged: int
    late: int
    votes: list[int]

    @classmethod
    def from_values(cls, row: dict) -> "CalibrationRow":
        names = {field.name for field in fields(cls)} - {"votes"}
        return cls(**{name: row[name] for name in names}, votes=[row[vote] for vote in Vote.values])

    @property
    def moved_rate(self) -> int | None:
        return rate(self.moved, self.voted_both)

    @property
    def toward_room_rate(self) -> int | None:
        return rate(self.toward_room, self.moved)

    @property
    def agreed_rate(self) -> int | None:
        return rate(self.agreed, self.judged)

    @property
    def vote_shares(self) -> list[int | None]:
        return [rate(count, sum(self.votes)) for count in self.votes]


def calibration_shifts(person, filters: dict):
    return VoteShift.objects.visible_to(person).matching(**filters)


def calibration_rows(shifts) -> list[CalibrationRow]:
    return [CalibrationRow.from_values(row) for row in shifts.calibration()]


def organisation_votes(filters: dict) -> list[int]:
    """Everyone's initial votes by value over the same loops: a count, no one's vote."""
    counts = VoteShift.objects.matching(**filters).distribution()
    return [counts[vote] for vote in Vote.values]


def calibration_charts(rows: list[CalibrationRow], organisation: list[int]) -> dict:
    moves = bar_chart(
        "How often each interviewer moved their vote, up and down",
        [
            (
                row.name,
                "—" if row.moved_rate is None else f"{row.moved_rate}%",
                [
                    Segment("Moved up", rate(row.moved_up, row.voted_both) or 0, "moved-up"),
                    Segment("Moved down", rate(row.moved_down, row.voted_both) or 0, "moved-down"),
                ],
            )
            for row in rows
        ],
        maximum=100,
        legend=[("Moved up", "moved-up"), ("Moved down", "moved-down")],
    )
    votes = bar_chart(
        "Initial votes of each interviewer against the organisation's",
        [
            (
                "Organisation",
                f"{sum(organisation)}",
                share_segments(organisation, VOTE_NAMES, VOTE_CSS),
            )
        ]
        + [
            (row.name, f"{sum(row.votes)}", share_segments(row.votes, VOTE_NAMES, VOTE_CSS))
            for row in rows
        ],
        maximum=100,
        legend=list(zip(VOTE_NAMES, VOTE_CSS, strict=True)),
    )
    return {"moves_chart": moves, "votes_chart": votes}


CALIBRATION_CSV = [
    "Interviewer",
    "Decided loops",
    "Votes cast twice",
    "Moved",
    "Moved up",
    "Moved down",
    "Moved toward the room",
    "Second vote agreed with the decision",
    "Second votes judged",
    *Vote.labels,
    "Late notes",
]


def calibration_csv_rows(rows: list[CalibrationRow]):
    for row in rows:
        yield [
            row.name,
            row.loops,
            row.voted_both,
            row.moved,
            row.moved_up,
            row.moved_down,
            row.toward_room,
            row.agreed,
            row.judged,
            *row.votes,
            row.late,
        ]


# The role report ----------------------------------------------------------------------


def report_debriefs(person, filters: dict):
    return Debrief.objects.decided().visible_to(person).matching(**filters)


def report_gaps(person, filters: dict):
    gaps = SignalGap.objects.matching(**filters)
    if not person.is_staff:
        gaps = gaps.filter(role__in=Role.objects.visible_to(person).values("pk"))
    return gaps


@dataclass
class RoleRow:
    role: int
    title: str
    decided: int
    hires: int
    no_hires: int
    more_signal: int
    against: int
    avg_hours: float | None
    max_hours: float | None
    slowest_rank: int

    @property
    def outcomes(self) -> list[int]:
        return [self.hires, self.no_hires, self.more_signal]


OUTCOME_NAMES = ["Hire", "No hire", "More signal needed"]
OUTCOME_CSS = ["outcome-hire", "outcome-no-hire", "outcome-more"]


def role_rows(debriefs) -> list[RoleRow]:
    names = {field.name for field in fields(RoleRow)} - {"role"}
    return [
        RoleRow(role=row["loop__role"], **{name: row[name] for name in names})
        for row in debriefs.by_role()
    ]


def days(hours: float | None) -> float | None:
    return None if hours is None else round(hours / 24, 1)


def role_charts(rows: list[RoleRow], gaps: list[dict]) -> dict:
    time_chart = bar_chart(
        "Average days from the last interview to the decision, by role",
        [
            (
                row.title,
                "—" if row.avg_hours is None else f"{days(row.avg_hours)} d",
                [Segment("Average days", days(row.avg_hours) or 0, "time")],
            )
            for row in rows
        ],
    )
    outcome_chart = bar_chart(
        "Decisions by outcome, by role",
        [
            (row.title, str(row.decided), share_segments(row.outcomes, OUTCOME_NAMES, OUTCOME_CSS))
            for row in rows
        ],
        maximum=100,
        legend=list(zip(OUTCOME_NAMES, OUTCOME_CSS, strict=True)),
    )
    gap_chart = bar_chart(
        "Focus competencies that most often lacked signal",
        [
            (gap["competency"], str(gap["loops"]), [Segment("Loops", gap["loops"], "gap")])
            for gap in gaps
        ],
    )
    return {"time_chart": time_chart, "outcome_chart": outcome_chart, "gap_chart": gap_chart}


def against_guidance(debriefs):
    """Decisions taken against the guidance, newest first, with their reasons."""
    return (
        debriefs.exclude(against_guidance_reason="")
        .select_related("loop__candidate", "loop__role")
        .only(
            "decision",
            "decided_at",
            "against_guidance_reason",
            "loop__candidate__name",
            "loop__role__title",
        )
        .order_by("-decided_at", "-pk")
    )
