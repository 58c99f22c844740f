import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from loops.models import AgendaEntry, Loop, Note, OrgSettings
from loops.services.importing import ImportRefused, import_loops, validate
from tests.factories import SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_loop(loop):
    ended = timezone.now() - timedelta(hours=3)
    slots = [
        SlotFactory(
            loop=loop, interviewer__name=name, starts_at=ended - timedelta(hours=1), ends_at=ended
        )
        for name in ("Ann Early", "Ben Late")
    ]
    Note.objects.create(
        slot=slots[0],
        initial_vote="yes",
        initial_vote_at=ended,
        submitted_at=ended,
        text="Solid.",
        flags=[{"colour": "red", "text": "Blamed the <b>team</b>", "intent": "concern"}],
    )
    return loop


def test_the_hiring_manager_reads_the_preread(client_for, hiring_manager, ended_loop):
    page = client_for(hiring_manager).get(reverse("loops:preread", args=[ended_loop.pk]))
    assert page.status_code == 200
    assert "Ben Late&#x27;s note is missing: the interview ended 3 hours ago." in page.text
    assert (
        "Red flag from Ann Early, a concern to discuss: “Blamed the &lt;b&gt;team&lt;/b&gt;”"
        in page.text
    )


def test_the_preread_reads_as_json_in_its_schema(client_for, hiring_manager, ended_loop):
    data = (
        client_for(hiring_manager).get(reverse("loops:preread-json", args=[ended_loop.pk])).json()
    )
    assert data["schema"] == 1
    assert data["candidate"] == "Casey Candidate"
    kinds = [item["kind"] for item in data["items"]]
    assert kinds[0] == "missing"
    assert "red_flag" in kinds
    assert set(data["items"][0]) == {
        "key",
        "kind",
        "message",
        "people",
        "slots",
        "subject",
        "added_by_hand",
        "dismissed_reason",
    }


def test_items_are_added_dismissed_with_a_reason_restored_and_reordered(
    client_for, hiring_manager, ended_loop
):
    client = client_for(hiring_manager)
    change = reverse("loops:preread-change", args=[ended_loop.pk])
    client.post(change, {"action": "add", "text": "Ask about the notice period"})
    data = client.get(reverse("loops:preread-json", args=[ended_loop.pk])).json()
    by_hand = next(item for item in data["items"] if item["added_by_hand"])
    assert by_hand["message"] == "Ask about the notice period"
    client.post(change, {"action": "up", "key": by_hand["key"]})
    data = client.get(reverse("loops:preread-json", args=[ended_loop.pk])).json()
    assert [item["key"] for item in data["items"]].index(by_hand["key"]) == len(data["items"]) - 2
    first = data["items"][0]["key"]
    client.post(change, {"action": "dismiss", "key": first, "reason": "Ben is on holiday"})
    data = client.get(reverse("loops:preread-json", args=[ended_loop.pk])).json()
    assert first not in [item["key"] for item in data["items"]]
    assert data["dismissed"][0]["dismissed_reason"] == "Ben is on holiday"
    client.post(change, {"action": "restore", "key": first})
    data = client.get(reverse("loops:preread-json", args=[ended_loop.pk])).json()
    assert first in [item["key"] for item in data["items"]]


@pytest.mark.parametrize("name", ["loops:preread", "loops:preread-json"])
def test_an_interviewer_never_sees_the_preread(client_for, ended_loop, name):
    interviewer = ended_loop.slots.first().interviewer
    assert client_for(interviewer).get(reverse(name, args=[ended_loop.pk])).status_code == 403


@pytest.mark.parametrize("name", ["loops:preread", "loops:preread-json"])
def test_someone_with_no_part_gets_404_for_the_preread(client_for, outsider, ended_loop, name):
    assert client_for(outsider).get(reverse(name, args=[ended_loop.pk])).status_code == 404


def test_staff_read_the_preread(client_for, staff, ended_loop):
    assert client_for(staff).get(reverse("loops:preread", args=[ended_loop.pk])).status_code == 200


def test_the_preread_command_prints_the_json(ended_loop):
    out = io.StringIO()
    call_command("preread", str(ended_loop.pk), stdout=out)
    assert json.loads(out.getvalue())["loop"] == ended_loop.pk


