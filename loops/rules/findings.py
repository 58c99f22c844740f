"""What a domain rule reports: a finding in the hiring manager's words."""

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    OK = "ok"


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR
