"""The pre-read's rules on crafted notes, without a database."""

from datetime import UTC, datetime, timedelta

from loops.rules.preread import NoteFacts, PrereadLoop, preread, same_story

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
ENDED = NOW - timedelta(hours=3)
WORDS = "The candidate explained the design clearly and handled follow-up questions well. " * 4


def note(slot, name, vote="yes", **fields):
    return NoteFacts(slot, name, ends_at=ENDED, submitted=True, initial_vote=vote, **fields)


def kinds(notes, focus=(), weak_spots=()):
    return [item.kind for item in preread(PrereadLoop(focus, weak_spots, tuple(notes), NOW))]


def test_a_loop_where_everyone_agrees_raises_nothing():
    notes = [note(i, f"Person {i}", text=WORDS) for i in range(4)]
    assert kinds(notes) == []


def test_a_missing_note_turns_late_after_a_day():
    missing = NoteFacts(1, "Ann", ends_at=NOW - timedelta(hours=2))
    late = NoteFacts(2, "Ben", ends_at=NOW - timedelta(hours=30))
    items = preread(PrereadLoop((), (), (missing, late), NOW))
    assert [item.kind for item in items] == ["late", "missing"]
    assert items[0].message == "Ben's note is 6 hours late."


def test_a_senior_leaders_short_note_is_thin_where_a_peers_is_not():
    notes = [note(i, f"Person {i}", text=WORDS) for i in range(3)]
    half = " ".join(WORDS.split()[:26])
    leader = note(8, "Lea Leader", text=half, is_senior_leader=True)
    peer = note(9, "Pat Peer", text=half)
    items = preread(PrereadLoop((), (), (*notes, leader, peer), NOW))
    assert [(item.kind, item.people) for item in items] == [("thin", ("Lea Leader",))]
    assert "Ask them out loud" in items[0].message


def test_opposite_votes_and_ratings_two_steps_apart_are_conflicts():
    a = note(1, "Ann", "strong_yes", text=WORDS, ratings={"APIs": "strong_yes"})
    b = note(2, "Ben", "no", text=WORDS, ratings={"APIs": "no"})
    c = note(3, "Cy", "yes", text=WORDS, ratings={"APIs": "yes"})
    found = kinds([a, b, c], focus=("APIs",))
    assert found == ["vote_conflict", "rating_conflict"]


def test_one_step_apart_and_no_signal_are_not_conflicts():
    a = note(1, "Ann", text=WORDS, ratings={"APIs": "yes", "ownership": "no_signal"})
    b = note(2, "Ben", text=WORDS, ratings={"APIs": "strong_yes", "ownership": "strong_no"})
    assert "rating_conflict" not in kinds([a, b], focus=("APIs",))


def test_flags_by_colour_and_intent():
    flags = (
        {"colour": "red", "text": "Blamed the team", "intent": "concern"},
        {"colour": "red", "text": "Late to the call", "intent": "completeness"},
        {"colour": "yellow", "text": "Quiet at first", "intent": "completeness"},
        {"colour": "yellow", "text": "Vague on testing", "intent": ""},
    )
    found = kinds([note(1, "Ann", "no", text=WORDS, flags=flags)])
    assert found == ["red_flag", "unclear_flag", "unclear_flag"]


def test_the_same_story_worded_differently_is_found_and_different_stories_are_not():
    outage = {"title": "The payments outage", "setup": "Black Friday checkout down two hours"}
    retold = {"title": "Outage at the payments team", "setup": "Checkout down on Black Friday"}
    other = {"title": "Hiring for the billing team", "setup": "Grew the team from two to six"}
    assert same_story(outage, retold, 70)
    assert not same_story(outage, other, 70)


def test_a_story_read_to_opposite_conclusions():
    good = {"title": "The reorg", "setup": "Merged two teams", "conclusion": "Owns hard changes"}
    bad = {"title": "Merging the two teams", "setup": "The reorg", "conclusion": "Blamed others"}
    found = kinds(
        [note(1, "Ann", text=WORDS, stories=(good,)), note(2, "Ben", text=WORDS, stories=(bad,))]
    )
    assert found == ["story_read_differently"]


def test_focus_competencies_short_of_signals_and_unprobed_weak_spots_are_gaps():
    a = note(1, "Ann", text=WORDS, ratings={"APIs": "yes"}, weak_spots=frozenset({"Pricing"}))
    found = preread(PrereadLoop(("APIs",), ("Pricing", "Sales"), (a,), NOW))
    assert [(item.kind, item.subject) for item in found] == [
        ("focus_gap", "APIs"),
        ("weak_spot_gap", "Sales"),
    ]
