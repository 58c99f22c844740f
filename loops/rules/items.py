"""An item to talk through: what the pre-read finds, what the hiring manager's agenda keeps
(with additions by hand and dismissals), and what the live debrief walks and settles.
One class for all three, so an item keeps its key and its words from the pre-read to
the record."""

from dataclasses import dataclass

# What an item is about, for those who may not read the notes behind it.
KIND_LABELS = {
    "late": "A late note",
    "missing": "A missing note",
    "thin": "A thin note",
    "vote_conflict": "Votes in opposite directions",
    "rating_conflict": "Ratings far apart",
    "red_flag": "A red flag",
    "yellow_flag": "A yellow flag",
    "same_story": "The same story told twice",
    "story_read_differently": "A story read differently",
    "steering": "The candidate steering conversations",
    "focus_gap": "A focus competency with little signal",
    "weak_spot_gap": "A weak spot not probed",
    "by_hand": "An item added by the hiring manager",
}


def kind_label(kind: str) -> str:
    """What an item of ``kind`` is about, without the words of any note."""
    return KIND_LABELS.get(kind, "An item")


@dataclass
class Item:
    kind: str
    message: str
    people: tuple[str, ...] = ()
    slots: tuple[int, ...] = ()
    subject: str = ""
    # Stable across recomputation, so a dismissal, a new order or a resolution sticks to
    # the item; derived from what it is about unless given (items added by hand).
    key: str = ""
    by_hand: bool = False
    dismissed_reason: str = ""
    # How the room settled it in the debrief (a Resolution row), once it did.
    resolution: object = None

    def __post_init__(self):
        if not self.key:
            who = ",".join(str(slot) for slot in sorted(self.slots))
            self.key = f"{self.kind}:{who}:{self.subject}"

    @property
    def sources(self) -> list[tuple[str, int]]:
        """(interviewer, slot) of each note behind the item: people and slots align."""
        return list(zip(self.people, self.slots, strict=False))

    @property
    def label(self) -> str:
        return kind_label(self.kind)
