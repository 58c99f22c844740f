"""The plain rules behind calibration and the charts, without a database."""

from datetime import UTC, datetime, timedelta

import pytest

from loops.reports.charts import Segment, bar_chart, share_segments, shift_chart
from loops.rules import calibration
from loops.rules.calibration import Seat, agrees, is_late, shifts, toward_room
from loops.vocabulary import Vote

NOON = datetime(2026, 5, 4, 12, tzinfo=UTC)
DAY = timedelta(hours=24)


@pytest.mark.parametrize(
    ("second", "decision", "expected"),
    [
        (3, "hire", True),
        (2, "hire", True),
        (1, "hire", False),
        (0, "no_hire", True),
        (2, "no_hire", False),
        (3, "more_signal", None),
        (None, "hire", None),
    ],
)
def test_a_second_vote_agrees_when_it_falls_on_the_decisions_side(second, decision, expected):
    assert agrees(second, decision) is expected


def test_a_move_toward_where_the_others_started_counts_as_toward_the_room():
    assert toward_room(1, 2, [2, 3, 3]) is True
    assert toward_room(2, 1, [0, 1]) is True


def test_a_move_away_from_the_others_is_not_toward_the_room():
    assert toward_room(2, 3, [0, 1, 1]) is False
    # Starting where the room started, any move is away from it.
    assert toward_room(2, 1, [2, 2]) is False


def test_a_vote_that_did_not_move_or_was_alone_has_no_direction():
    assert toward_room(2, 2, [0, 0]) is None
    assert toward_room(None, 2, [0]) is None
    assert toward_room(1, 2, []) is None


def test_a_note_is_late_after_its_deadline_or_when_it_never_came():
    assert is_late(None, NOON, DAY) is True
    assert is_late(NOON + DAY + timedelta(minutes=1), NOON, DAY) is True
    assert is_late(NOON + DAY, NOON, DAY) is False
    assert is_late(NOON + 10 * DAY, None, DAY) is False


def test_shifts_judge_each_seat_against_the_others_initial_votes():
    follower = Seat(1, initial=1, second=2, late=False)
    steady = Seat(2, initial=3, second=3, late=True)
    contrarian = Seat(3, initial=2, second=1, late=False)
    result = {shift.person_id: shift for shift in shifts([follower, steady, contrarian], "hire")}
    assert result[1].toward_room is True
    assert result[2].toward_room is None and result[2].late is True
    # The others started at 1 and 3, a mean of 2, where the contrarian started.
    assert result[3].toward_room is False
    assert [result[n].agrees for n in (1, 2, 3)] == [True, True, False]


def test_steps_and_hours_read_plainly():
    assert Vote.step("strong_no") == 0
    assert Vote.step("strong_yes") == 3
    assert Vote.step("") is None
    assert Vote.step("no_signal") is None
    assert calibration.hours_between(NOON, NOON + timedelta(hours=30)) == 30
    assert calibration.hours_between(NOON + DAY, NOON) == 0
    assert calibration.hours_between(None, NOON) is None


def test_bars_are_scaled_to_the_largest_and_stack_their_segments():
    chart = bar_chart(
        "Moves",
        [
            ("Ann", "50%", [Segment("Up", 30, "up"), Segment("Down", 20, "down")]),
            ("Bo", "25%", [Segment("Up", 25, "up")]),
        ],
        maximum=100,
    )
    ann, bo = chart.bars
    plot = chart.width - chart.label_width - 60
    assert ann.segments[0].x == chart.label_width
    assert ann.segments[1].x == pytest.approx(chart.label_width + plot * 0.3, abs=0.1)
    assert bo.segments[0].width == pytest.approx(plot / 4, abs=0.1)
    assert bo.y > ann.y
    assert chart.height > 2 * chart.bar_height


def test_an_empty_chart_draws_nothing_rather_than_dividing_by_zero():
    chart = bar_chart("Nothing yet", [("Ann", "—", [Segment("Up", 0, "up")])])
    assert chart.bars[0].segments[0].width == 0


def test_shares_add_up_to_a_whole_bar():
    segments = share_segments([1, 1, 2, 0], ["a", "b", "c", "d"], ["w", "x", "y", "z"])
    assert [segment.value for segment in segments] == [25.0, 25.0, 50.0, 0]
    assert [segment.value for segment in share_segments([0, 0], ["a", "b"], ["x", "y"])] == [0, 0]


def test_long_labels_are_clipped_to_fit_beside_the_bars():
    chart = bar_chart("Roles", [("Senior Backend Engineer, Payments", "3", [Segment("x", 1, "t")])])
    assert chart.bars[0].label == "Senior Backend Eng…"
    assert chart.bars[0].full_label == "Senior Backend Engineer, Payments"


def test_the_shift_picture_groups_people_and_draws_a_line_only_where_they_moved():
    chart = shift_chart(
        "Shift",
        [
            ("Daily", "Ann", "no", "yes"),
            ("Daily", "Bo", "yes", "yes"),
            ("Weekly", "Cy", "strong_yes", ""),
        ],
    )
    assert [group for group, _ in chart.groups] == ["Daily", "Weekly"]
    ann, bo, cy = chart.marks
    assert ann.moved and ann.second_x > ann.initial_x
    assert ann.initial_x < ann.arrow_end < ann.second_x
    assert not bo.moved and bo.arrow_end is None
    assert cy.second_x is None and not cy.moved
    assert [label for label, _ in chart.scale] == ["Strong no", "No", "Yes", "Strong yes"]