def test_the_preread_costs_the_same_queries_for_4_and_8_slots(
    client_for, hiring_manager, role, django_assert_max_num_queries
):
    from tests.factories import LoopFactory

    client = client_for(hiring_manager)
    OrgSettings.load()  # made on first use; not part of what a page costs
    counts = []
    for size in (4, 8):
        loop = LoopFactory(candidate__role=role)
        for _ in range(size):
            slot = SlotFactory(loop=loop)
            Note.objects.create(slot=slot, text="words " * 50, submitted_at=timezone.now())
        with django_assert_max_num_queries(40) as captured:
            client.get(reverse("loops:preread-json", args=[loop.pk]))
        counts.append(len(captured))
    assert counts[0] == counts[1]


IMPORT = {
    "loops": [
        {
            "role": {
                "title": "Imported Role",
                "job_family": "backend",
                "focus": [{"name": "APIs", "because": "it owns the public API"}],
                "weak_spots": [{"name": "Pricing", "judged_by": "sales"}],
            },
            "candidate": {"name": "Ira Imported"},
            "state": "debrief",
            "slots": [
                {
                    "interviewer": {"name": "Una", "email": "una@example.com", "function": "sales"},
                    "closeness": "weekly",
                    "round_type": "functional",
                    "focus": ["APIs"],
                    "weak_spots": ["Pricing"],
                    "note": {"initial_vote": "yes", "ratings": {"APIs": "yes"}, "text": "Fine"},
                }
            ],
        }
    ]
}


def test_a_valid_file_imports_whole():
    (loop,) = import_loops(IMPORT)
    assert loop.state == Loop.State.DEBRIEF
    note = loop.slots.get().note
    focus = loop.role.focus_competencies.get()
    assert note.ratings == {f"focus:{focus.pk}": "yes"}


def test_a_bad_file_is_refused_whole_with_the_path_of_every_error():
    bad = json.loads(json.dumps(IMPORT))
    slot = bad["loops"][0]["slots"][0]
    slot["closeness"] = "hourly"
    slot["note"]["initial_vote"] = "maybe"
    slot["note"]["ratings"]["Astrology"] = "yes"
    bad["loops"].append({"role": {}, "candidate": {}, "slots": []})
    errors = validate(bad)
    closeness = "loops[0].slots[0].closeness: should be one of daily, weekly, less (not “hourly”)"
    assert closeness in errors
    assert any(e.startswith("loops[0].slots[0].note.initial_vote:") for e in errors)
    assert "loops[0].slots[0].note.ratings.Astrology: not a focus competency or dimension" in errors
    assert "loops[1].role.title: missing" in errors
    with pytest.raises(ImportRefused):
        import_loops(bad)
    assert not Loop.objects.exists()


def test_the_import_command_refuses_a_bad_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"loops": [{"role": {}}]}))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_loops", str(path), stderr=io.StringIO())
    assert not Loop.objects.exists()


def test_a_change_answers_htmx_with_the_agenda_alone(client_for, hiring_manager, ended_loop, htmx):
    response = client_for(hiring_manager).post(
        reverse("loops:preread-change", args=[ended_loop.pk]),
        {"action": "add", "text": "Check references"},
        headers=htmx,
    )
    assert response.status_code == 200
    assert "Check references" in response.text
    assert "<html" not in response.text


def test_loops_of_two_new_roles_import_one_after_the_other():
    import_loops(IMPORT)
    other = json.loads(json.dumps(IMPORT))
    other["loops"][0]["role"]["title"] = "Another Imported Role"
    import_loops(other)
    assert Loop.objects.count() == 2


def test_an_over_long_item_added_by_hand_is_refused_not_cut_short(
    client_for, hiring_manager, ended_loop, htmx
):
    response = client_for(hiring_manager).post(
        reverse("loops:preread-change", args=[ended_loop.pk]),
        {"action": "add", "text": "x" * 501},
        headers=htmx,
    )
    assert response.status_code == 422
    assert "at most 500 characters" in response.text
    assert not AgendaEntry.objects.exists()


def test_a_change_the_preread_does_not_know_is_refused_in_words(
    client_for, hiring_manager, ended_loop, htmx
):
    response = client_for(hiring_manager).post(
        reverse("loops:preread-change", args=[ended_loop.pk]), {"action": "burn"}, headers=htmx
    )
    assert response.status_code == 422
    assert "Say what to do with the pre-read" in response.text
