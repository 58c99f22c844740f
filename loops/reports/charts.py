"""Server-rendered SVG charts: plain geometry from plain values, drawn by
``templates/loops/_chart.html`` and ``_shift_chart.html``.

Each chart sits beside a table with the same figures (the accessible version); every
mark carries its value in ``data-value`` so a browser test can check the two agree.
Coordinates are in the SVG's own units: the picture scales to the width it is given,
a phone's included.
"""

from dataclasses import dataclass, field

from loops.vocabulary import Vote

# Sized so that 15-unit text reads at about 11 px on a phone and 18 px on a wide screen.
WIDTH = 480
LABEL_WIDTH = 170
VALUE_WIDTH = 60
BAR_HEIGHT = 18
GAP = 8
TOP = 4


@dataclass
class Segment:
    name: str
    value: float
    css: str
    x: float = 0
    width: float = 0


@dataclass
class Bar:
    label: str
    value_text: str
    segments: list[Segment]
    y: float = 0
    full_label: str = ""

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4


@dataclass
class BarChart:
    """Horizontal bars, one per row, each made of one or more segments."""

    title: str
    bars: list[Bar]
    legend: list[tuple[str, str]] = field(default_factory=list)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return TOP * 2 + len(self.bars) * (BAR_HEIGHT + GAP)

    @property
    def value_x(self) -> float:
        return self.width - VALUE_WIDTH + 4


def bar_chart(
    title: str,
    rows: list[tuple[str, str, list[Segment]]],
    *,
    maximum: float | None = None,
    legend: list[tuple[str, str]] | None = None,
) -> BarChart:
    """Bars of ``(label, value text, segments)``, scaled so ``maximum`` (default: the
    largest bar) fills the plot."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    totals = [sum(segment.value for segment in segments) for _, _, segments in rows]
    top = maximum if maximum is not None else max(totals, default=0)
    bars = []
    for index, (label, value_text, segments) in enumerate(rows):
        x = float(LABEL_WIDTH)
        for segment in segments:
            segment.x = round(x, 1)
            segment.width = round(plot * segment.value / top, 1) if top else 0
            x += segment.width
        y = TOP + index * (BAR_HEIGHT + GAP)
        bar = Bar(_clip(label), value_text, segments, y=y, full_label=label)
        bars.append(bar)
    return BarChart(title, bars, legend or [])


def _clip(label: str, size: int = 19) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def share_segments(counts: list[int], names: list[str], css: list[str]) -> list[Segment]:
    """Counts as percentages of their total (a 100% bar), one segment per count."""
    total = sum(counts)
    return [
        Segment(name, round(100 * count / total, 1) if total else 0, style)
        for count, name, style in zip(counts, names, css, strict=True)
    ]


VOTE_CSS = ["vote-strong-no", "vote-no", "vote-yes", "vote-strong-yes"]
VOTE_NAMES = Vote.labels


# The vote shift of one debrief ---------------------------------------------------------

SHIFT_LEFT = 150
SHIFT_STEP = 82
SHIFT_ROW = 26
SHIFT_HEADER = 40


@dataclass
class ShiftMark:
    name: str
    y: float
    initial_x: float | None
    second_x: float | None
    initial: str
    second: str
    group: str = ""

    @property
    def moved(self) -> bool:
        return None not in (self.initial_x, self.second_x) and self.initial_x != self.second_x

    @property
    def arrow_end(self) -> float | None:
        """Where the line from the initial vote stops: short of the second vote's dot."""
        if not self.moved:
            return None
        direction = 1 if self.second_x > self.initial_x else -1
        return self.second_x - direction * 8


@dataclass
class ShiftChart:
    title: str
    marks: list[ShiftMark]
    groups: list[tuple[str, float]]
    scale: list[tuple[str, float]]
    width: int = SHIFT_LEFT + SHIFT_STEP * 4
    height: int = 0


def shift_chart(title: str, rows: list[tuple[str, str, str, str]]) -> ShiftChart:
    """Each person's initial and second vote on the scale, a line where they moved;
    ``rows`` are (group, name, initial, second), already in the order to show."""

    def x(vote: str) -> float | None:
        step = Vote.step(vote)
        return None if step is None else SHIFT_LEFT + SHIFT_STEP * step + SHIFT_STEP / 2

    marks, groups = [], []
    y = SHIFT_HEADER
    current = None
    for group, name, initial, second in rows:
        if group != current:
            current = group
            y += 6
            groups.append((group, y + 10))
            y += 16
        marks.append(ShiftMark(_clip(name), y + 13, x(initial), x(second), initial, second, group))
        y += SHIFT_ROW
    scale = [(vote.label, x(vote)) for vote in Vote]
    return ShiftChart(title, marks, groups, scale, height=int(y + 8))
