from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from loops.models import Amendment, Note
from tests.factories import SlotFactory

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


@pytest.fixture
def slot(loop, interviewer):
    ended = timezone.now() - timedelta(hours=2)
    focus = list(loop.role.focus_competencies.all())
    return SlotFactory(
        loop=loop,
        interviewer=interviewer,
        round_type="coding",
        starts_at=ended - timedelta(minutes=45),
        ends_at=ended,
        focus=focus[:1],
    )


def _draft(version, **fields):
    return {"version": version, **fields}


def _flag(colour, text, intent):
    return {"flag-colour": [colour], "flag-text": [text], "flag-intent": [intent]}


def _autosave(client, slot, data, **kwargs):
    return client.post(reverse("loops:note-autosave", args=[slot.pk]), data, headers=JSON, **kwargs)


def test_a_draft_saves_as_the_interviewer_types(client_for, slot):
    client = client_for(slot.interviewer)
    client.get(reverse("loops:note", args=[slot.pk]))
    focus = slot.focus.get()
    response = _autosave(
        client,
        slot,
        _draft(
            0,
            text="Strong on the ledger design.",
            signal=["Talked through trade-offs"],
            **{f"rating-focus:{focus.pk}": "yes", "rating-dimension:ownership": "no_signal"},
            **{"flag-colour": ["yellow"], "flag-text": ["Vague on testing"], "flag-intent": [""]},
            **{
                "story-title": ["The payments outage"],
                "story-setup": ["Black Friday"],
                "story-actions": ["Rolled back"],
                "story-outcome": ["Back in 20 minutes"],
                "story-conclusion": ["Calm under pressure"],
            },
        ),
    )
    assert response.status_code == 200
    assert response.json()["version"] == 1
    note = Note.objects.get(slot=slot)
    assert note.text == "Strong on the ledger design."
    assert note.ratings == {f"focus:{focus.pk}": "yes", "dimension:ownership": "no_signal"}
    assert note.signals == ["Talked through trade-offs"]
    assert note.flags == [{"colour": "yellow", "text": "Vague on testing", "intent": ""}]
    assert note.stories[0]["title"] == "The payments outage"


def test_two_tabs_never_overwrite_each_other_silently(client_for, slot):
    client = client_for(slot.interviewer)
    assert _autosave(client, slot, _draft(0, text="From the first tab")).status_code == 200
    stale = _autosave(client, slot, _draft(0, text="From the second tab"))
    assert stale.status_code == 409
    assert "another tab" in stale.json()["error"]
    assert stale.json()["version"] == 1
    assert Note.objects.get(slot=slot).text == "From the first tab"


def test_a_note_of_several_megabytes_is_refused_and_the_draft_kept(client_for, slot):
    client = client_for(slot.interviewer)
    _autosave(client, slot, _draft(0, text="What I had"))
    huge = _autosave(client, slot, _draft(1, text="x" * (4 * 1024 * 1024)))
    assert huge.status_code == 413
    assert "shorten the note" in huge.json()["error"]
    assert Note.objects.get(slot=slot).text == "What I had"


def test_a_note_over_the_length_limit_says_how_long_it_may_be(client_for, slot):
    client = client_for(slot.interviewer)
    response = _autosave(client, slot, _draft(0, text="y" * 60_000))
    assert response.status_code == 422
    assert "the most a note holds is 50,000" in response.json()["error"]


def test_without_script_the_draft_saves_by_a_plain_post(client_for, slot):
    client = client_for(slot.interviewer)
    response = client.post(
        reverse("loops:note-autosave", args=[slot.pk]), _draft(0, text="No script here")
    )
    assert response.status_code == 302
    assert Note.objects.get(slot=slot).text == "No script here"


def test_the_initial_vote_locks_once_recorded(client_for, slot):
    client = client_for(slot.interviewer)
    client.post(reverse("loops:note-vote", args=[slot.pk]), {"vote": "yes"})
    response = client.post(
        reverse("loops:note-vote", args=[slot.pk]), {"vote": "strong_no"}, follow=True
    )
    assert "already recorded" in response.text
    note = Note.objects.get(slot=slot)
    assert (note.initial_vote, note.vote_locked) == ("yes", True)


