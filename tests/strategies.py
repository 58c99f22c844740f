"""Hypothesis strategies shared by the property tests of the loop rules."""

from hypothesis import strategies as st

from loops.rules.coverage import FocusFacts, RoleFacts, WeakSpotFacts

FUNCTIONS = [
    "engineering",
    "sales",
    "product",
    "design",
    "data",
    "marketing",
    "finance",
    "leadership",
]
LABELS = {value: value.capitalize() for value in FUNCTIONS}
FAMILIES = [
    "backend",
    "ml",
    "data_engineering",
    "data_science",
    "devops",
    "product",
    "design",
    "sales",
    "other",
]
CLOSENESS = ["daily", "weekly", "less"]


@st.composite
def roles(draw):
    focus_names = draw(st.lists(st.text(min_size=1, max_size=20), max_size=4))
    judges = draw(st.lists(st.sampled_from(FUNCTIONS), max_size=3))
    required = draw(st.lists(st.sampled_from(FUNCTIONS), unique=True, max_size=len(FUNCTIONS)))
    return RoleFacts(
        is_senior_leadership=draw(st.booleans()),
        job_family=draw(st.sampled_from(FAMILIES)),
        focus=tuple(FocusFacts(i + 1, name) for i, name in enumerate(focus_names)),
        weak_spots=tuple(
            WeakSpotFacts(100 + i, f"Weak spot {i}", judge, LABELS[judge])
            for i, judge in enumerate(judges)
        ),
        required_functions=tuple((value, LABELS[value]) for value in required),
    )
