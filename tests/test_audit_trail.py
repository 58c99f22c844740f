"""Each kind of change leaves its event on the audit trail, written with the change: who,
what in words, and the detail that matters, without a word of any note, any vote, or
what was said in the room."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loops.debrief import actions, panels
from loops.models import AuditEvent, Closeness, FocusCompetency, Loop, OrgSettings, Step, WeakSpot
from loops.services import notes
from tests.factories import NoteFactory, PersonFactory, SlotFactory

pytestmark = pytest.mark.django_db

SECRET = "She mentioned an acquisition nobody knows about"
ROOM = "The room agreed off the record"
Action = AuditEvent.Action


def only(action) -> AuditEvent:
    (event,) = AuditEvent.objects.filter(action=action)
    return event


def assert_discreet(event: AuditEvent, *words: str) -> None:
    """Neither the summary nor the detail carries any of ``words``, nor a note's."""
    written = event.summary + json.dumps(event.detail, ensure_ascii=False)
    for said in (SECRET, ROOM, *words):
        assert said.lower() not in written.lower()


@pytest.fixture
def dana(db):
    return PersonFactory(name="Dana Daily")


@pytest.fixture
def debrief(loop, hiring_manager, interviewer, dana):
    """A debrief under way: Ivan's note raised a red flag in words nobody else should
    read; Dana's note is in too."""
    loop.state = Loop.State.INTERVIEWING
    loop.save()
    NoteFactory(
        slot=SlotFactory(loop=loop, interviewer=interviewer),
        text=SECRET,
        flags=[{"colour": "red", "text": SECRET, "intent": "concern"}],
    )
    NoteFactory(slot=SlotFactory(loop=loop, interviewer=dana), initial_vote="no")
    return actions.start_debrief(loop, by=hiring_manager)


def test_all_actions_fit_their_column_and_read_as_words():
    field = AuditEvent._meta.get_field("action")
    for value, label in Action.choices:
        assert len(value) <= field.max_length
        assert label and "_" not in label


# Notes --------------------------------------------------------------------------------


def test_an_initial_vote_is_recorded_as_recorded_never_as_which_vote(loop, interviewer):
    slot = SlotFactory(loop=loop, interviewer=interviewer)
    note = NoteFactory(slot=slot, submitted_at=None, initial_vote="", initial_vote_at=None)
    note.text = SECRET
    note.save()
    notes.record_initial_vote(note, "strong_no", by=interviewer)
    event = only(Action.INITIAL_VOTE)
    assert event.actor == interviewer and event.loop_id == loop.pk
    assert event.summary == f"Ivan Interviewer recorded their initial vote on {loop}."
    assert event.detail == {"slot": slot.pk}
    assert_discreet(event, "strong", "no,")


def test_a_refused_second_initial_vote_leaves_no_event(loop, interviewer):
    note = NoteFactory(slot=SlotFactory(loop=loop, interviewer=interviewer), submitted_at=None)
    with pytest.raises(ValidationError):
        notes.record_initial_vote(note, "yes", by=interviewer)
    assert not AuditEvent.objects.filter(action=Action.INITIAL_VOTE).exists()


# The live debrief ---------------------------------------------------------------------


def test_a_step_moved_says_from_where_to_where(debrief, hiring_manager):
    actions.move_step(debrief, Step.AMBIGUITY, by=hiring_manager)
    actions.move_step(debrief, Step.AMBIGUITY, by=hiring_manager)  # already there: no change
    event = only(Action.STEP_MOVED)
    assert event.actor == hiring_manager and event.loop_id == debrief.loop_id
    assert event.summary == (
        f"Maya Manager moved the debrief of {debrief.loop} from information quality to ambiguity."
    )
    assert event.detail == {"before": "information_quality", "after": "ambiguity"}
    assert_discreet(event)


def test_a_resolved_flag_names_its_kind_and_take_not_its_words(debrief, hiring_manager):
    actions.move_step(debrief, Step.AMBIGUITY, by=hiring_manager)
    flag = next(item for item in panels.script_items(debrief.loop).ambiguity)
    assert flag.kind == "red_flag"
    resolution = actions.resolve_item(
        debrief, flag.key, take="blocker", note=ROOM, by=hiring_manager
    )
    event = only(Action.ITEM_RESOLVED)
    assert event.actor == hiring_manager and event.loop_id == debrief.loop_id
    assert event.summary == (
        f"Maya Manager resolved a red flag in the debrief of {debrief.loop}: blocker."
    )
    assert event.detail == {
        "resolution": resolution.pk,
        "step": "ambiguity",
        "kind": "red_flag",
        "take": "blocker",
    }
    assert_discreet(event)


