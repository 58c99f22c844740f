"""What each screen of the live debrief shows: the script's items, the voters, the clock,
the vote shift; rendered once per audience and version, and shared by its streams."""

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from loops.debrief.seats import FACILITATOR, RESTRICTED
from loops.models import (
    Debrief,
    FlagIntent,
    Loop,
    SecondVote,
    Step,
    Take,
)
from loops.models.debriefs import Decision, planned_minutes
from loops.reports.charts import shift_chart
from loops.rules.guidance import Ballot, Guidance, guidance, movement, split
from loops.rules.items import Item
from loops.services.agenda import agenda_for, loop_slots, preread_facts
from loops.vocabulary import CloseLevel

FLAG_KINDS = {"red_flag", "unclear_flag", "yellow_concern"}
CONSISTENCY_KINDS = {"same_story", "story_read_differently", "steering"}


def neighbour_step(debrief: Debrief, offset: int) -> str | None:
    index = debrief.step_index + offset
    return Step.values[index] if 0 <= index < len(Step.values) else None


def role_needs(debrief: Debrief) -> list[dict]:
    """The needs stated in the room, or, until then, the role's focus competencies."""
    if debrief.role_needs:
        return debrief.role_needs
    return [
        {"name": focus.name, "because": focus.because}
        for focus in debrief.loop.role.focus_competencies.all()
    ]


@dataclass
class ScriptItems:
    information: list[Item] = field(default_factory=list)
    ambiguity: list[Item] = field(default_factory=list)

    def for_step(self, step: str) -> list[Item]:
        if step == Step.INFORMATION_QUALITY:
            return self.information
        if step == Step.AMBIGUITY:
            return self.ambiguity
        return []


def script_items(loop: Loop, now: datetime | None = None, slots: list | None = None) -> ScriptItems:
    """The pre-read's items to walk at information quality, and every flag and
    consistency finding to triage at ambiguity."""
    now = now or timezone.now()
    facts = preread_facts(loop, now, slots)
    agenda = agenda_for(loop, now, facts)
    items = ScriptItems()
    for entry in agenda.items:
        item = replace(entry)
        if entry.kind in CONSISTENCY_KINDS:
            items.ambiguity.append(item)
        elif entry.kind not in FLAG_KINDS:
            items.information.append(item)
    intents = dict(FlagIntent.choices)
    flags = []
    for note in facts.notes:
        if not note.submitted:
            continue
        for index, flag in enumerate(note.flags):
            colour = flag.get("colour", "yellow")
            intent = intents.get(flag.get("intent", ""), "intent not given")
            text = flag.get("text") or "(no text)"
            message = f"{colour.title()} flag from {note.interviewer} ({intent.lower()}): “{text}”"
            key = f"flag:{note.slot_id}:{index}"
            flags.append(
                Item(f"{colour}_flag", message, (note.interviewer,), (note.slot_id,), key=key)
            )
    # Red flags first: the room takes the serious ones while it is fresh.
    flags.sort(key=lambda item: item.kind != "red_flag")
    items.ambiguity[:0] = flags
    return items


@dataclass
class VoterRow:
    name: str
    closeness: str
    closeness_label: str
    initial: str
    second: str = ""
    why_moved: str = ""
    tied_to: str = ""
    tie: str = ""
    voted: bool = False

    @property
    def moved(self) -> int:
        return movement(self.initial, self.second)

    @property
    def steps_moved(self) -> int:
        return abs(self.moved)


def voter_rows(debrief: Debrief, slots: list | None = None) -> list[VoterRow]:
    """The loop's interviewers with their closeness, initial vote and whether they cast a
    second vote; after the reveal (the QuerySet's rule, ``revealed``), also that vote and
    why. Shared by every seat of an audience, so it holds nobody's own vote before then."""
    ballots = SecondVote.objects.filter(debrief=debrief)
    if debrief.is_revealed:
        shown = {vote.voter_id: vote for vote in ballots.revealed()}
        voted = set(shown)
    else:  # who has voted, never what
        shown, voted = {}, set(ballots.values_list("voter_id", flat=True))
    rows = []
    slots = slots if slots is not None else debrief.loop.slots.select_related("interviewer", "note")
    for slot in slots:
        note = getattr(slot, "note", None)
        vote = shown.get(slot.interviewer_id)
        row = VoterRow(
            slot.interviewer.name,
            slot.closeness,
            slot.get_closeness_display(),
            note.initial_vote if note else "",
            voted=slot.interviewer_id in voted,
        )
        if vote is not None:
            row.second, row.why_moved = vote.vote, vote.why_moved
            row.tie, row.tied_to = vote.tie, vote.tied_to
        rows.append(row)
    rows.sort(key=lambda row: (CloseLevel.order(row.closeness), row.name))
    return rows