def test_submitting_needs_the_initial_vote_and_each_flags_intent(client_for, slot):
    client = client_for(slot.interviewer)
    _autosave(
        client,
        slot,
        _draft(
            0, **{"flag-colour": ["red"], "flag-text": ["Blamed the team"], "flag-intent": [""]}
        ),
    )
    refused = client.post(reverse("loops:note-submit", args=[slot.pk]), follow=True)
    assert "Record your initial vote first." in refused.text
    assert "concern to discuss or noted for completeness: “Blamed the team”" in refused.text
    assert Note.objects.get(slot=slot).submitted_at is None

    client.post(reverse("loops:note-vote", args=[slot.pk]), {"vote": "no"})
    _autosave(
        client,
        slot,
        _draft(
            1,
            **{
                "flag-colour": ["red"],
                "flag-text": ["Blamed the team"],
                "flag-intent": ["concern"],
            },
        ),
    )
    done = client.post(reverse("loops:note-submit", args=[slot.pk]))
    assert done["Location"] == reverse("loops:loop-notes", args=[slot.loop_id])
    assert Note.objects.get(slot=slot).is_submitted


def test_a_submitted_note_is_locked_and_amendments_are_appended(client_for, slot):
    client = client_for(slot.interviewer)
    _autosave(client, slot, _draft(0, text="Original words"))
    client.post(reverse("loops:note-vote", args=[slot.pk]), {"vote": "yes"})
    client.post(reverse("loops:note-submit", args=[slot.pk]))
    late = _autosave(client, slot, _draft(1, text="Rewritten"))
    assert late.status_code == 409
    client.post(
        reverse("loops:note-amend", args=[slot.pk]), {"text": "Also: asked great questions."}
    )
    client.post(reverse("loops:note-amend", args=[slot.pk]), {"text": "And followed up by email."})
    note = Note.objects.get(slot=slot)
    assert note.text == "Original words"
    assert list(Amendment.objects.values_list("text", flat=True)) == [
        "Also: asked great questions.",
        "And followed up by email.",
    ]
    page = client.get(reverse("loops:note", args=[slot.pk]))
    assert "Also: asked great questions." in page.text


