"""Suggest a whole loop for a role: who, how close, which round, probing what, and why.

A greedy pick over plain values, so it is fast on a large directory and tested
without a database. It satisfies every coverage rule it can: the weak spots'
judging functions, the required functions, two or three daily collaborators and
at least two people further away (a senior leader among them when the role is
not itself senior leadership), each focus competency probed twice. Among equals
it prefers the least loaded people. It never gives one person two slots.
"""

from dataclasses import dataclass, field

from loops.rules.coverage import DAILY_MAX, DAILY_MIN, FURTHER_MIN, SIGNALS_PER_FOCUS, RoleFacts
from loops.rules.load import PersonFacts
from loops.vocabulary import CloseLevel

TARGET_SIZE = 6
DAILY = "works with the role daily"
FURTHER = "works with the role weekly or less"
NO_CLOSENESS = "closeness not set for this role: taken as less than weekly"
TECHNICAL_FAMILIES = {"backend", "ml", "data_engineering", "data_science", "devops"}
TECHNICAL_FUNCTIONS = {"engineering", "data"}


@dataclass
class Pick:
    person: PersonFacts
    closeness: str
    reasons: list[str] = field(default_factory=list)
    round_type: str = ""
    focus_ids: set[int] = field(default_factory=set)
    weak_spot_ids: set[int] = field(default_factory=set)

    def explanation(self) -> str:
        return "; ".join(self.reasons)


class _Picker:
    def __init__(self, role: RoleFacts, pool: list[PersonFacts], exclude: set[int], heavy: int):
        self.role = role
        self.heavy = heavy
        # Lightest first; people with a closeness set before those without.
        self.pool = sorted(
            (person for person in pool if person.id not in exclude),
            key=lambda person: (person.closeness == "", person.load, person.name),
        )
        self.picks: list[Pick] = []
        self.taken: set[int] = set()

    def is_daily(self, person: PersonFacts) -> bool:
        return CloseLevel.counts_as_daily(
            person.closeness,
            senior_leader=person.is_senior_leader,
            senior_leadership_role=self.role.is_senior_leadership,
        )

    def daily_count(self) -> int:
        return sum(self.is_daily(pick.person) for pick in self.picks)

    def take(self, wanted, reason: str) -> Pick | None:
        for person in self.pool:
            if person.id not in self.taken and wanted(person):
                closeness = person.closeness or "less"
                pick = Pick(person, closeness, [f"{reason} ({_load_text(person)})"])
                if not person.closeness:
                    pick.reasons.append(NO_CLOSENESS)
                self.picks.append(pick)
                self.taken.add(person.id)
                return pick
        return None

    def take_judge(self, function: str, reason: str) -> Pick | None:
        """Someone of ``function``: close to the role but not a daily collaborator (those
        slots are few), else anyone whose closeness is known, else anyone of the function."""
        preferences = (
            lambda p: p.function == function and p.closeness and not self.is_daily(p),
            lambda p: p.function == function and p.closeness,
            lambda p: p.function == function,
        )
        return self.take_first(preferences, reason)

    def take_of_function(self, function: str, reason: str) -> Pick | None:
        """Someone of ``function``, by where the loop is short: a daily collaborator while
        there are fewer than two, else someone further away, and never past three daily
        collaborators while anyone else of the function is left."""
        of = lambda p: p.function == function  # noqa: E731
        daily = lambda p: of(p) and self.is_daily(p)  # noqa: E731
        further = lambda p: of(p) and p.closeness and not self.is_daily(p)  # noqa: E731
        unknown = lambda p: of(p) and not p.closeness  # noqa: E731
        if self.daily_count() < DAILY_MIN:
            preferences = (daily, further, unknown)
        elif self.daily_count() < DAILY_MAX:
            preferences = (further, daily, unknown)
        else:
            preferences = (further, unknown, daily)
        return self.take_first(preferences, reason)

    def take_first(self, preferences, reason: str) -> Pick | None:
        """The first person any of ``preferences`` (in order) accepts, trying everyone at or
        under the load threshold before anyone above it."""
        light = [
            lambda p, wanted=wanted: wanted(p) and p.load <= self.heavy for wanted in preferences
        ]
        for wanted in (*light, *preferences):
            if pick := self.take(wanted, reason):
                return pick
        return None

    def picked_with(self, predicate) -> Pick | None:
        return next((pick for pick in self.picks if predicate(pick.person)), None)


