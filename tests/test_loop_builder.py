import json
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from loops.models import Closeness, Loop, Notice, OrgSettings, Slot, Stage
from tests.factories import ClosenessFactory, LoopFactory, PersonFactory, SlotFactory

pytestmark = pytest.mark.django_db


def _slot_data(person, **overrides):
    data = {
        "slot-interviewer": person.email,
        "slot-closeness": "",
        "slot-round_type": "coding",
        "slot-starts_at": "",
        "slot-ends_at": "",
    }
    return data | overrides


def test_adding_a_candidate_opens_a_draft_loop(client_for, hiring_manager, role):
    response = client_for(hiring_manager).post(
        reverse("loops:candidate-new", args=[role.pk]),
        {
            "name": "Casey Candidate",
            "email": "casey@example.net",
            "links": "https://example.net/cv\n",
            "recruiter_screen": "passed",
            "technical_screen": "mixed",
        },
    )
    loop = Loop.objects.get(candidate__name="Casey Candidate")
    assert response["Location"] == loop.get_absolute_url()
    assert loop.state == Loop.State.DRAFT
    assert loop.role == role
    assert sorted(Stage.objects.values_list("kind", "outcome")) == [
        ("recruiter_screen", "passed"),
        ("technical_screen", "mixed"),
    ]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "//evil.example/cv",
        "ftp://example.net/cv",
    ],
)
def test_a_candidate_link_that_is_not_a_web_address_is_refused_with_the_reason(
    client_for, hiring_manager, role, link
):
    response = client_for(hiring_manager).post(
        reverse("loops:candidate-new", args=[role.pk]),
        {"name": "Casey Candidate", "links": f"https://example.net/cv\n{link}"},
    )
    assert response.status_code == 422
    assert "Line 2," in response.text
    assert "is not a web address: each link starts with http:// or https://." in response.text
    assert not Loop.objects.filter(candidate__name="Casey Candidate").exists()


def test_a_stored_link_that_is_not_a_web_address_shows_as_text_only(
    client_for, hiring_manager, loop
):
    loop.candidate.links = "https://example.net/cv\njavascript:alert(1)"
    loop.candidate.save()
    page = client_for(hiring_manager).get(loop.get_absolute_url()).text
    assert '<a href="https://example.net/cv"' in page
    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in page


def test_the_loop_page_shows_coverage_warnings_for_an_empty_loop(client_for, hiring_manager, loop):
    page = client_for(hiring_manager).get(loop.get_absolute_url())
    assert page.status_code == 200
    assert "0 slots is too few to judge fairly" in page.text
    assert "Nobody probes “Working with sales”" in page.text


def test_a_slot_takes_its_closeness_from_the_roles_grid(client_for, hiring_manager, loop, htmx):
    tom = PersonFactory(name="Tom Daily")
    ClosenessFactory(role=loop.role, person=tom, level="daily")
    response = client_for(hiring_manager).post(
        reverse("loops:slot-add", args=[loop.pk]), _slot_data(tom), headers=htmx
    )
    assert response.status_code == 200
    assert "loop-changed" in json.loads(response["HX-Trigger"])
    assert "Tom Daily" in response.text
    assert Slot.objects.get(loop=loop).closeness == "daily"


def test_the_interviewer_can_be_typed_as_their_name(client_for, hiring_manager, loop):
    PersonFactory(name="Unique Name")
    response = client_for(hiring_manager).post(
        reverse("loops:slot-add", args=[loop.pk]),
        {"slot-interviewer": "unique name", "slot-round_type": "behavioural"},
    )
    assert response.status_code == 302
    assert loop.slots.get().interviewer.name == "Unique Name"


def test_a_rejected_slot_keeps_what_was_typed_and_says_why(client_for, hiring_manager, loop):
    person = PersonFactory()
    response = client_for(hiring_manager).post(
        reverse("loops:slot-add", args=[loop.pk]),
        _slot_data(
            person,
            **{
                "slot-round_type": "",
                "slot-starts_at": "2026-12-01T10:00",
                "slot-ends_at": "2026-12-01T09:00",
            },
        ),
    )
    assert response.status_code == 422
    assert "The end must come after the start." in response.text
    assert "This field is required." in response.text
    assert f'value="{person.email}"' in response.text
    assert 'value="2026-12-01T10:00"' in response.text
    assert not loop.slots.exists()