def _submitted_note(loop, text, vote="yes"):
    other = SlotFactory(loop=loop)
    Note.objects.create(
        slot=other,
        text=text,
        initial_vote=vote,
        initial_vote_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    return other


def test_no_anchoring_before_submitting(client_for, slot):
    other = _submitted_note(slot.loop, "SECRET-OPINION of the candidate", vote="strong_no")
    client = client_for(slot.interviewer)
    client.get(reverse("loops:note", args=[slot.pk]))
    urls = [
        reverse("loops:loop-notes", args=[slot.loop_id]),
        reverse("loops:note", args=[slot.pk]),
        reverse("loops:my-interviews"),
        reverse("loops:slot-kit", args=[slot.pk]),
        reverse("loops:notices"),
    ]
    for url in urls:
        page = client.get(url, follow=True)
        assert "SECRET-OPINION" not in page.text, url
    # The others' initial votes are not given away either: only that they were recorded.
    table = client.get(reverse("loops:loop-notes", args=[slot.loop_id])).text
    assert "Strong no" not in table
    assert "Recorded" in table
    assert client.get(reverse("loops:note", args=[other.pk])).status_code == 403
    assert "Submit <a" in client.get(reverse("loops:loop-notes", args=[slot.loop_id])).text


def test_after_submitting_the_interviewer_reads_the_others(client_for, slot):
    _submitted_note(slot.loop, "SECRET-OPINION of the candidate")
    client = client_for(slot.interviewer)
    client.post(reverse("loops:note-vote", args=[slot.pk]), {"vote": "yes"})
    client.post(reverse("loops:note-submit", args=[slot.pk]))
    page = client.get(reverse("loops:loop-notes", args=[slot.loop_id]))
    assert "SECRET-OPINION of the candidate" in page.text


def test_the_hiring_manager_reads_every_submitted_note(client_for, hiring_manager, slot):
    _submitted_note(slot.loop, "SECRET-OPINION of the candidate")
    page = client_for(hiring_manager).get(reverse("loops:loop-notes", args=[slot.loop_id]))
    assert "SECRET-OPINION of the candidate" in page.text
    assert "<strong>Missing</strong>" in page.text


def test_a_recruiter_sees_who_submitted_but_not_what(client_for, recruiter, slot):
    other = _submitted_note(slot.loop, "SECRET-OPINION of the candidate")
    page = client_for(recruiter).get(reverse("loops:loop-notes", args=[slot.loop_id]))
    assert other.interviewer.name in page.text
    assert "Submitted" in page.text
    assert "SECRET-OPINION" not in page.text


def test_markup_in_a_note_is_shown_as_text(client_for, hiring_manager, slot):
    _submitted_note(slot.loop, "<script>alert('x')</script><b>bold</b>")
    page = client_for(hiring_manager).get(reverse("loops:loop-notes", args=[slot.loop_id]))
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_my_interviews_shows_each_notes_status(client_for, slot):
    later = timezone.now() + timedelta(days=2)
    upcoming = SlotFactory(
        interviewer=slot.interviewer, starts_at=later, ends_at=later + timedelta(hours=1)
    )
    page = client_for(slot.interviewer).get(reverse("loops:my-interviews"))
    assert upcoming.loop.candidate.name in page.text
    assert "Not started" in page.text
    assert "Write the note" in page.text


def test_someone_with_no_part_gets_404_for_notes(client_for, outsider, slot):
    client = client_for(outsider)
    for name in ("loops:note", "loops:note-autosave", "loops:note-vote", "loops:note-submit"):
        method = client.get if name == "loops:note" else client.post
        assert method(reverse(name, args=[slot.pk])).status_code == 404, name
    assert client.get(reverse("loops:loop-notes", args=[slot.loop_id])).status_code == 404


def test_only_the_interviewer_writes_the_note(client_for, hiring_manager, slot):
    response = _autosave(client_for(hiring_manager), slot, _draft(0, text="Not mine to write"))
    assert response.status_code == 403
    assert not Note.objects.filter(slot=slot, text="Not mine to write").exists()


# What the draft form refuses ---------------------------------------------------------------


def test_a_flag_of_an_unknown_colour_is_refused_not_turned_yellow(client_for, slot):
    client = client_for(slot.interviewer)
    client.get(reverse("loops:note", args=[slot.pk]))
    response = _autosave(client, slot, _draft(0, **_flag("purple", "Vague", "concern")))
    assert response.status_code == 422
    assert "purple" in response.json()["error"]
    assert Note.objects.get(slot=slot).flags == []


def test_a_flag_missing_one_of_its_parts_is_refused_not_dropped(client_for, slot):
    client = client_for(slot.interviewer)
    client.get(reverse("loops:note", args=[slot.pk]))
    data = _draft(0, **{"flag-colour": ["red", "yellow"], "flag-text": ["A", "B"]})
    data["flag-intent"] = ["concern"]
    response = _autosave(client, slot, data)
    assert response.status_code == 422
    assert "Some flags arrived incomplete" in response.json()["error"]
    assert Note.objects.get(slot=slot).version == 0


def test_a_signal_the_round_does_not_offer_is_refused_not_dropped(client_for, slot):
    client = client_for(slot.interviewer)
    client.get(reverse("loops:note", args=[slot.pk]))
    response = _autosave(client, slot, _draft(0, signal=["Juggled"]))
    assert response.status_code == 422
    assert "Signals seen" in response.json()["error"]
    assert Note.objects.get(slot=slot).version == 0


def test_a_version_that_is_not_a_number_asks_for_a_reload(client_for, slot):
    client = client_for(slot.interviewer)
    client.get(reverse("loops:note", args=[slot.pk]))
    response = _autosave(client, slot, _draft("three", text="Hello"))
    assert response.status_code == 400
    assert response.json() == {"error": "Reload the page: the draft's version is missing."}
