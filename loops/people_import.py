"""Reading people from a CSV file for the directory.

A file is taken whole or not at all: ``parse_people_csv`` returns every bad row
with its reason, and the caller imports only when there are none.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from loops.models.people import Function, Person

REQUIRED_COLUMNS = ("name", "email", "function")
OPTIONAL_COLUMNS = ("title", "senior_leader")
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class PersonRow:
    line: int
    name: str
    email: str
    function: str
    title: str
    is_senior_leader: bool


@dataclass
class ImportResult:
    rows: list[PersonRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without a byte-order mark) or Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_people_csv(text: str, existing_emails: Iterable[str]) -> ImportResult:
    """Check every row of a directory CSV against the format and the directory.

    The header names the columns (any order, any case): name, email, function,
    and optionally title and senior_leader (yes/no). ``existing_emails`` are the
    directory's emails in lower case.
    """
    result = ImportResult()
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        result.errors.append("The file is empty: the first line must name the columns.")
        return result
    except csv.Error as exc:
        result.errors.append(f"Line 1: not readable as CSV ({exc}).")
        return result
    columns = [column.strip().lower().replace(" ", "_") for column in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        result.errors.append(
            f"Line 1: the header lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (it needs name, email and function; title and "
            "senior_leader are optional)."
        )
        return result

    taken = {email.lower() for email in existing_emails}
    seen: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            row = {column: value.strip() for column, value in zip(columns, values, strict=False)}
            problems = _row_problems(row, taken, seen)
            if problems:
                result.errors.append(f"Line {line}: " + "; ".join(problems) + ".")
                continue
            email = row["email"].lower()
            seen[email] = line
            result.rows.append(
                PersonRow(
                    line=line,
                    name=row["name"],
                    email=email,
                    function=Function.from_text(row["function"]).value,
                    title=row.get("title", ""),
                    is_senior_leader=row.get("senior_leader", "").lower() in _YES,
                )
            )
    except csv.Error as exc:
        result.errors.append(f"Line {reader.line_num}: not readable as CSV ({exc}).")
    if not result.rows and not result.errors:
        result.errors.append("The file has a header but no people.")
    return result


def _row_problems(row: dict[str, str], taken: set[str], seen: dict[str, int]) -> list[str]:
    problems = []
    if any("\x00" in value for value in row.values() if isinstance(value, str)):
        problems.append("a cell holds a NUL character, which cannot be stored")
    if not row.get("name"):
        problems.append("the name is empty")
    elif len(row["name"]) > 150:
        problems.append("the name is longer than 150 characters")
    email = row.get("email", "").lower()
    if not email:
        problems.append("the email is empty")
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"“{row['email']}” is not an email address")
        else:
            if email in taken:
                problems.append(f"{email} is already in the directory")
            elif email in seen:
                problems.append(f"{email} is also on line {seen[email]}")
    function = row.get("function", "")
    if Function.from_text(function) is None:
        choices = ", ".join(member.label for member in Function)
        problems.append(f"“{function}” is not a function (use one of: {choices})")
    if len(row.get("title", "")) > 150:
        problems.append("the title is longer than 150 characters")
    senior = row.get("senior_leader", "").lower()
    if senior not in _YES | _NO:
        problems.append(f"senior_leader must be yes or no, not “{row['senior_leader']}”")
    return problems


@transaction.atomic
def save_people(rows: list[PersonRow]) -> int:
    """Add every row to the directory, or none (IntegrityError if an email was taken meanwhile).

    Imported people have no usable password until they reset it.
    """
    Person.objects.bulk_create(
        Person(
            name=row.name,
            email=row.email,
            function=row.function,
            title=row.title,
            is_senior_leader=row.is_senior_leader,
            password="!",
        )
        for row in rows
    )
    return len(rows)
