"""Every form of the app, fuzzed with hypothesis: arbitrary unicode (NUL bytes, RTL marks,
emoji, 100k-character strings), huge and negative numbers, missing, repeated and unasked
fields, stale versions, unknown choices and malformed dates, posted by the person allowed
to post them, as a plain form and as htmx.

For every example: no server error (the test client re-raises a view's exception, so one
fails the test with its traceback); a refusal says why in words (a 4xx with an error in
the body, a JSON error, or a redirect with an error message); a refused write leaves the
rows it would have touched as they were; an accepted one stores what was posted.

Each example runs in a savepoint rolled back afterwards, so every example starts from the
same rows. Then: pages that show what people typed escape it, and so do the emails.
"""

import csv
import io
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import ERROR, get_messages
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from loops.debrief import actions, panels, seats
from loops.forms.settings import OrgSettingsForm
from loops.models import (
    DIMENSIONS,
    AgendaEntry,
    Amendment,
    Archetype,
    Candidate,
    CloseLevel,
    Closeness,
    Debrief,
    FlagColour,
    FlagIntent,
    FocusCompetency,
    Function,
    JobFamily,
    Loop,
    Note,
    Notice,
    OrgSettings,
    Participant,
    Person,
    Reminder,
    Resolution,
    Role,
    RoundType,
    SecondVote,
    SignalGap,
    Slot,
    Stage,
    Step,
    Take,
    Vote,
    VoteShift,
    WeakSpot,
)
from loops.models.debriefs import Decision
from loops.rules.kit import signals_for
from loops.services import agenda as agenda_rules
from tests.factories import (
    PASSWORD,
    FocusCompetencyFactory,
    LoopFactory,
    NoteFactory,
    PersonFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=12,
    deadline=None,
    # No "explain" phase: it reruns a failure many times to list lines, slow with a database.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(FUZZ, max_examples=6)

# --- what gets posted ---------------------------------------------------------------------

NASTY = [
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "🙂👩‍👩‍👧",
    "\ufeff",
    "<script>alert(1)</script>",
    '"onmouseover="alert(1)',
    "=cmd|' /C calc'!A0",
    "' OR 1=1 --",
    "{{ 7|add:7 }}{% csrf_token %}",
    "\r\nBcc: someone@example.com",
    "   ",
    "\t\n",
    "None",
    "NaN",
    "%00",
    "..\\..\\etc/passwd",
    "ǅİﬁ",
]
# ~100k characters once, multibyte and direction marks included.
HUGE = st.sampled_from([151, 301, 501, 1_001, 5_001, 50_001, 100_000]).flatmap(
    lambda size: st.sampled_from("x🙂\u202e ").map(lambda char: char * size)
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(NASTY),
    HUGE,
    st.text(max_size=8).map(lambda text: f"{text}\x00{text}"),
)
NUMBER = st.one_of(
    st.integers(-(2**80), 2**80).map(str),
    st.sampled_from(
        [
            *("0", "-1", "2147483648", "9223372036854775808", "1" + "0" * 40, "1e309", "-0"),
            *("inf", "7.5", "7.0", " 7 ", "1_000", "\u0663", "\uff11\uff12", "0x10", "9" * 5000),
        ]
    ),
)
DATETIME = st.one_of(
    st.sampled_from(
        [
            *("2031-03-04T10:00", "2031-03-04 10:00", "2031-13-45T25:61", "9999-12-31T23:59"),
            *("0001-01-01T00:00", "10000-01-01T00:00", "2031-02-30T10:00", "2031-03-04"),
            *("2031-03-04T10:00:00+14:00", "yesterday", "1970-01-01T00:00", ""),
        ]
    ),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
)
JUNK = st.one_of(TEXT, NUMBER, DATETIME)
HOW = st.fixed_dictionaries({"htmx": st.booleans(), "urlencoded": st.booleans()})


@dataclass(frozen=True)
class Field:
    """What a field may hold: ``valid`` values, and the ``junk`` a fuzzer sends instead."""

    valid: st.SearchStrategy
    junk: st.SearchStrategy = JUNK


def field(*valid, also: st.SearchStrategy | None = None) -> Field:
    """A field with a choice of ``valid`` values (and, with ``also``, more of them)."""
    values = st.sampled_from([str(value) for value in valid])
    return Field(values if also is None else st.one_of(values, also))


def prose(*examples) -> Field:
    """A field of free text: valid is any text, hostile unicode and huge strings included."""
    return field(*examples, also=TEXT)


@st.composite
def form(draw, fields: dict) -> dict:
    """A form post. A share of the fields (none, some or all) holds junk instead of a valid
    value; each field is given once, repeated (a list: a QueryDict with several values),
    or left out; and there may be fields nobody asked for."""
    junk_tenths = draw(st.sampled_from([0, 0, 1, 3, 10]))
    data = {}
    for name, spec in fields.items():
        values = spec
        if isinstance(spec, Field):
            values = spec.junk if draw(st.integers(0, 9)) < junk_tenths else spec.valid
        how = draw(st.sampled_from(["once"] * 6 + ["repeated", "missing"]))
        if how == "once":
            data[name] = draw(values)
        elif how == "repeated":
            data[name] = draw(st.lists(values, min_size=2, max_size=3))
    extra = draw(st.dictionaries(st.from_regex(r"\A[a-z_\-\[\]0-9]{1,12}\Z"), JUNK, max_size=2))
    for name, value in extra.items():
        data.setdefault(name, value)
    return data


def last(data: dict, name: str, default: str = "") -> str:
    """What a view's ``request.POST.get(name)`` reads: the last of repeated values."""
    value = data.get(name, default)
    return (value[-1] if value else default) if isinstance(value, list) else value


def every(data: dict, name: str) -> list[str]:
    """What ``request.POST.getlist(name)`` reads."""
    value = data.get(name, [])
    return value if isinstance(value, list) else [value]


# --- posting and reading the answer -----------------------------------------------------


def send(client, url: str, data: dict, how: dict, htmx: dict, **headers):
    """POST ``data`` as a browser form (multipart or urlencoded), with htmx's headers or
    without; no message of an earlier example is carried along."""
    client.cookies.pop("messages", None)
    if how["htmx"]:
        headers = {**htmx, **headers}
    if how["urlencoded"]:
        body = urlencode(data, doseq=True)
        return client.post(
            url, body, content_type="application/x-www-form-urlencoded", headers=headers
        )
    return client.post(url, data, headers=headers)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


@dataclass
class Answer:
    refused: bool
    words: str
    body: str
    errors: list[str]


def answer(response) -> Answer:
    """Whether the post was refused, and the words that say so (or what was done)."""
    status = response.status_code
    assert status < 500, f"server error {status}"
    said = list(get_messages(response.wsgi_request))
    errors = [str(message) for message in said if message.level >= ERROR]
    body = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        error = json.loads(body).get("error", "")
        return Answer(status >= 400, error, body, [error] if error else [])
    if status in (301, 302, 303):
        return Answer(bool(errors), " ".join(errors or map(str, said)), body, errors)
    if status >= 400:
        return Answer(True, visible(body), body, errors)
    # A 2xx with an error queued: refused, and the answer must show it (htmx swaps this
    # body in; the queued message would only appear on some later full page).
    return Answer(bool(errors), " ".join(errors), body, errors)


def says_why(response) -> Answer:
    """The answer, checked: a refusal says why, in words, and is no stack trace."""
    result = answer(response)
    if result.refused:
        assert len(re.findall(r"[^\W\d_]{3,}", result.words)) >= 2, (
            f"refused ({response.status_code}) without saying why: {result.words[:200]!r}"
        )
        assert "Traceback" not in result.body
        if response.status_code == 422 and "json" not in response.get("Content-Type", ""):
            assert re.search(r'role="alert"|class="errorlist|class="finding error', result.body)
        if 200 <= response.status_code < 300:
            shown = visible(result.body)
            for reason in result.errors:
                assert " ".join(reason.split()) in shown, (
                    f"refused with {response.status_code}, but the answer does not say why "
                    f"(the reason waits for some later page): {reason!r}"
                )
    return result


def refused_for_a_nul(response, post) -> bool:
    """Whether the answer is the refusal every form gives a NUL character, with its reason."""
    if response.status_code != 400:
        return False
    assert any("\x00" in value for _, value in _pairs(post)), "a 400 without a NUL in the post"
    assert "NUL character" in response.text
    return True


def _pairs(post):
    items = post.lists() if hasattr(post, "lists") else post.items()
    for key, values in items:
        for value in values if isinstance(values, list | tuple) else [values]:
            yield key, str(value)


@contextmanager
def rolled_back():
    """One example: its writes are undone afterwards, so the next starts from the fixtures."""
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        cache.clear()  # OrgSettings and axes keep copies


def rows(queryset, *fields):
    return list(queryset.order_by("pk").values_list("pk", *fields))


# --- the cast's extras ----------------------------------------------------------------------


@pytest.fixture
def manager(client_for, hiring_manager):
    return client_for(hiring_manager)


@pytest.fixture
def dana(db):
    return PersonFactory(name="Dana Daily", email="dana@example.com", function=Function.SALES)


@pytest.fixture
def slot(loop, interviewer, role):
    """The interviewer's slot on the cast's draft loop, probing both focus competencies."""
    starts = timezone.now() - timedelta(hours=3)
    return SlotFactory(
        loop=loop,
        interviewer=interviewer,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        focus=list(role.focus_competencies.all()),
        weak_spots=list(role.weak_spots.all()),
    )


@pytest.fixture
def ready_loop(role, interviewer, dana):
    """Interviews done: Ivan says yes with a red flag, Dana says no, Nora's note is missing."""
    loop = LoopFactory(
        candidate__role=role, candidate__name="Robin Ready", state=Loop.State.INTERVIEWING
    )
    ended = timezone.now() - timedelta(hours=2)
    times = {"starts_at": ended - timedelta(hours=1), "ends_at": ended}
    NoteFactory(
        slot=SlotFactory(loop=loop, interviewer=interviewer, **times),
        initial_vote="yes",
        flags=[{"colour": "red", "text": "Blamed the team", "intent": "concern"}],
    )
    NoteFactory(slot=SlotFactory(loop=loop, interviewer=dana, **times), initial_vote="no")
    SlotFactory(loop=loop, interviewer__name="Nora Pending", **times)
    return loop


@pytest.fixture
def debrief(ready_loop, hiring_manager):
    return actions.start_debrief(ready_loop, by=hiring_manager)


@pytest.fixture
def revealed(debrief, hiring_manager, interviewer, dana):
    """Second votes in and revealed: Ivan a strong no tied to a need, Dana a yes."""
    actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)
    actions.cast_vote(debrief, interviewer, "strong_no", tie="other", tied_to="Failover")
    actions.cast_vote(debrief, dana, "yes", why_moved="Convinced")
    actions.reveal_votes(debrief, by=hiring_manager)
    return debrief


