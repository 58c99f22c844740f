"""The directory's forms and the people CSV, fuzzed."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from loops.models import (
    Function,
    Person,
)
from tests.fuzz.harness import (
    FUZZ,
    HOW,
    NASTY,
    TEXT,
    field,
    form,
    last,
    prose,
    rolled_back,
    rows,
    says_why,
    send,
)

pytestmark = pytest.mark.django_db


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