def test_resolving_an_item_again_says_the_resolution_changed(debrief, hiring_manager):
    actions.move_step(debrief, Step.AMBIGUITY, by=hiring_manager)
    key = panels.script_items(debrief.loop).ambiguity[0].key
    actions.resolve_item(debrief, key, take="blocker", by=hiring_manager)
    actions.resolve_item(debrief, key, take="minor", by=hiring_manager)
    latest = AuditEvent.objects.filter(action=Action.ITEM_RESOLVED).order_by("pk").last()
    assert latest.summary.startswith("Maya Manager changed the resolution of a red flag")
    assert latest.summary.endswith(": minor.") and latest.detail["take"] == "minor"


def test_a_role_statement_names_the_needs_not_why_nor_the_statement(debrief, hiring_manager):
    needs = [{"name": "Failover drills", "because": SECRET}]
    actions.state_role(debrief, needs, ROOM, by=hiring_manager)
    event = only(Action.ROLE_STATED)
    assert event.actor == hiring_manager and event.loop_id == debrief.loop_id
    assert event.summary == (
        f"Maya Manager recorded what Senior Backend Engineer needs in the debrief of "
        f"{debrief.loop}."
    )
    assert event.detail == {"needs": ["Failover drills"]}
    assert_discreet(event)


def test_carrying_the_statement_names_the_focus_competencies_added_and_changed(
    debrief, hiring_manager, role
):
    needs = [
        {"name": "Failover drills", "because": "we run them monthly"},
        {"name": "reliability", "because": "checkout must not stop"},
    ]
    actions.state_role(debrief, needs, ROOM, by=hiring_manager)
    actions.update_role_from_statement(debrief, by=hiring_manager)
    event = only(Action.ROLE_CARRIED)
    assert event.actor == hiring_manager and event.loop_id == debrief.loop_id
    assert event.summary == (
        "Maya Manager carried the debrief's statement to the role Senior Backend Engineer: "
        "added Failover drills; updated why for Reliability."
    )
    assert event.detail == {
        "role": role.pk,
        "added": ["Failover drills"],
        "updated": ["Reliability"],
    }
    assert_discreet(event, "monthly", "checkout")


def test_a_second_vote_says_someone_voted_never_what_nor_why(debrief, hiring_manager, dana):
    actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)
    actions.cast_vote(debrief, dana, "strong_no", why_moved=SECRET, tie="other", tied_to=ROOM)
    actions.cast_vote(debrief, dana, "strong_yes", why_moved=SECRET)
    first, changed = AuditEvent.objects.filter(action=Action.SECOND_VOTE).order_by("pk")
    assert first.actor == dana and first.loop_id == debrief.loop_id
    assert first.summary == f"Dana Daily cast their second vote on {debrief.loop}."
    assert first.detail == {"changed": False}
    assert changed.summary == f"Dana Daily changed their second vote on {debrief.loop}."
    assert changed.detail == {"changed": True}
    for event in (first, changed):
        assert_discreet(event, "strong", "other")


def test_joining_the_debrief_is_no_event(debrief, recruiter):
    before = AuditEvent.objects.count()
    actions.join(debrief, recruiter)
    assert AuditEvent.objects.count() == before


# The organisation's settings ----------------------------------------------------------


def _settings_post(**changes) -> dict:
    settings = OrgSettings.load()
    data = {
        field.name: getattr(settings, field.name)
        for field in OrgSettings._meta.fields
        if field.editable and field.name != "id"
    }
    return data | changes


def test_changed_settings_are_recorded_before_and_after(client_for, staff):
    client = client_for(staff)
    client.post(reverse("loops:org-settings"), _settings_post(load_threshold=6))
    client.post(reverse("loops:org-settings"), _settings_post())  # nothing changed: no event
    event = only(Action.SETTINGS_CHANGED)
    assert event.actor == staff and event.loop_id is None
    assert event.summary == (
        "Sam Staff changed the organisation's settings: interviewer load threshold from 4 to 6."
    )
    assert event.detail == {
        "fields": ["load_threshold"],
        "before": {"load_threshold": 4},
        "after": {"load_threshold": 6},
    }
    assert OrgSettings.load().load_threshold == 6


# Roles --------------------------------------------------------------------------------


def _role_post(manager, **overrides) -> dict:
    data = {
        "title": "Data Scientist",
        "team": "Growth",
        "level": "L4",
        "job_family": "data_science",
        "archetype": "high_growth",
        "hiring_manager": manager.pk,
        "required_functions": ["data"],
    }
    return data | overrides