def _load_text(person: PersonFacts) -> str:
    return f"{person.load} slot{'s' if person.load != 1 else ''} in 30 days"


def suggest_loop(
    role: RoleFacts,
    pool: list[PersonFacts],
    *,
    exclude: set[int] = frozenset(),
    size: int = TARGET_SIZE,
    heavy: int = 4,
) -> list[Pick]:
    """A loop of about ``size`` slots for ``role`` from ``pool``, leaving out ``exclude``.

    People with more than ``heavy`` slots in 30 days are picked only when nobody lighter fits.
    """
    picker = _Picker(role, pool, set(exclude), heavy)
    room = lambda: len(picker.picks) < size  # noqa: E731 - reads as a sentence below

    for spot in role.weak_spots:
        judge = picker.picked_with(lambda p, spot=spot: p.function == spot.judged_by)
        if judge is None and room():
            reason = f"from {spot.judged_by_label}, to judge “{spot.name}”"
            judge = picker.take_judge(spot.judged_by, reason)
        elif judge is not None:
            judge.reasons.append(f"judges “{spot.name}”")
        if judge is not None:
            judge.weak_spot_ids.add(spot.id)

    for value, label in role.required_functions:
        if picker.picked_with(lambda p, value=value: p.function == value) is None and room():
            picker.take_of_function(value, f"{label} sits on every loop")

    while picker.daily_count() < DAILY_MIN and room():
        if picker.take(picker.is_daily, DAILY) is None:
            break

    def further_count():
        return len(picker.picks) - picker.daily_count()

    has_leader = picker.picked_with(lambda p: p.is_senior_leader) is not None
    if not role.is_senior_leadership and not has_leader and room():
        picker.take(lambda p: p.is_senior_leader, "a senior leader, for a view from further away")
    while further_count() < FURTHER_MIN and room():
        if picker.take(lambda p: not picker.is_daily(p), FURTHER) is None:
            break

    while room():
        daily_open = picker.daily_count() < DAILY_MAX
        pick = None
        if daily_open and picker.daily_count() <= further_count():
            pick = picker.take(picker.is_daily, DAILY)
        if pick is None:
            pick = picker.take(lambda p: not picker.is_daily(p), FURTHER)
        if pick is None and daily_open:
            pick = picker.take(picker.is_daily, DAILY)
        if pick is None:
            break

    _assign_focus(picker)
    _assign_round_types(picker)
    return picker.picks


def _assign_focus(picker: _Picker) -> None:
    """Each focus competency to two picks, spreading them, closest collaborators first."""
    for focus in picker.role.focus:
        ranked = sorted(
            picker.picks,
            key=lambda pick: (len(pick.focus_ids), not picker.is_daily(pick.person)),
        )
        for pick in ranked[:SIGNALS_PER_FOCUS]:
            pick.focus_ids.add(focus.id)
            pick.reasons.append(f"probes “{focus.name}”")


def _assign_round_types(picker: _Picker) -> None:
    technical_role = picker.role.job_family in TECHNICAL_FAMILIES
    technical_rounds = ["coding", "system_design"]
    for pick in picker.picks:
        person = pick.person
        if person.is_senior_leader and not picker.role.is_senior_leadership:
            pick.round_type = "leadership"
        elif technical_role and person.function in TECHNICAL_FUNCTIONS and technical_rounds:
            pick.round_type = technical_rounds.pop(0)
        elif pick.weak_spot_ids or person.function not in TECHNICAL_FUNCTIONS:
            pick.round_type = "functional"
        else:
            pick.round_type = "behavioural"
    if picker.picks and not any(pick.round_type == "behavioural" for pick in picker.picks):
        # Someone should hear the candidate's stories: the last plain functional round.
        for pick in reversed(picker.picks):
            if pick.round_type == "functional" and not pick.weak_spot_ids:
                pick.round_type = "behavioural"
                break
