"""Filters and searches read from the query string, fuzzed."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from loops.models import (
    Function,
)
from tests.fuzz.harness import (
    FEW,
    JUNK,
    TEXT,
    field,
    form,
)

pytestmark = pytest.mark.django_db


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