def test_an_unknown_interviewer_is_refused_by_name(client_for, hiring_manager, loop):
    response = client_for(hiring_manager).post(
        reverse("loops:slot-add", args=[loop.pk]),
        {"slot-interviewer": "Nobody Atall", "slot-round_type": "coding"},
    )
    assert response.status_code == 422
    assert "Nobody in the directory matches “Nobody Atall”" in response.text


def test_one_person_cannot_hold_two_slots(client_for, hiring_manager, loop):
    slot = SlotFactory(loop=loop)
    response = client_for(hiring_manager).post(
        reverse("loops:slot-add", args=[loop.pk]), _slot_data(slot.interviewer)
    )
    assert response.status_code == 422
    assert f"{slot.interviewer.name} already holds a slot on this loop." in response.text
    assert loop.slots.count() == 1


def test_warnings_clear_as_a_sound_loop_is_built(client_for, hiring_manager, loop, htmx):
    focus = list(loop.role.focus_competencies.all())
    spot = loop.role.weak_spots.get()
    sales = PersonFactory(function="sales")
    people = [PersonFactory() for _ in range(3)] + [PersonFactory(), sales]
    for person, level in zip(people, ["daily", "daily", "weekly", "less", "less"], strict=True):
        Closeness.objects.create(role=loop.role, person=person, level=level)
    client = client_for(hiring_manager)
    for person in people:
        client.post(
            reverse("loops:slot-add", args=[loop.pk]),
            _slot_data(person) | {"slot-focus": [f.pk for f in focus]},
        )
    client.post(
        reverse("loops:slot-add", args=[loop.pk]),
        _slot_data(PersonFactory()) | {"slot-closeness": "weekly"},
    )
    Slot.objects.get(interviewer=sales).weak_spots.add(spot)
    panel = client.get(reverse("loops:loop-coverage", args=[loop.pk]), headers=htmx)
    assert "This loop covers what Senior Backend Engineer needs." in panel.text
    assert "<html" not in panel.text


def test_removing_and_reordering_slots(client_for, hiring_manager, loop):
    first, second = SlotFactory(loop=loop, order=0), SlotFactory(loop=loop, order=1)
    client = client_for(hiring_manager)
    client.post(reverse("loops:slot-move", args=[second.pk]), {"direction": "up"})
    assert list(loop.slots.values_list("pk", flat=True)) == [second.pk, first.pk]
    client.post(reverse("loops:slot-delete", args=[first.pk]))
    assert list(loop.slots.values_list("pk", flat=True)) == [second.pk]


def test_a_heavily_loaded_interviewer_gets_lighter_alternatives(client_for, hiring_manager, loop):
    busy = PersonFactory(name="Busy Bee", function="engineering")
    light = PersonFactory(name="Light Load", function="engineering")
    for person in (busy, light):
        ClosenessFactory(role=loop.role, person=person, level="daily")
    soon = timezone.now() + timedelta(days=2)
    for _ in range(5):
        SlotFactory(interviewer=busy, starts_at=soon, ends_at=soon + timedelta(minutes=45))
    slot = SlotFactory(loop=loop, interviewer=busy, closeness="daily")
    client = client_for(hiring_manager)
    page = client.get(loop.get_absolute_url())
    assert "Busy Bee has 5 slots in 30 days, more than 4." in page.text
    assert "Swap in Light Load (0 in 30 days)" in page.text
    client.post(reverse("loops:slot-swap", args=[slot.pk]), {"person": light.pk})
    slot.refresh_from_db()
    assert slot.interviewer == light


def _double_booked(loop, other):
    """The same person in ``other`` at 14:30 on 1 Dec and in ``loop`` half an hour later."""
    person = PersonFactory(name="Double Booked")
    start = timezone.make_aware(datetime(timezone.now().year + 1, 12, 1, 14, 30))
    SlotFactory(loop=other, interviewer=person, starts_at=start, ends_at=start + timedelta(hours=1))
    SlotFactory(
        loop=loop,
        interviewer=person,
        starts_at=start + timedelta(minutes=30),
        ends_at=start + timedelta(minutes=90),
    )


def test_a_double_booking_in_another_roles_loop_keeps_its_candidate_to_itself(
    client_for, hiring_manager, loop
):
    _double_booked(loop, LoopFactory(candidate__name="Other Candidate"))
    page = client_for(hiring_manager).get(loop.get_absolute_url())
    assert "Double Booked is already interviewing at 14:30 on 1 Dec" in page.text
    assert "Other Candidate" not in page.text


