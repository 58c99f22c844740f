"""The words of the domain that rules, models, pages, exports and benchmarks share, each
defined once. Plain enumerations: the pure rule modules import them without the ORM."""

from django.db.models.enums import TextChoices

# A story the candidate told, as the note records it: its title, what happened (setup,
# actions, outcome) and the conclusion the interviewer drew.
STORY_PARTS = ("title", "setup", "actions", "outcome", "conclusion")


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


class Tie(TextChoices):
    """What a strong no ties to: a need of the role, another need, or none."""

    NEED = "need", "A need of the role"
    OTHER = "other", "Something else the role needs"
    NONE = "none", "Nothing the role needs"


class JobFamily(TextChoices):
    BACKEND = "backend", "Backend"
    ML = "ml", "ML / MLOps"
    DATA_ENGINEERING = "data_engineering", "Data engineering"
    DATA_SCIENCE = "data_science", "Data science"
    DEVOPS = "devops", "DevOps / SRE"
    PRODUCT = "product", "Product"
    DESIGN = "design", "Design"
    SALES = "sales", "Sales"
    OTHER = "other", "Other"


class Archetype(TextChoices):
    HIGH_GROWTH = "high_growth", "High-growth"
    ENTERPRISE = "enterprise", "Enterprise"
    INDUSTRIAL = "industrial", "Safety-critical / industrial"


class CloseLevel(TextChoices):
    """How often someone would work with whoever gets the role."""

    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    LESS = "less", "Less than weekly"

    @classmethod
    def counts_as_daily(
        cls, closeness: str, *, senior_leader: bool, senior_leadership_role: bool
    ) -> bool:
        """Whether an interviewer counts among a loop's daily collaborators: a senior
        leader counts with the people further away, except in a senior-leadership role,
        where senior leaders are peers and count by their own closeness."""
        if senior_leader and not senior_leadership_role:
            return False
        return closeness == cls.DAILY

    @classmethod
    def order(cls, closeness: str) -> int:
        """Closest first (daily, weekly, less); anything unknown last."""
        return cls.values.index(closeness) if closeness in cls.values else len(cls.values)


class LoopState(TextChoices):
    """Where a loop stands, from its draft to its decision."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    INTERVIEWING = "interviewing", "Interviewing"
    DEBRIEF = "debrief", "Debrief"
    DECIDED = "decided", "Decided"
    CANCELLED = "cancelled", "Cancelled"


class ReminderKind(TextChoices):
    """What a reminder is about."""

    INITIAL_VOTE = "initial_vote", "Initial vote due"
    FULL_NOTE = "full_note", "Full note due"
    BEFORE_DEBRIEF = "before_debrief", "Note before the debrief"
    MANAGER_DIGEST = "manager_digest", "Missing notes before the debrief"
