"""The decided debrief's record as plain data, for the JSON and Markdown exports."""

from loops.debrief.panels import record_context, role_needs
from loops.models import (
    Debrief,
    Resolution,
    Vote,
)
from loops.rules.items import kind_label


def record(debrief: Debrief, *, can_read_notes: bool) -> dict:
    """The debrief's record as plain data, for the JSON and Markdown exports."""
    context = record_context(debrief)
    labels = dict(Vote.choices)

    def resolution(r: Resolution) -> dict:
        return {
            "item": r.message if can_read_notes else kind_label(r.kind),
            "take": r.get_take_display() if r.take else None,
            "note": r.note,
        }

    return {
        "schema": 1,
        "loop": debrief.loop_id,
        "candidate": debrief.loop.candidate.name,
        "role": debrief.loop.role.title,
        "started_at": debrief.started_at.isoformat(),
        "decided_at": debrief.decided_at.isoformat() if debrief.decided_at else None,
        "information_quality": [resolution(r) for r in context["information_resolutions"]],
        "ambiguity": [resolution(r) for r in context["ambiguity_resolutions"]],
        "role_clarification": {
            "needs": role_needs(debrief),
            "statement": debrief.role_statement,
            "role_updated": debrief.role_updated_at is not None,
        },
        "votes": [
            {
                "interviewer": row.name,
                "closeness": row.closeness_label,
                "initial_vote": labels.get(row.initial),
                "second_vote": labels.get(row.second),
                "moved": row.moved,
                "why_moved": row.why_moved,
                "strong_no_ties_to": row.tied_to or None,
            }
            for row in context["voters"]
        ],
        "split_before": dict(context["split_before"]),
        "split_after": dict(context["split_after"]),
        "decision": debrief.get_decision_display() if debrief.decision else None,
        "rationale": debrief.rationale,
        "guidance": debrief.guidance_at_decision,
        "against_guidance_reason": debrief.against_guidance_reason or None,
    }