def test_a_double_booking_names_the_candidate_of_a_loop_the_viewer_sees(
    client_for, hiring_manager, loop
):
    _double_booked(loop, LoopFactory(candidate__name="Other Candidate", candidate__role=loop.role))
    page = client_for(hiring_manager).get(loop.get_absolute_url())
    assert "Double Booked is already interviewing Other Candidate at 14:30 on 1 Dec" in page.text


def test_suggest_a_loop_explains_each_pick_and_adds_them(client_for, hiring_manager, loop, htmx):
    for index, level in enumerate(["daily", "daily", "daily", "weekly", "less", "less"]):
        person = PersonFactory(
            name=f"Person {index}", function="sales" if index == 5 else "engineering"
        )
        ClosenessFactory(role=loop.role, person=person, level=level)
    PersonFactory(name="Senior Leader", is_senior_leader=True, function="leadership")
    client = client_for(hiring_manager)
    panel = client.get(reverse("loops:loop-suggest", args=[loop.pk]), headers=htmx)
    assert "works with the role daily" in panel.text.lower()
    assert "to judge “Working with sales”" in panel.text
    assert "Hiring manager" not in panel.text
    response = client.post(reverse("loops:loop-suggest-apply", args=[loop.pk]), headers=htmx)
    assert response.status_code == 200
    assert loop.slots.count() >= 5
    assert hiring_manager.pk not in set(loop.slots.values_list("interviewer", flat=True))
    assert all(slot.starts_at and slot.ends_at for slot in loop.slots.all())


def test_taking_one_pick_of_the_suggestion(client_for, hiring_manager, loop):
    person = PersonFactory(name="Only Pick")
    ClosenessFactory(role=loop.role, person=person, level="daily")
    client_for(hiring_manager).post(
        reverse("loops:loop-suggest-apply", args=[loop.pk]), {"person": person.pk}
    )
    assert list(loop.slots.values_list("interviewer__name", flat=True)) == ["Only Pick"]


def test_scheduling_needs_a_time_on_every_slot(client_for, hiring_manager, loop):
    SlotFactory(loop=loop, interviewer__name="No Time")
    response = client_for(hiring_manager).post(
        reverse("loops:loop-move", args=[loop.pk]), {"action": "scheduled"}, follow=True
    )
    assert "Give every slot a time first: No Time has none." in response.text
    loop.refresh_from_db()
    assert loop.state == Loop.State.DRAFT


@pytest.mark.django_db(transaction=True)
def test_scheduling_sends_each_interviewer_an_invite_with_their_kit(
    client_for, hiring_manager, loop, celery_worker, wait_for
):
    start = timezone.now() + timedelta(days=1)
    focus = loop.role.focus_competencies.first()
    slot = SlotFactory(
        loop=loop,
        interviewer__email="kit@example.com",
        round_type="system_design",
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        focus=[focus],
    )
    client_for(hiring_manager).post(
        reverse("loops:loop-move", args=[loop.pk]), {"action": "scheduled"}
    )
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no invite"
    loop.refresh_from_db()
    assert loop.state == Loop.State.SCHEDULED
    (email,) = mail.outbox
    assert email.to == ["kit@example.com"]
    assert "Distributed systems, because the ledger is global (you probe this)" in email.body
    assert "Found bottlenecks and failure modes" in email.body
    (_, ics, mimetype) = email.attachments[0]
    assert mimetype.startswith("text/calendar")
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VEVENT" in ics
    assert f"slot-{slot.pk}@debrief" in ics
    notice = Notice.objects.get(recipient=slot.interviewer)
    assert "You are interviewing Casey Candidate" in notice.text
    slot.refresh_from_db()
    assert slot.invited_at is not None


def test_an_invite_goes_out_once(loop):
    from loops.services.invites import send_invite

    start = timezone.now() + timedelta(days=1)
    slot = SlotFactory(loop=loop, starts_at=start, ends_at=start + timedelta(minutes=45))
    assert send_invite(slot.pk) is True
    assert send_invite(slot.pk) is False
    assert len(mail.outbox) == 1


