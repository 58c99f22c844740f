"""The bugs the fuzzing found, one test each."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loops.debrief import actions, panels
from loops.models import (
    Person,
    Step,
)
from loops.services import agenda as agenda_rules
from tests.fuzz.harness import (
    rolled_back,
    says_why,
)

pytestmark = pytest.mark.django_db


NUL = "before\x00after"


def _first_item(debrief, step):
    return panels.script_items(debrief.loop).for_step(step)[0].key


def _at_step(get, step):
    debrief = get("debrief")
    actions.move_step(debrief, step, by=get("hiring_manager"))
    return debrief


ONE_NEED = {"need-TOTAL_FORMS": "1", "need-INITIAL_FORMS": "0"}

# Free text that reaches PostgreSQL without a Django form field (whose validator refuses
# NUL): each is (who posts, how to build the url and the post from the fixtures).
NUL_POSTS = {
    "an agenda item added by hand": (
        "hiring_manager",
        lambda get: ("loops:preread-change", get("ready_loop").pk, {"action": "add", "text": NUL}),
    ),
    "the reason an agenda item is dismissed": (
        "hiring_manager",
        lambda get: (
            "loops:preread-change",
            get("ready_loop").pk,
            {"action": "dismiss", "key": "hand:1", "reason": NUL},
        ),
    ),
    "the key of an agenda item to restore": (
        "hiring_manager",
        lambda get: (
            "loops:preread-change",
            get("ready_loop").pk,
            {"action": "restore", "key": NUL},
        ),
    ),
    "a draft note's text": (
        "interviewer",
        lambda get: ("loops:note-autosave", get("draft").slot_id, {"version": "3", "text": NUL}),
    ),
    "a draft note's flag": (
        "interviewer",
        lambda get: (
            "loops:note-autosave",
            get("draft").slot_id,
            {"version": "3", "flag-colour": "red", "flag-text": NUL, "flag-intent": "concern"},
        ),
    ),
    "a draft note's story": (
        "interviewer",
        lambda get: (
            "loops:note-autosave",
            get("draft").slot_id,
            {"version": "3", "story-title": NUL}
            | {f"story-{part}": "x" for part in ("setup", "actions", "outcome", "conclusion")},
        ),
    ),
    "an amendment": (
        "interviewer",
        lambda get: ("loops:note-amend", get("submitted").slot_id, {"text": NUL}),
    ),
    "a resolution's note": (
        "hiring_manager",
        lambda get: (
            "loops:debrief-resolve",
            get("debrief").loop_id,
            {"key": _first_item(get("debrief"), Step.INFORMATION_QUALITY), "note": NUL},
        ),
    ),
    "a need of the role stated in the room": (
        "hiring_manager",
        lambda get: (
            "loops:debrief-role",
            get("debrief").loop_id,
            {**ONE_NEED, "need-0-name": NUL},
        ),
    ),
    "the role's statement": (
        "hiring_manager",
        lambda get: (
            "loops:debrief-role",
            get("debrief").loop_id,
            {**ONE_NEED, "need-0-name": "Reliability", "statement": NUL},
        ),
    ),
    "a second vote's why I moved": (
        "interviewer",
        lambda get: (
            "loops:debrief-vote",
            _at_step(get, Step.REASSESSMENT).loop_id,
            {"vote": "yes", "why_moved": NUL},
        ),
    ),
    "the need a strong no ties to": (
        "interviewer",
        lambda get: (
            "loops:debrief-vote",
            _at_step(get, Step.REASSESSMENT).loop_id,
            {"vote": "strong_no", "tie_choice": "other", "tied_to_other": NUL},
        ),
    ),
    "a decision's rationale": (
        "hiring_manager",
        lambda get: (
            "loops:debrief-decide",
            get("revealed").loop_id,
            {"decision": "no_hire", "rationale": NUL, "confirm": "on"},
        ),
    ),
    "why a decision goes against the guidance": (
        "hiring_manager",
        lambda get: (
            "loops:debrief-decide",
            get("revealed").loop_id,
            {
                "decision": "hire",
                "rationale": "Agreed",
                "against_guidance_reason": NUL,
                "confirm": "on",
            },
        ),
    ),
}


@pytest.mark.parametrize("case", NUL_POSTS)
def test_a_nul_byte_in_free_text_is_refused_with_a_reason_not_a_server_error(
    case, request, client_for, ready_loop
):
    """Found by the fuzzing above: PostgreSQL refuses NUL in text and in jsonb, so these
    raised DataError (a 500) instead of answering."""
    agenda_rules.add_item(ready_loop, "Ask about the migration", by=ready_loop.role.hiring_manager)
    who, build = NUL_POSTS[case]
    name, pk, post = build(request.getfixturevalue)
    client = client_for(request.getfixturevalue(who))
    with rolled_back():
        says_why(client.post(reverse(name, args=[pk]), post))


def test_a_people_csv_with_a_nul_byte_in_a_name_is_refused_whole(manager):
    content = b"name,email,function\nAda\x00Lovelace,ada@import.example,sales\n"
    upload = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    response = manager.post(reverse("loops:people-import"), {"file": upload})
    assert response.status_code == 422
    assert "Nothing was imported" in response.text
    assert not Person.objects.filter(email="ada@import.example").exists()


@pytest.mark.parametrize(
    ("name", "field"), [("loops:people-search", "slot-interviewer"), ("loops:closeness", "q")]
)
def test_a_nul_byte_in_a_search_is_not_a_server_error(name, field, manager, role):
    url = reverse(name, args=[role.pk] if name == "loops:closeness" else [])
    assert manager.get(url, {field: f"per{NUL}son"}).status_code == 200


def test_swapping_in_a_person_id_that_is_not_a_number_is_a_404_not_a_server_error(manager, slot):
    for person in ("abc", ""):
        response = manager.post(reverse("loops:slot-swap", args=[slot.pk]), {"person": person})
        assert response.status_code == 404


def test_reports_up_to_the_last_day_of_the_calendar_are_not_a_server_error(manager):
    for name in ("loops:role-report", "loops:calibration"):
        assert manager.get(reverse(name), {"end": "9999-12-31"}).status_code < 500


def test_a_refused_preread_change_under_htmx_says_why_in_the_answer(manager, htmx, ready_loop):
    url = reverse("loops:preread-change", args=[ready_loop.pk])
    response = manager.post(url, {"action": "add", "text": "   "}, headers=htmx)
    assert response.status_code == 422 or "Say what to do with the pre-read" in response.text


def test_dismissing_a_key_that_is_not_on_the_agenda_adds_no_empty_item_to_it(manager, loop):
    """The key comes from the form: one not on the agenda was written down as dismissed,
    and restoring it put an empty hand-made item on the debrief's agenda."""
    url = reverse("loops:preread-change", args=[loop.pk])
    manager.post(url, {"action": "dismiss", "key": "hand:nothing", "reason": "Settled"})
    manager.post(url, {"action": "restore", "key": "hand:nothing"})
    agenda = agenda_rules.agenda_for(loop)
    assert [item.message for item in agenda.items + agenda.dismissed if item.by_hand] == []


def test_a_refused_sign_in_shows_why_even_for_a_field_error(client, hiring_manager):
    response = client.post(
        reverse("login"), {"username": "m" * 300 + "@example.com", "password": "x"}
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