@dataclass
class StepClock:
    step: str
    label: str
    planned_s: int
    spent_s: int
    current: bool
    done: bool

    @property
    def overrun_s(self) -> int:
        return max(0, self.spent_s - self.planned_s)


def clock(debrief: Debrief, now: datetime) -> list[StepClock]:
    planned = planned_minutes(debrief.planned_minutes)
    spent = debrief.seconds_by_step(now) if not debrief.is_decided else debrief.step_seconds
    return [
        StepClock(
            step.value,
            step.label,
            planned[step] * 60,
            spent.get(step.value, 0),
            step.value == debrief.step and not debrief.is_decided,
            index < debrief.step_index or debrief.is_decided,
        )
        for index, step in enumerate(Step)
    ]


def panel_context(debrief: Debrief, audience: str, now: datetime | None = None) -> dict:
    """Everything one audience's screen shows at ``debrief.version``.

    The same for everyone in an audience, so one rendering serves all their streams:
    nobody's second vote is in it before the reveal (the facilitator sees who has voted,
    the others how many), and the restricted audience sees no note content.
    """
    now = now or timezone.now()
    loop = debrief.loop
    revealed = debrief.is_revealed
    shows_script = (
        debrief.step in (Step.INFORMATION_QUALITY, Step.AMBIGUITY) and not debrief.is_decided
    )
    slots = loop_slots(loop, weak_spots=shows_script)
    rows = voter_rows(debrief, slots=slots)
    context = {
        "debrief": debrief,
        "loop": loop,
        "role": loop.role,
        **audience_context(audience),
        "clock": clock(debrief, now),
        "present": list(debrief.participants.select_related("person")),
        "voters": rows,
        "voted_count": sum(row.voted for row in rows),
        "needs": role_needs(debrief),
        "decisions": Decision.choices,
        "takes": Take.choices,
        "previous_step": neighbour_step(debrief, -1),
        "next_step": neighbour_step(debrief, +1),
    }
    if shows_script:
        resolutions = {r.key: r for r in debrief.resolutions.all()}
        items = script_items(loop, now, slots).for_step(debrief.step)
        for item in items:
            item.resolution = resolutions.get(item.key)
        context["items"] = items
        context["resolved_count"] = sum(item.resolution is not None for item in items)
    if revealed and not debrief.is_decided:
        context["advice"] = advice_for(rows)
        context.update(shift_context(rows))
    if debrief.is_decided:
        context.update(record_context(debrief, rows))
    return context


def advice_for(rows: list[VoterRow]) -> Guidance:
    return guidance(
        [
            Ballot(row.name, row.second, row.tied_to if row.tie != SecondVote.Tie.NONE else "")
            for row in rows
            if row.second
        ]
    )


def record_context(debrief: Debrief, rows: list[VoterRow] | None = None) -> dict:
    rows = rows if rows is not None else voter_rows(debrief)
    resolutions = list(debrief.resolutions.all())
    return {
        "voters": rows,
        "information_resolutions": [r for r in resolutions if r.step == Step.INFORMATION_QUALITY],
        "ambiguity_resolutions": [r for r in resolutions if r.step == Step.AMBIGUITY],
        **shift_context(rows),
    }


def shift_context(rows: list[VoterRow]) -> dict:
    """The revealed vote shift: the room's split before and after, and its picture."""
    return {
        "split_before": split([row.initial for row in rows]),
        "split_after": split([row.second for row in rows]),
        "shift_chart": shift_chart(
            "Each interviewer's initial vote (hollow) and second vote (filled), by closeness",
            [(row.closeness_label, row.name, row.initial, row.second) for row in rows],
        ),
    }


def audience_context(audience: str) -> dict:
    """What sets one audience's panel apart from another's."""
    return {
        "audience": audience,
        "is_facilitator": audience == FACILITATOR,
        "can_read_notes": audience != RESTRICTED,
    }


def render_panels(debrief_id: int, audiences: tuple[str, ...]) -> tuple[int, dict[str, str]]:
    """The panels of several audiences as they stand now, from one read of the debrief:
    (version, {audience: HTML})."""
    debrief = (
        Debrief.objects.select_related("loop__role", "loop__candidate")
        .prefetch_related("loop__role__focus_competencies")
        .get(pk=debrief_id)
    )
    context = panel_context(debrief, audiences[0])
    # Shared by everyone in the audience, so it carries no one's CSRF token: htmx sends
    # each person's as a header.
    context["shared_render"] = True
    panels = {}
    for audience in audiences:
        context.update(audience_context(audience))
        panels[audience] = render_to_string("loops/debrief.html#panel", context)
    return debrief.version, panels


def render_panel(debrief_id: int, audience: str) -> tuple[int, str]:
    """The panel of one audience as it stands now: (version, HTML)."""
    version, panels = render_panels(debrief_id, (audience,))
    return version, panels[audience]