def test_the_interviewer_reads_their_kit_but_not_the_builder(client_for, loop):
    slot = SlotFactory(loop=loop, round_type="behavioural")
    client = client_for(slot.interviewer)
    kit = client.get(reverse("loops:slot-kit", args=[slot.pk]))
    assert kit.status_code == 200
    assert "Concrete stories with impact and learning" in kit.text
    assert client.get(loop.get_absolute_url()).status_code == 403
    assert client.post(reverse("loops:slot-add", args=[loop.pk]), {}).status_code == 403


def test_another_interviewers_kit_is_forbidden(client_for, loop):
    mine, theirs = SlotFactory(loop=loop), SlotFactory(loop=loop)
    response = client_for(mine.interviewer).get(reverse("loops:slot-kit", args=[theirs.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name",
    ["loops:loop-detail", "loops:loop-coverage", "loops:loop-suggest"],
)
def test_someone_with_no_part_in_the_loop_gets_404(client_for, outsider, loop, name):
    assert client_for(outsider).get(reverse(name, args=[loop.pk])).status_code == 404


def test_someone_with_no_part_gets_404_for_a_slot(client_for, outsider, loop):
    slot = SlotFactory(loop=loop)
    client = client_for(outsider)
    assert client.get(reverse("loops:slot-kit", args=[slot.pk])).status_code == 404
    assert client.post(reverse("loops:slot-delete", args=[slot.pk])).status_code == 404
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_a_recruiter_of_the_role_builds_its_loops(client_for, recruiter, loop):
    person = PersonFactory()
    response = client_for(recruiter).post(
        reverse("loops:slot-add", args=[loop.pk]), _slot_data(person)
    )
    assert response.status_code == 302
    assert loop.slots.count() == 1


def test_a_cancelled_loop_cannot_change(client_for, hiring_manager, loop):
    client = client_for(hiring_manager)
    client.post(reverse("loops:loop-move", args=[loop.pk]), {"action": "cancelled"})
    loop.refresh_from_db()
    assert loop.state == Loop.State.CANCELLED
    response = client.post(
        reverse("loops:loop-move", args=[loop.pk]), {"action": "draft"}, follow=True
    )
    assert "A cancelled loop cannot become draft." in response.text
    client.post(reverse("loops:slot-add", args=[loop.pk]), _slot_data(PersonFactory()))
    assert not loop.slots.exists()


def _loop_with_slots(loop, count):
    for _ in range(count):
        SlotFactory(loop=loop, focus=list(loop.role.focus_competencies.all()))
    return loop


@pytest.mark.parametrize("name", ["loops:loop-detail", "loops:loop-coverage"])
def test_the_loop_page_costs_the_same_queries_for_4_and_8_slots(
    client_for, hiring_manager, role, name, django_assert_max_num_queries
):
    client = client_for(hiring_manager)
    OrgSettings.load()  # made on first use; not part of what a page costs
    counts = []
    for size in (4, 8):
        loop = _loop_with_slots(LoopFactory(candidate__role=role), size)
        with django_assert_max_num_queries(60) as captured:
            assert client.get(reverse(name, args=[loop.pk])).status_code == 200
        counts.append([q["sql"] for q in captured.captured_queries])
    assert len(counts[0]) == len(counts[1]), "\n".join(counts[1])


def test_moving_a_scheduled_slot_sends_an_updated_invite(
    client_for, hiring_manager, loop, django_capture_on_commit_callbacks
):
    start = timezone.now() + timedelta(days=2)
    slot = SlotFactory(loop=loop, starts_at=start, ends_at=start + timedelta(minutes=45))
    Slot.objects.filter(pk=slot.pk).update(invited_at=timezone.now())
    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.SCHEDULED)
    later = timezone.localtime(start + timedelta(hours=2))
    with django_capture_on_commit_callbacks() as queued:
        response = client_for(hiring_manager).post(
            reverse("loops:slot-edit", args=[slot.pk]),
            _slot_data(
                slot.interviewer,
                **{
                    "slot-starts_at": later.strftime("%Y-%m-%dT%H:%M"),
                    "slot-ends_at": (later + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"),
                },
            ),
        )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.invited_at is None
    assert slot.invite_sequence == 1
    assert len(queued) == 1


def test_the_edit_page_shows_the_slot_as_it_is(client_for, hiring_manager, loop):
    slot = SlotFactory(loop=loop, interviewer__email="edit.me@example.com", round_type="values")
    page = client_for(hiring_manager).get(reverse("loops:slot-edit", args=[slot.pk]))
    assert 'value="edit.me@example.com"' in page.text
    assert '<option value="values" selected>' in page.text
