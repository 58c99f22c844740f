"""What a decided debrief tells the reports: each interviewer's vote shift and the focus
competencies short of signal, written once, in the decision's transaction."""

from django.db import transaction
from django.db.models import Exists, OuterRef

from loops.models import (
    Debrief,
    Person,
    SignalGap,
    Vote,
    VoteShift,
)
from loops.rules import calibration
from loops.rules.calibration import hours_between
from loops.rules.preread import coverage_gaps
from loops.services.agenda import loop_slots, preread_facts, thresholds


def record_missing_outcomes() -> int:
    """Record the outcome of decided debriefs that have none (decided before the reports
    existed); returns how many. Safe to run any number of times."""
    debriefs = (
        Debrief.objects.decided()
        .filter(~Exists(VoteShift.objects.filter(debrief=OuterRef("pk"))))
        .select_related("loop__role")
    )
    count = 0
    for debrief in debriefs:
        with transaction.atomic():
            debrief = Debrief.objects.locked(debrief.pk)
            if debrief.shifts.exists():
                continue
            record_outcome(debrief, loop_slots(debrief.loop))
            debrief.save(update_fields=["hours_to_decision"])
            count += 1
    return count


def record_outcome(debrief: Debrief, slots: list) -> None:
    """Write what the reports count of this decided debrief: each interviewer's shift and
    the focus competencies that lacked signal (see ``loops.models.outcomes``); set (not
    save) its hours from the last interview to the decision."""
    last_interview = max((slot.ends_at for slot in slots if slot.ends_at), default=None)
    debrief.hours_to_decision = hours_between(last_interview, debrief.decided_at)
    votes = {vote.voter_id: vote for vote in debrief.second_votes.all()}
    full_note_due = thresholds().full_note_due
    seats = []
    for slot in slots:
        note = getattr(slot, "note", None)
        vote = votes.get(slot.interviewer_id)
        seats.append(
            calibration.Seat(
                slot.interviewer_id,
                Vote.step(note.initial_vote if note else None),
                Vote.step(vote.vote if vote else None),
                calibration.is_late(
                    note.submitted_at if note else None, slot.ends_at, full_note_due
                ),
            )
        )
    by_person = {slot.interviewer_id: slot for slot in slots}
    role = debrief.loop.role
    VoteShift.objects.bulk_create(
        VoteShift(
            debrief=debrief,
            person_id=shift.person_id,
            role=role,
            decided_at=debrief.decided_at,
            function=by_person[shift.person_id].interviewer.function,
            closeness=by_person[shift.person_id].closeness,
            initial=shift.initial,
            second=shift.second,
            why_moved=votes[shift.person_id].why_moved if shift.person_id in votes else "",
            agrees=shift.agrees,
            toward_room=shift.toward_room,
            late=shift.late,
        )
        for shift in calibration.shifts(seats, debrief.decision)
    )
    facts = preread_facts(debrief.loop, debrief.decided_at, slots)
    function = Person.objects.filter(pk=role.hiring_manager_id).values_list("function", flat=True)
    SignalGap.objects.bulk_create(
        SignalGap(
            debrief=debrief,
            role=role,
            decided_at=debrief.decided_at,
            function=function.first() or "",
            competency=item.subject,
        )
        for item in coverage_gaps(facts, thresholds())
        if item.kind == "focus_gap"
    )
