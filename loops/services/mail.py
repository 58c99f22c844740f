"""What every email Debrief sends shares."""


def one_line(text: str) -> str:
    """A header value on one line, whatever a candidate's name holds (a line break in a
    subject would end the header)."""
    return " ".join(text.split())
