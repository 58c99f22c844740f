"""The words of the domain that rules, models, pages, exports and benchmarks share, each
defined once. Plain enumerations: the pure rule modules import them without the ORM."""

from django.db.models.enums import TextChoices


class Vote(TextChoices):
    """The four-point scale with no middle, for votes and ratings alike."""

    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"

    @classmethod
    def step(cls, value: str | None) -> int | None:
        """Position on the scale (0 = strong no … 3 = strong yes), for "steps apart";
        None for anything that is not a vote (a blank, "no signal")."""
        try:
            return cls.values.index(value)
        except ValueError:
            return None

    @classmethod
    def is_for_hire(cls, value: str | None) -> bool | None:
        """Whether a vote leans to hire (yes, strong yes); None for no vote."""
        step = cls.step(value)
        return None if step is None else step >= 2

    @classmethod
    def words(cls, value: str) -> str:
        """The vote as it reads inside a sentence: "strong no"."""
        return cls(value).label.lower()


class Decision(TextChoices):
    HIRE = "hire", "Hire"
    NO_HIRE = "no_hire", "No hire"
    MORE_SIGNAL = "more_signal", "More signal needed"
