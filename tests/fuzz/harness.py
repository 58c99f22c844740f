"""What the fuzz tests post and how they read the answer: hypothesis strategies for
hostile input, and helpers that say whether a refusal gave its reason."""

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.contrib.messages import ERROR, get_messages
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

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


# Markup typed where a name goes: every page, export and email must show it as text.
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover="alert(1)'


def xss(label: str) -> str:
    return f"{label} {SCRIPT}{ATTRIBUTE}"
