"""Decision guidance from the second vote: plain rules over plain values, no database."""

from loops.rules.findings import Level
from loops.rules.guidance import Ballot, guidance, movement, split
from loops.vocabulary import Decision


def messages_at(advice, level):
    return [finding.message for finding in advice.findings if finding.level is level]


def test_a_strong_no_tied_to_a_need_points_to_no_hire_naming_the_voter_and_the_need():
    advice = guidance(
        [
            Ballot("Ann", "strong_yes"),
            Ballot("Ben", "strong_no", tied_to="  Reliability "),
            Ballot("Cy", "yes"),
        ]
    )
    assert advice.points_to_no_hire
    assert advice.summary == "The second vote points to no hire."
    assert messages_at(advice, Level.ERROR) == [
        "Ben's strong no ties to what the role needs (Reliability): "
        "that almost always means no hire."
    ]
    assert not messages_at(advice, Level.OK)


def test_a_strong_no_tied_to_nothing_is_a_weaker_warning():
    advice = guidance([Ballot("Ann", "strong_yes"), Ballot("Ben", "strong_no", tied_to="  ")])
    assert messages_at(advice, Level.WARNING) == [
        "Ben's strong no ties to nothing the role needs: weigh it, but it is weaker than "
        "one that does."
    ]
    assert not messages_at(advice, Level.ERROR)


def test_an_untied_strong_no_beside_a_strong_yes_leaves_the_decision_open():
    advice = guidance([Ballot("Ann", "strong_yes"), Ballot("Ben", "strong_no")])
    assert not advice.points_to_no_hire
    assert advice.summary == "The second vote leaves the decision open: weigh the discussion."


def test_an_untied_strong_no_without_a_strong_yes_still_points_to_no_hire():
    advice = guidance([Ballot("Ann", "yes"), Ballot("Ben", "strong_no")])
    assert advice.points_to_no_hire
    assert "Nobody is a strong yes: that almost always means no hire." in messages_at(
        advice, Level.ERROR
    )


def test_no_strong_yes_points_to_no_hire():
    advice = guidance([Ballot("Ann", "yes"), Ballot("Ben", "yes"), Ballot("Cy", "no")])
    assert advice.points_to_no_hire
    assert messages_at(advice, Level.ERROR) == [
        "Nobody is a strong yes: that almost always means no hire."
    ]


def test_a_strong_yes_and_no_tied_strong_no_leave_the_decision_open_and_support_a_hire():
    advice = guidance([Ballot("Ann", "strong_yes"), Ballot("Ben", "no"), Ballot("Cy", "yes")])
    assert not advice.points_to_no_hire
    assert messages_at(advice, Level.OK) == [
        "At least one strong yes and no strong no tied to the role: a hire is supported."
    ]
    assert not messages_at(advice, Level.ERROR)


def test_with_no_second_votes_there_is_only_a_warning_and_nothing_points_to_no_hire():
    advice = guidance([])
    assert not advice.points_to_no_hire
    assert [f.message for f in advice.findings] == ["Nobody has cast a second vote."]


def test_only_hiring_goes_against_guidance_that_points_to_no_hire():
    against = guidance([Ballot("Ben", "strong_no", tied_to="Reliability")])
    assert against.is_against(Decision.HIRE)
    assert not against.is_against(Decision.NO_HIRE)
    assert not against.is_against(Decision.MORE_SIGNAL)


def test_nothing_goes_against_open_guidance():
    open_ = guidance([Ballot("Ann", "strong_yes")])
    assert not open_.is_against(Decision.HIRE)
    assert not open_.is_against(Decision.NO_HIRE)


def test_the_split_counts_each_vote_in_scale_order_and_leaves_blanks_out():
    assert split(["yes", "strong_no", "", "yes", "strong_yes"]) == [
        ("Strong no", 1),
        ("No", 0),
        ("Yes", 2),
        ("Strong yes", 1),
    ]


def test_an_empty_room_splits_to_zeroes():
    assert split([]) == [("Strong no", 0), ("No", 0), ("Yes", 0), ("Strong yes", 0)]


def test_movement_counts_steps_toward_yes_as_positive_and_toward_no_as_negative():
    assert movement("no", "strong_yes") == 2
    assert movement("strong_yes", "strong_no") == -3
    assert movement("yes", "no") == -1
    assert movement("yes", "yes") == 0


def test_movement_is_zero_when_either_vote_is_missing():
    assert movement("", "yes") == 0
    assert movement("yes", "") == 0
    assert movement("maybe", "yes") == 0