# --- people -------------------------------------------------------------------------------


def person_form(*emails) -> st.SearchStrategy:
    return form(
        {
            "name": prose("Ada Lovelace", "  Zoë Ørsted  ", "محمد"),
            "email": field(*emails, also=st.emails()),
            "function": field(*Function.values),
            "title": prose("Engineer"),
            "is_senior_leader": field("on", "true", "false"),
            "is_hiring_team": field("on"),
        }
    )


def _person_stored(post: dict, person: Person) -> None:
    assert person.name == last(post, "name").strip()
    assert person.title == last(post, "title").strip()
    assert person.function == last(post, "function")


@FUZZ
@given(data=st.data())
def test_fuzzed_new_people_are_stored_as_typed_or_refused_whole(data, manager, htmx):
    post, how = data.draw(person_form("maya@example.com")), data.draw(HOW)
    with rolled_back():
        before = rows(Person.objects)
        response = send(manager, reverse("loops:person-new"), post, how, htmx)
        if says_why(response).refused:
            assert rows(Person.objects) == before
        else:
            assert Person.objects.count() == len(before) + 1
            _person_stored(post, Person.objects.latest("pk"))


@FUZZ
@given(data=st.data())
def test_fuzzed_edits_of_a_person_are_stored_as_typed_or_change_nothing(
    data, manager, htmx, interviewer
):
    post, how = data.draw(person_form("maya@example.com", interviewer.email)), data.draw(HOW)
    fields = ("name", "email", "function", "title", "is_senior_leader", "is_hiring_team")
    with rolled_back():
        before = rows(Person.objects, *fields)
        url = reverse("loops:person-edit", args=[interviewer.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(Person.objects, *fields) == before
        else:
            interviewer.refresh_from_db()
            _person_stored(post, interviewer)


HOSTILE_CELL = st.one_of(
    st.sampled_from(["Ada\x00Lovelace", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1:A9)", "-2+3"]),
    st.sampled_from(['"unclosed', "", "\u202eevil", "x" * 151]),
    st.text(max_size=30),
    st.sampled_from(NASTY),
)
CSV_BYTES = st.one_of(
    st.sampled_from([b"\xff\xfe\xfd", b"caf\xe9", b"\x00", b"x" * 140_000, b"\xef\xbb\xbf"]),
    st.binary(max_size=20),
)


@st.composite
def csv_files(draw) -> bytes:
    """A directory CSV: a header that may lack columns; rows of valid cells where a share
    (none, some or all) is hostile (NUL, formulas, invalid UTF-8, a cell over the csv
    module's limit), quoted as a spreadsheet would or joined raw."""
    junk_tenths = draw(st.sampled_from([0, 1, 1, 3, 10]))

    def cell(*valid) -> bytes:
        if draw(st.integers(0, 9)) < junk_tenths:
            return draw(HOSTILE_CELL.map(str.encode) | CSV_BYTES)
        return draw(st.sampled_from(valid)).encode()

    header = draw(
        st.sampled_from(
            [
                *[b"name,email,function,title,senior_leader"] * 4,
                *(b" Name , EMAIL,Function", b"\xef\xbb\xbfname,email,function"),
                *(b"", b"name,email", b"email;name;function"),
            ]
        )
    )
    if draw(st.integers(0, 9)) < junk_tenths:
        header = draw(CSV_BYTES)
    lines = [header]
    for _ in range(draw(st.integers(0, 4))):
        local = draw(st.from_regex(r"[a-z]{1,6}", fullmatch=True))
        cells = [
            cell("Ada Lovelace", "  Zoë Ørsted ", "محمد"),
            cell(f"{local}@import.example"),
            cell(*Function.values, *Function.labels),
            cell("Engineer", ""),
            cell("yes", "no", ""),
        ][: draw(st.sampled_from([5, 5, 5, 3, 6, 0]))]
        if draw(st.booleans()):
            quoted = io.StringIO()
            csv.writer(quoted).writerow([value.decode("latin-1") for value in cells])
            lines.append(quoted.getvalue().rstrip("\r\n").encode("latin-1"))
        else:
            lines.append(b",".join(cells))
    return draw(st.sampled_from([b"\n", b"\r\n", b"\r"])).join(lines)


@FUZZ
@given(data=st.data())
def test_a_fuzzed_people_csv_imports_whole_or_nothing_with_the_reasons(data, manager, htmx):
    content, how = data.draw(csv_files()), data.draw(HOW)
    how["urlencoded"] = False  # a file goes as multipart
    post = {"file": SimpleUploadedFile("people.csv", content, content_type="text/csv")}
    if data.draw(st.integers(0, 4)) == 0:
        post = {"file": data.draw(TEXT)}  # a text field where the file should be
    with rolled_back():
        before = rows(Person.objects)
        response = send(manager, reverse("loops:people-import"), post, how, htmx)
        result = says_why(response)
        if result.refused:
            assert rows(Person.objects) == before
            assert "Nothing was imported" in result.words or "errorlist" in result.body
        else:
            imported = Person.objects.exclude(pk__in=[pk for (pk,) in before])
            count = int(re.search(r"Imported (\d+)", result.words).group(1))
            assert imported.count() == count > 0
            text = content.decode("utf-8-sig", errors="replace") + content.decode("latin-1")
            for person in imported:
                assert person.name in text and person.email.split("@")[0] in text.lower()


# --- roles ------------------------------------------------------------------------------------


def role_form(hiring_manager, recruiter) -> st.SearchStrategy:
    people = (hiring_manager.pk, recruiter.pk)
    return form(
        {
            "title": prose("Staff Engineer", "  Ingénieur·e  "),
            "team": prose("Payments"),
            "level": prose("L5"),
            "job_family": field(*JobFamily.values),
            "archetype": field(*Archetype.values),
            "is_senior_leadership": field("on"),
            "hiring_manager": field(*people),
            "recruiters": field(*people),
            "required_functions": field(*Function.values),
        }
    )


def role_rows():
    return (
        rows(Role.objects, "title", "team", "level", "job_family", "archetype", "hiring_manager"),
        rows(Role.objects, "required_functions", "is_senior_leadership"),
        rows(Role.recruiters.through.objects, "role_id", "person_id"),
    )


@FUZZ
@given(data=st.data())
def test_fuzzed_new_roles_are_stored_as_typed_or_refused_whole(
    data, manager, htmx, hiring_manager, recruiter
):
    post, how = data.draw(role_form(hiring_manager, recruiter)), data.draw(HOW)
    with rolled_back():
        before = role_rows()
        if says_why(send(manager, reverse("loops:role-new"), post, how, htmx)).refused:
            assert role_rows() == before
        else:
            assert Role.objects.latest("pk").title == last(post, "title").strip()


@FUZZ
@given(data=st.data())
def test_fuzzed_edits_of_a_role_are_stored_as_typed_or_change_nothing(
    data, manager, htmx, role, hiring_manager, recruiter
):
    post, how = data.draw(role_form(hiring_manager, recruiter)), data.draw(HOW)
    with rolled_back():
        before = role_rows()
        url = reverse("loops:role-edit", args=[role.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert role_rows() == before
        else:
            role.refresh_from_db()
            assert role.title == last(post, "title").strip()
            typed = every(post, "required_functions") if "required_functions" in post else []
            assert set(role.required_functions) == set(typed)


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["focus", "weak-spot"]))
def test_fuzzed_focus_competencies_and_weak_spots_are_added_as_typed_or_not_at_all(
    data, kind, manager, htmx, role
):
    second = {"focus": ("because", prose("the ledger is global")), "weak-spot": None}[kind]
    fields = {f"{kind}-name": prose("Latency", "Reliability", "Working with sales")}
    if second:
        fields[f"{kind}-{second[0]}"] = second[1]
    else:
        fields[f"{kind}-judged_by"] = field(*Function.values)
    post, how = data.draw(form(fields)), data.draw(HOW)
    model = FocusCompetency if kind == "focus" else WeakSpot
    with rolled_back():
        before = rows(model.objects, "name", "order")
        url = reverse(f"loops:{kind}-add", args=[role.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(model.objects, "name", "order") == before
        else:
            assert model.objects.latest("pk").name == last(post, f"{kind}-name").strip()


@FUZZ
@given(data=st.data())
def test_fuzzed_clicks_on_the_closeness_grid_set_what_they_say_or_nothing(
    data, manager, htmx, role, interviewer
):
    person = st.one_of(
        st.sampled_from([str(interviewer.pk), "0", "999999999999999999", "-1"]), NUMBER
    )
    level = st.one_of(st.sampled_from([*CloseLevel.values, ""]), TEXT)
    cell = st.one_of(st.tuples(person, level).map(":".join), JUNK)
    post, how = data.draw(form({"cell": cell, "q": TEXT})), data.draw(HOW)
    with rolled_back():
        before = rows(Closeness.objects, "person", "level")
        url = reverse("loops:closeness-set", args=[role.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(Closeness.objects, "person", "level") == before
        else:
            person_id, level = last(post, "cell").split(":")
            stored = Closeness.objects.filter(role=role, person_id=int(person_id))
            assert list(stored.values_list("level", flat=True)) == ([level] if level else [])


# --- loops --------------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_fuzzed_new_candidates_open_a_loop_as_typed_or_nothing_at_all(data, manager, htmx, role):
    outcomes = [*Stage.Outcome.values, ""]
    post = data.draw(
        form(
            {
                "name": prose("Casey Candidate", "  Łukasz Żółć  "),
                "email": field("casey@example.net", also=st.emails()),
                "links": prose("https://example.com/cv\nhttps://example.com/git"),
                "recruiter_screen": field(*outcomes),
                "technical_screen": field(*outcomes),
            }
        )
    )
    how = data.draw(HOW)

    def counts():
        return Candidate.objects.count(), Loop.objects.count(), Stage.objects.count()

    with rolled_back():
        before = counts()
        url = reverse("loops:candidate-new", args=[role.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert counts() == before
        else:
            candidate = Candidate.objects.latest("pk")
            assert candidate.name == last(post, "name").strip()
            assert candidate.loops.count() == 1
            stages = {kind: last(post, kind) for kind in ("recruiter_screen", "technical_screen")}
            assert {s.kind: s.outcome for s in candidate.stages.all()} == {
                kind: outcome for kind, outcome in stages.items() if outcome
            }


def slot_form(role, people) -> st.SearchStrategy:
    focus = [f.pk for f in role.focus_competencies.all()]
    weak = [w.pk for w in role.weak_spots.all()]
    named = [p.email for p in people] + [p.name for p in people]
    named += [f"{p.name} <{p.email.upper()}>" for p in people]
    return form(
        {
            "slot-interviewer": field(*named),
            "slot-closeness": field(*CloseLevel.values, ""),
            "slot-round_type": field(*RoundType.values),
            "slot-focus": field(*focus),
            "slot-weak_spots": field(*weak),
            "slot-starts_at": Field(DATETIME),
            "slot-ends_at": Field(DATETIME),
        }
    )


def slot_rows():
    return (
        rows(Slot.objects, "loop", "interviewer", "closeness", "round_type", "order"),
        rows(Slot.objects, "starts_at", "ends_at", "invited_at", "invite_sequence"),
        rows(Slot.focus.through.objects, "slot_id", "focuscompetency_id"),
        rows(Slot.weak_spots.through.objects, "slot_id", "weakspot_id"),
    )


@FUZZ
@given(data=st.data())
def test_fuzzed_new_slots_are_added_whole_or_not_at_all(
    data, manager, htmx, loop, role, interviewer, dana
):
    post, how = data.draw(slot_form(role, [interviewer, dana])), data.draw(HOW)
    with rolled_back():
        before = slot_rows()
        url = reverse("loops:slot-add", args=[loop.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert slot_rows() == before
        else:
            added = Slot.objects.latest("pk")
            assert added.loop == loop and added.interviewer in (interviewer, dana)
            assert added.round_type == last(post, "slot-round_type")


@FUZZ
@given(data=st.data())
def test_fuzzed_edits_of_a_slot_are_saved_whole_or_change_nothing(
    data, manager, htmx, slot, role, interviewer, dana
):
    post, how = data.draw(slot_form(role, [interviewer, dana])), data.draw(HOW)
    with rolled_back():
        before = slot_rows()
        url = reverse("loops:slot-edit", args=[slot.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert slot_rows() == before
        else:
            slot.refresh_from_db()
            assert slot.round_type == last(post, "slot-round_type")


@FUZZ
@given(data=st.data())
def test_fuzzed_swaps_of_a_slots_interviewer_swap_or_change_nothing(
    data, manager, htmx, slot, interviewer, dana
):
    person = field(dana.pk, interviewer.pk, 0, "999999999999999999")
    post, how = data.draw(form({"person": person})), data.draw(HOW)
    with rolled_back():
        before = slot_rows()
        url = reverse("loops:slot-swap", args=[slot.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert slot_rows() == before
        else:
            slot.refresh_from_db()
            assert slot.interviewer_id == int(last(post, "person"))


@FUZZ
@given(data=st.data())
def test_fuzzed_moves_of_a_loop_follow_its_states_or_change_nothing(data, manager, htmx, slot):
    loop = slot.loop
    post = data.draw(form({"action": field("scheduled", "draft", "interviewing", "cancelled")}))
    how = data.draw(HOW)
    with rolled_back():
        before = rows(Loop.objects, "state")
        url = reverse("loops:loop-move", args=[loop.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(Loop.objects, "state") == before
        else:
            loop.refresh_from_db()
            assert loop.state == last(post, "action")


# Posts with one small field or none: junk in the field, or in fields they ignore, must not
# break them.
SMALL_POSTS = {
    "slot-move": ("slot", {"direction": field("up", "down")}),
    "slot-delete": ("slot", {}),
    "focus-delete": ("focus", {}),
    "weak-spot-delete": ("weak_spot", {}),
    "loop-suggest-apply": ("loop", {"person": JUNK}),
    "note-submit": ("slot", {}),
    "debrief-reveal": ("loop_in_debrief", {}),
    "debrief-role-apply": ("loop_in_debrief", {}),
}


@pytest.mark.parametrize("name", SMALL_POSTS)
@FEW
@given(data=st.data())
def test_fuzzed_fields_on_small_posts_never_break_them(
    data, name, client_for, htmx, hiring_manager, interviewer, slot, role, debrief
):
    target, fields = SMALL_POSTS[name]
    focus, weak = role.focus_competencies.first(), role.weak_spots.first()
    args = {
        "slot": [slot.pk],
        "loop": [slot.loop_id],
        "loop_in_debrief": [debrief.loop_id],
        "focus": [role.pk, focus.pk],
        "weak_spot": [role.pk, weak.pk],
    }[target]
    client = client_for(interviewer if name.startswith("note-") else hiring_manager)
    post, how = data.draw(form(fields)), data.draw(HOW)
    with rolled_back():
        says_why(send(client, reverse(f"loops:{name}", args=args), post, how, htmx))


# --- notes -------------------------------------------------------------------------------------


def note_rows():
    fields = ("ratings", "signals", "flags", "stories", "text", "version", "initial_vote")
    return rows(Note.objects, *fields, "submitted_at")


@pytest.fixture
def draft(slot):
    """The interviewer's draft note, saved three times (the note page makes it on opening)."""
    return Note.objects.create(slot=slot, text="What I saw", version=3)


@FUZZ
@given(data=st.data())
def test_fuzzed_autosaves_save_the_draft_as_typed_or_nothing(data, client_for, htmx, slot, draft):
    """Also the JSON answer the autosaving script reads (Accept: application/json)."""
    client, note = client_for(slot.interviewer), draft
    ratings = {
        f"rating-focus:{focus.pk}": field(*Vote.values, "no_signal") for focus in slot.focus.all()
    }
    ratings |= {f"rating-dimension:{key}": field(*Vote.values) for key, _ in DIMENSIONS[:2]}
    story = {
        f"story-{name}": prose("Outage")
        for name in ("title", "setup", "actions", "outcome", "conclusion")
    }
    offered = [signal for group in signals_for(slot.round_type).values() for signal in group]
    post = data.draw(
        form(
            {
                "version": field(3, 3, 3, 2, 4),
                **ratings,
                "signal": field(*offered[:2]),
                "flag-colour": field(*FlagColour.values),
                "flag-text": prose("Interrupted a lot"),
                "flag-intent": field(*FlagIntent.values),
                **story,
                "text": TEXT,
            }
        )
    )
    how = data.draw(HOW)
    accept = data.draw(st.sampled_from(["application/json", "text/html"]))
    with rolled_back():
        before = note_rows()
        url = reverse("loops:note-autosave", args=[slot.pk])
        response = send(client, url, post, how, htmx, Accept=accept)
        if says_why(response).refused:
            assert note_rows() == before
        else:
            note.refresh_from_db()
            assert note.version == 4
            assert note.text == last(post, "text")
            parts = (every(post, f"flag-{part}") for part in ("colour", "text", "intent"))
            typed = zip(*parts, strict=False)
            assert [flag["text"] for flag in note.flags] == [
                text.strip() for _, text, intent in typed if text.strip() or intent
            ]


@FUZZ
@given(data=st.data())
def test_fuzzed_initial_votes_are_recorded_as_chosen_or_not_at_all(
    data, client_for, htmx, slot, draft
):
    client = client_for(slot.interviewer)
    post, how = data.draw(form({"vote": field(*Vote.values)})), data.draw(HOW)
    with rolled_back():
        before = note_rows()
        url = reverse("loops:note-vote", args=[slot.pk])
        if says_why(send(client, url, post, how, htmx)).refused:
            assert note_rows() == before
        else:
            assert Note.objects.get(slot=slot).initial_vote == last(post, "vote")


@pytest.fixture
def submitted(slot):
    return NoteFactory(slot=slot)


@FUZZ
@given(data=st.data())
def test_fuzzed_amendments_are_added_as_typed_or_not_at_all(
    data, client_for, htmx, slot, submitted
):
    client = client_for(slot.interviewer)
    post, how = (
        data.draw(form({"text": prose("I forgot: they asked good questions.")})),
        data.draw(HOW),
    )
    with rolled_back():
        before = rows(Amendment.objects, "text")
        url = reverse("loops:note-amend", args=[slot.pk])
        if says_why(send(client, url, post, how, htmx)).refused:
            assert rows(Amendment.objects, "text") == before
        else:
            assert Amendment.objects.latest("pk").text == last(post, "text").strip()


# --- the pre-read ---------------------------------------------------------------------------


@pytest.fixture
def by_hand(ready_loop, hiring_manager):
    return agenda_rules.add_item(ready_loop, "Ask about the migration", by=hiring_manager)


@FUZZ
@given(data=st.data())
def test_fuzzed_changes_to_the_preread_do_what_they_say_or_nothing(
    data, manager, htmx, ready_loop, by_hand
):
    keys = [item.key for item in agenda_rules.agenda_for(ready_loop).items]
    post = data.draw(
        form(
            {
                "action": field("add", "dismiss", "restore", "up", "down"),
                "key": field(*keys),
                "text": prose("Ask about on-call"),
                "reason": prose("Already settled"),
            }
        )
    )
    how = data.draw(HOW)
    fields = ("key", "text", "dismissed_reason", "position")
    with rolled_back():
        before = rows(AgendaEntry.objects, *fields)
        url = reverse("loops:preread-change", args=[ready_loop.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(AgendaEntry.objects, *fields) == before
        elif last(post, "action") == "add":
            # The form's input has maxlength="500": a browser sends no more.
            added = AgendaEntry.objects.latest("pk")
            assert added.text == last(post, "text").strip()[:500]


# --- the debrief ------------------------------------------------------------------------------


def debrief_rows():
    return (
        rows(Debrief.objects, "step", "version", "revealed_at", "decided_at", "decision"),
        rows(Debrief.objects, "role_needs", "role_statement", "rationale"),
        rows(Loop.objects, "state"),
        rows(Resolution.objects, "key", "take", "note"),
        rows(SecondVote.objects, "voter", "vote", "why_moved", "tie", "tied_to"),
        rows(Participant.objects, "person"),
        rows(Notice.objects, "recipient", "text"),
        VoteShift.objects.count(),
        SignalGap.objects.count(),
        rows(FocusCompetency.objects, "name", "because"),
    )


@FUZZ
@given(data=st.data())
def test_a_fuzzed_start_of_the_debrief_starts_it_or_changes_nothing(
    data, manager, htmx, ready_loop
):
    post = data.draw(form({"confirm_missing": field("on", "1"), "invite_recruiter": field("on")}))
    how = data.draw(HOW)
    with rolled_back():
        before = debrief_rows()
        url = reverse("loops:debrief-start", args=[ready_loop.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            ready_loop.refresh_from_db()
            assert ready_loop.state == Loop.State.DEBRIEF and hasattr(ready_loop, "debrief")


@FUZZ
@given(data=st.data())
def test_fuzzed_steps_of_the_debrief_move_to_a_step_or_nowhere(data, manager, htmx, debrief):
    post, how = data.draw(form({"step": field(*Step.values)})), data.draw(HOW)
    with rolled_back():
        before = debrief_rows()
        url = reverse("loops:debrief-step", args=[debrief.loop_id])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            debrief.refresh_from_db()
            assert debrief.step == last(post, "step")


@pytest.mark.parametrize("step", [Step.INFORMATION_QUALITY, Step.AMBIGUITY])
@FUZZ
@given(data=st.data())
def test_fuzzed_resolutions_settle_an_item_of_the_step_or_nothing(
    data, step, manager, htmx, debrief, hiring_manager
):
    how = data.draw(HOW)
    with rolled_back():
        actions.move_step(debrief, step, by=hiring_manager)
        keys = [item.key for item in panels.script_items(debrief.loop).for_step(step)]
        post = data.draw(
            form(
                {
                    "key": field(*keys),
                    "note": prose("Asked them; it was a one-off."),
                    "take": field(*Take.values),
                }
            )
        )
        before = debrief_rows()
        url = reverse("loops:debrief-resolve", args=[debrief.loop_id])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            resolution = Resolution.objects.get(debrief=debrief, key=last(post, "key")[:300])
            assert resolution.note == last(post, "note").strip()[:500]  # maxlength="500"


@FUZZ
@given(data=st.data())
def test_fuzzed_statements_of_the_role_are_recorded_as_said_or_not_at_all(
    data, manager, htmx, debrief, hiring_manager
):
    needs = {f"need-{index}-name": prose("Reliability", "Latency") for index in (0, 1, 11, 12)}
    needs |= {f"need-{index}-because": prose("checkout stops") for index in (0, 1)}
    rows = field(2, 2, 12, 13, also=NUMBER)
    management = {"need-TOTAL_FORMS": rows, "need-INITIAL_FORMS": field(0)}
    post, how = data.draw(form({**management, **needs, "statement": TEXT})), data.draw(HOW)
    with rolled_back():
        actions.move_step(debrief, Step.ROLE_CLARIFICATION, by=hiring_manager)
        before = debrief_rows()
        url = reverse("loops:debrief-role", args=[debrief.loop_id])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            debrief.refresh_from_db()
            assert debrief.role_statement == last(post, "statement").strip()[:5000]
            typed = {last(post, f"need-{index}-name").strip() for index in range(12)}
            assert {need["name"] for need in debrief.role_needs} <= typed


@FUZZ
@given(data=st.data())
def test_fuzzed_second_votes_are_recorded_as_cast_or_not_at_all(
    data, client_for, htmx, debrief, hiring_manager, interviewer
):
    client = client_for(interviewer)
    needs = [need["name"] for need in panels.role_needs(debrief)]
    post = data.draw(
        form(
            {
                "vote": field(*Vote.values),
                "why_moved": prose("The design answer won me over"),
                "tie_choice": field(*(f"need:{need}" for need in needs), "other", "none"),
                "tied_to_other": prose("Failover drills"),
            }
        )
    )
    how = data.draw(HOW)
    with rolled_back():
        actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)
        before = debrief_rows()
        url = reverse("loops:debrief-vote", args=[debrief.loop_id])
        if says_why(send(client, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            vote = SecondVote.objects.get(debrief=debrief, voter=interviewer)
            assert vote.vote == last(post, "vote")
            assert vote.why_moved == last(post, "why_moved").strip()[:500]  # maxlength="500"


@FUZZ
@given(data=st.data())
def test_fuzzed_decisions_are_recorded_whole_or_not_at_all(data, manager, htmx, revealed):
    post = data.draw(
        form(
            {
                "decision": field(*Decision.values),
                "rationale": prose("The room agreed after the reveal."),
                "against_guidance_reason": prose("The blocker was ruled out."),
                "confirm": field("on"),
            }
        )
    )
    how = data.draw(HOW)
    with rolled_back():
        before = debrief_rows()
        url = reverse("loops:debrief-decide", args=[revealed.loop_id])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            revealed.refresh_from_db()
            assert revealed.decision == last(post, "decision")
            assert revealed.rationale == last(post, "rationale").strip()[:5000]
            assert revealed.loop.state == Loop.State.DECIDED
            assert VoteShift.objects.filter(debrief=revealed).exists()


# --- settings and signing in -------------------------------------------------------------------

SETTINGS_FIELDS = OrgSettingsForm.Meta.fields


@FUZZ
@given(data=st.data())
def test_fuzzed_organisation_settings_are_saved_as_typed_or_not_at_all(
    data, client_for, htmx, staff
):
    client = client_for(staff)
    OrgSettings.load()
    numbers = st.one_of(st.integers(-5, 400).map(str), NUMBER, JUNK)
    post, how = data.draw(form(dict.fromkeys(SETTINGS_FIELDS, numbers))), data.draw(HOW)
    with rolled_back():
        before = rows(OrgSettings.objects, *SETTINGS_FIELDS)
        if says_why(send(client, reverse("loops:org-settings"), post, how, htmx)).refused:
            assert rows(OrgSettings.objects, *SETTINGS_FIELDS) == before
        else:
            stored = OrgSettings.objects.values(*SETTINGS_FIELDS).get()
            for name in SETTINGS_FIELDS:
                typed = last(post, name).strip()
                if typed.isascii() and typed.isdigit():
                    assert stored[name] == int(typed)


@FUZZ
@given(data=st.data())
def test_fuzzed_sign_ins_sign_in_only_with_the_password_and_say_why_not(
    data, client, htmx, hiring_manager
):
    post = data.draw(
        form(
            {
                "username": field(hiring_manager.email, " MAYA@example.com ", "nobody@example.com"),
                "password": prose(PASSWORD, "wrong"),
            }
        )
    )
    how = data.draw(HOW)
    with rolled_back():
        response = send(client, reverse("login"), post, how, htmx)
        assert response.status_code < 500
        if response.status_code == 302:
            assert client.session["_auth_user_id"] == str(hiring_manager.pk)
            assert last(post, "password") == PASSWORD
            client.logout()
        elif response.status_code == 429:
            assert "Too many sign-in attempts" in response.text
        elif refused_for_a_nul(response, post):
            pass
        else:
            # Django's own forms answer a refusal with 200 and the form's errors.
            assert response.status_code == 200
            errors = re.findall(r'class="errorlist[^>]*>(.*?)</(?:div|ul)>', response.text, re.S)
            assert any(visible(error) for error in errors), (
                "the sign-in form was refused without a visible reason"
            )


@FUZZ
@given(data=st.data())
def test_fuzzed_password_reset_requests_never_fail_and_say_what_is_wrong(
    data, client, htmx, hiring_manager
):
    post = data.draw(form({"email": field(hiring_manager.email, "nobody@example.com")}))
    how = data.draw(HOW)
    with rolled_back():
        response = send(client, reverse("password_reset"), post, how, htmx)
        if refused_for_a_nul(response, post):
            return
        # Sent on (302), refused with the reason (422), or over the limits (429, said why).
        assert response.status_code in (302, 422, 429)
        if response.status_code != 302:
            assert 'class="errorlist' in response.text


@pytest.fixture
def set_password(client, hiring_manager):
    """The page of an emailed reset link, where the new password is chosen (the link made
    as the worker makes it: tests/test_password_reset.py follows one from the email)."""
    uid = urlsafe_base64_encode(force_bytes(hiring_manager.pk))
    token = default_token_generator.make_token(hiring_manager)
    return client.get(reverse("password_reset_confirm", args=[uid, token])).url


@FUZZ
@given(data=st.data())
def test_fuzzed_new_passwords_are_set_or_refused_with_the_reason(
    data, client, htmx, hiring_manager, set_password
):
    typed = prose("a much better secret 42")
    post = data.draw(form({"new_password1": typed, "new_password2": typed}))
    how = data.draw(HOW)
    with rolled_back():
        before = rows(Person.objects, "password")
        response = send(client, set_password, post, how, htmx)
        if refused_for_a_nul(response, post):
            return
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert 'class="errorlist' in response.text
            assert rows(Person.objects, "password") == before
        else:
            hiring_manager.refresh_from_db()
            assert hiring_manager.check_password(last(post, "new_password1"))


# --- forms read from the query string -----------------------------------------------------------

GET_FORMS = {
    "loops:closeness": ["role"],
    "loops:calibration": [],
    "loops:calibration-csv": [],
    "loops:role-report": [],
    "loops:role-report-csv": ["against"],
    "loops:people": [],
    "loops:people-search": [],
}


@pytest.mark.parametrize("name", GET_FORMS)
@FEW
@given(data=st.data())
def test_fuzzed_filters_and_searches_never_fail(data, name, manager, htmx, role):
    day = st.one_of(
        st.dates().map(str),
        st.sampled_from(["9999-12-31", "0001-01-01", "2031-02-30", "31/12/2031", ""]),
    )
    query = data.draw(
        form(
            {
                "start": st.one_of(day, JUNK),
                "end": st.one_of(day, JUNK),
                "role": field(role.pk),
                "function": field(*Function.values),
                "page": field(1, 2),
                "q": TEXT,
            }
        )
    )
    headers = htmx if data.draw(st.booleans()) else {}
    url = reverse(name, args=[role.pk if arg == "role" else arg for arg in GET_FORMS[name]])
    assert manager.get(url, query, headers=headers).status_code < 500


# --- bugs the fuzzing found, one each -----------------------------------------------------------


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


# --- what people typed, shown back ---------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover="alert(1)'


def xss(label: str) -> str:
    return f"{label} {SCRIPT}{ATTRIBUTE}"


def assert_escaped(response, where: str) -> None:
    assert response.status_code == 200, where
    assert response["Content-Type"].startswith("text/html"), where
    body = response.content.decode()
    assert SCRIPT not in body, f"{where} shows a stored <script> unescaped"
    assert ATTRIBUTE not in body, f"{where} shows a stored attribute breakout unescaped"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, f"{where} shows none of the payloads"


@pytest.fixture
def hostile(role, hiring_manager, interviewer, dana):
    """A role, a candidate, people, notes, an agenda item, resolutions, second votes and a
    decision, each holding markup in what a person typed."""
    role.title = xss("role")
    role.save()
    for person, label in ((interviewer, "person"), (dana, "=HYPERLINK(1)")):
        person.name = xss(label)
        person.save()
    focus = FocusCompetencyFactory(role=role, name=xss("focus"), because=xss("because"))
    loop = LoopFactory(
        candidate__role=role, candidate__name=xss("candidate"), state=Loop.State.INTERVIEWING
    )
    ended = timezone.now() - timedelta(hours=30)
    for person in (interviewer, dana):
        NoteFactory(
            slot=SlotFactory(
                loop=loop,
                interviewer=person,
                starts_at=ended - timedelta(hours=1),
                ends_at=ended,
                focus=[focus],
            ),
            initial_vote="yes",
            ratings={f"focus:{focus.pk}": "yes"},
            text=xss("note text"),
            flags=[{"colour": "red", "text": xss("flag"), "intent": "concern"}],
            stories=[
                {name: xss(f"story {name}") for name in ("title", "setup", "actions", "outcome")}
                | {"conclusion": xss("story conclusion")}
            ],
        )
    agenda_rules.add_item(loop, xss("agenda"), by=hiring_manager)
    return loop


def test_everything_people_typed_is_escaped_on_every_page_that_shows_it(
    client, hostile, hiring_manager, interviewer, dana, staff
):
    loop, by = hostile, hiring_manager
    slot = loop.slots.get(interviewer=interviewer)
    as_manager = client
    as_manager.force_login(hiring_manager)
    pages = [
        reverse("loops:people"),
        reverse("loops:people-search") + "?slot-interviewer=person",
        reverse("loops:roles"),
        reverse("loops:role-detail", args=[loop.role_id]),
        reverse("loops:role-edit", args=[loop.role_id]),
        reverse("loops:closeness", args=[loop.role_id]),
        reverse("loops:loop-list"),
        reverse("loops:loop-detail", args=[loop.pk]),
        reverse("loops:loop-suggest", args=[loop.pk]),
        reverse("loops:slot-edit", args=[slot.pk]),
        reverse("loops:slot-kit", args=[slot.pk]),
        reverse("loops:loop-notes", args=[loop.pk]),
        reverse("loops:preread", args=[loop.pk]),
        reverse("loops:debrief", args=[loop.pk]),
    ]
    for url in pages:
        assert_escaped(as_manager.get(url), url)
    debrief_url = reverse("loops:debrief", args=[loop.pk])

    debrief = actions.start_debrief(loop, by=by)
    hand = next(i for i in panels.script_items(loop).information if i.kind == "by_hand")
    actions.resolve_item(debrief, hand.key, note=xss("resolution"), by=by)
    assert_escaped(as_manager.get(debrief_url), "the debrief at information quality")
    actions.move_step(debrief, Step.AMBIGUITY, by=by)
    flag = panels.script_items(loop).ambiguity[0]
    actions.resolve_item(debrief, flag.key, take="minor", note=xss("take"), by=by)
    assert_escaped(as_manager.get(debrief_url), "the debrief at ambiguity")
    needs = [{"name": xss("need"), "because": xss("need because")}]
    actions.state_role(debrief, needs, xss("statement"), by=by)
    actions.move_step(debrief, Step.REASSESSMENT, by=by)
    actions.cast_vote(
        debrief, interviewer, "strong_no", why_moved=xss("why"), tie="other", tied_to=xss("tie")
    )
    actions.cast_vote(debrief, dana, "yes", why_moved=xss("why dana"))
    as_voter = client_for_person(interviewer)
    assert_escaped(as_voter.get(debrief_url), "the voter's debrief before the reveal")
    actions.reveal_votes(debrief, by=by)
    assert_escaped(as_manager.get(debrief_url), "the debrief after the reveal")
    for audience in (seats.FACILITATOR, seats.MEMBER, seats.RESTRICTED):
        _, html = panels.render_panel(debrief.pk, audience)
        assert SCRIPT not in html and ATTRIBUTE not in html, f"the {audience}'s live panel"
    actions.decide(
        debrief, "hire", rationale=xss("rationale"), against_guidance_reason=xss("against"), by=by
    )

    for url in [
        debrief_url,
        reverse("loops:calibration"),
        reverse("loops:role-report"),
        reverse("loops:loop-detail", args=[loop.pk]),
        reverse("loops:loop-notes", args=[loop.pk]),
        reverse("loops:preread", args=[loop.pk]),
    ]:
        assert_escaped(as_manager.get(url), url)
    as_staff = client_for_person(staff)
    assert_escaped(as_staff.get(reverse("loops:audit")), "the audit trail")
    for url in [
        reverse("loops:my-interviews"),
        reverse("loops:note", args=[slot.pk]),
        reverse("loops:notices"),
        debrief_url,
    ]:
        assert_escaped(as_voter.get(url), f"{url} (the interviewer's)")

    # The exports are data, not pages: valid JSON, and Markdown whose renderer (elsewhere)
    # shows the words as written, with no tag of theirs to run.
    for url in (
        reverse("loops:debrief-record", args=[loop.pk, "json"]),
        reverse("loops:preread-json", args=[loop.pk]),
    ):
        response = as_manager.get(url)
        assert response["Content-Type"] == "application/json"
        assert SCRIPT in json.dumps(json.loads(response.content), ensure_ascii=False)
    record = as_manager.get(reverse("loops:debrief-record", args=[loop.pk, "md"]))
    assert record["Content-Type"].startswith("text/markdown")
    assert record["X-Content-Type-Options"] == "nosniff"
    assert record["Content-Disposition"].startswith("attachment")
    markdown = record.content.decode()
    assert "<script>" not in markdown
    assert "rationale &lt;script&gt;alert(1)&lt;/script&gt;" in markdown

    # A name that a spreadsheet would run as a formula is quoted in the CSV exports.
    for url in (
        reverse("loops:calibration-csv"),
        reverse("loops:role-report-csv", args=["against"]),
    ):
        cells = [
            cell for line in csv.reader(io.StringIO(as_manager.get(url).text)) for cell in line
        ]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], url


def client_for_person(person):
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client


def test_the_invite_email_escapes_the_names_in_its_html(loop, interviewer):
    from loops.services.invites import send_invite

    loop.candidate.name = xss("candidate")
    loop.candidate.save()
    loop.role.title = xss("role")
    loop.role.save()
    interviewer.name = xss("person")
    interviewer.save()
    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.SCHEDULED)
    starts = timezone.now() + timedelta(days=1)
    slot = SlotFactory(
        loop=loop, interviewer=interviewer, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    assert send_invite(slot.pk)
    _assert_mail_escapes(mail.outbox[-1])


def test_the_invite_email_goes_out_for_a_candidate_whose_name_holds_a_line_break(loop, interviewer):
    """A candidate's name comes from a form field that keeps inner line breaks."""
    from loops.services.invites import send_invite

    loop.candidate.name = "Casey\nBcc: someone@example.com"
    loop.candidate.save()
    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.SCHEDULED)
    starts = timezone.now() + timedelta(days=1)
    slot = SlotFactory(
        loop=loop, interviewer=interviewer, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    assert send_invite(slot.pk)
    assert "\n" not in mail.outbox[-1].subject


def test_an_invite_whose_send_failed_and_was_retried_leaves_one_notice(
    loop, interviewer, monkeypatch
):
    """Found while reading the invite's send for the test above: the notice is written
    before the email goes, and stays when the send fails; the task retries SMTP errors
    (OSError) up to five times, each adding a notice."""
    from django.core.mail import EmailMultiAlternatives

    from loops.services.invites import send_invite

    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.SCHEDULED)
    starts = timezone.now() + timedelta(days=1)
    slot = SlotFactory(
        loop=loop, interviewer=interviewer, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    sent = EmailMultiAlternatives.send

    def refused(message, *args, **kwargs):
        raise ConnectionRefusedError("the mail relay is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    with pytest.raises(OSError):
        send_invite(slot.pk)
    monkeypatch.setattr(EmailMultiAlternatives, "send", sent)
    assert send_invite(slot.pk)
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(recipient=interviewer).count() == 1


def test_the_reminder_emails_escape_the_names_in_their_html(
    loop, interviewer, hiring_manager, monkeypatch, django_capture_on_commit_callbacks
):
    from loops.services.reminding import plan_reminders, send_reminder
    from loops.tasks import send_reminder_task

    monkeypatch.setattr(send_reminder_task, "delay", lambda reminder_id: None)
    now = timezone.now().replace(microsecond=0)
    loop.candidate.name = xss("candidate")
    loop.candidate.save()
    loop.role.title = xss("role")
    loop.role.save()
    for person in (interviewer, hiring_manager):
        person.name = xss("person")
        person.save()
    Loop.objects.filter(pk=loop.pk).update(
        state=Loop.State.INTERVIEWING, debrief_at=now + timedelta(minutes=30)
    )
    SlotFactory(
        loop=loop,
        interviewer=interviewer,
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_reminders(now)
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert Reminder.Kind.MANAGER_DIGEST in kinds and len(kinds) >= 2
    for reminder in Reminder.objects.all():
        assert send_reminder(reminder.pk, now)
    assert len(mail.outbox) == len(kinds)
    for message in mail.outbox:
        _assert_mail_escapes(message)


def _assert_mail_escapes(message) -> None:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    assert SCRIPT not in html and ATTRIBUTE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT in message.body  # the plain-text part is text: it keeps the words