def test_a_new_role_is_recorded(client_for, hiring_manager):
    client_for(hiring_manager).post(reverse("loops:role-new"), _role_post(hiring_manager))
    event = only(Action.ROLE_CREATED)
    assert event.actor == hiring_manager and event.loop_id is None
    assert event.summary == "Maya Manager created the role Data Scientist."
    assert event.detail == {"role": event.detail["role"]}
    assert event.detail["role"] > 0


def test_a_changed_role_names_the_fields_that_changed(client_for, hiring_manager, role):
    client = client_for(hiring_manager)
    edit = reverse("loops:role-edit", args=[role.pk])
    same = _role_post(
        hiring_manager,
        title=role.title,
        team=role.team,
        level=role.level,
        job_family=role.job_family,
        archetype=role.archetype,
        required_functions=[],
        recruiters=list(role.recruiters.values_list("pk", flat=True)),
    )
    client.post(edit, same)  # nothing changed: no event
    client.post(edit, same | {"title": "Staff Backend Engineer", "recruiters": []})
    event = only(Action.ROLE_CHANGED)
    assert event.actor == hiring_manager
    assert (
        event.summary == "Maya Manager changed the role Staff Backend Engineer: title, recruiters."
    )
    assert event.detail == {"role": role.pk, "fields": ["title", "recruiters"]}


@pytest.mark.parametrize(
    ("kind", "model", "data", "added", "removed"),
    [
        (
            "focus",
            FocusCompetency,
            {"focus-name": "Storage", "focus-because": SECRET},
            Action.FOCUS_ADDED,
            Action.FOCUS_REMOVED,
        ),
        (
            "weak-spot",
            WeakSpot,
            {"weak-spot-name": "Pricing", "weak-spot-judged_by": "sales"},
            Action.WEAK_SPOT_ADDED,
            Action.WEAK_SPOT_REMOVED,
        ),
    ],
)
def test_a_focus_competency_or_weak_spot_added_and_removed_is_recorded(
    client_for, hiring_manager, role, kind, model, data, added, removed
):
    client = client_for(hiring_manager)
    client.post(reverse(f"loops:{kind}-add", args=[role.pk]), data)
    item = model.objects.get(role=role, name__in=["Storage", "Pricing"])
    client.post(reverse(f"loops:{kind}-delete", args=[role.pk, item.pk]))
    assert not model.objects.filter(pk=item.pk).exists()
    noun = "focus competency" if model is FocusCompetency else "weak spot"
    on, off = only(added), only(removed)
    assert on.actor == off.actor == hiring_manager
    assert on.summary == (
        f"Maya Manager added the {noun} “{item.name}” to the role Senior Backend Engineer."
    )
    assert off.summary == (
        f"Maya Manager removed the {noun} “{item.name}” from the role Senior Backend Engineer."
    )
    assert on.detail == off.detail == {"role": role.pk, "name": item.name}
    assert_discreet(on)


def test_closeness_set_moved_and_cleared_says_before_and_after(
    client_for, hiring_manager, role, dana
):
    client = client_for(hiring_manager)
    url = reverse("loops:closeness-set", args=[role.pk])
    for level in ("daily", "daily", "weekly", ""):  # the second click changes nothing
        client.post(url, {"cell": f"{dana.pk}:{level}"})
    assert not Closeness.objects.filter(role=role, person=dana).exists()
    events = list(AuditEvent.objects.filter(action=Action.CLOSENESS_SET).order_by("pk"))
    assert [(e.detail["before"], e.detail["after"]) for e in events] == [
        ("", "daily"),
        ("daily", "weekly"),
        ("weekly", ""),
    ]
    assert all(e.actor == hiring_manager for e in events)
    assert events[1].summary == (
        "Maya Manager set Dana Daily's closeness to Senior Backend Engineer from daily to weekly."
    )
    assert events[0].detail == {
        "role": role.pk,
        "person": dana.pk,
        "before": "",
        "after": "daily",
    }
    assert events[2].summary.endswith("from weekly to not set.")


# The audit page -----------------------------------------------------------------------


def test_staff_filter_the_trail_by_each_new_kind_by_its_label(client_for, staff, debrief):
    actions.move_step(debrief, Step.AMBIGUITY, by=staff)
    page = client_for(staff).get(reverse("loops:audit"), {"action": "step_moved"}).text
    assert '<option value="step_moved" selected>Debrief step changed</option>' in page
    assert "<td>Debrief step changed</td>" in page
    assert "<td>Debrief started</td>" not in page
    for value, label in Action.choices:
        assert f'<option value="{value}"' in page and f">{label}</option>" in page.replace(
            "&#x27;", "'"
        )
    assert SECRET not in page
