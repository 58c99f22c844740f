"""Reading people from a CSV file for the directory.

A file is taken whole or not at all: ``parse_people_csv`` returns every bad row
with its line and the reason by column, and the caller imports only when there are none.
Each row goes through the directory page's own form, so a name, an email or a title is
held to the same rules (and lengths) as one typed on the page.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from loops.forms.directory import PersonForm
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
            person, problems = _read_row(row, line, taken, seen)
            if problems:
                result.errors.append(
                    f"Line {line}, " + "; ".join(f"{c}: {m}" for c, m in problems.items()) + "."
                )
            else:
                result.rows.append(person)
    except csv.Error as exc:
        result.errors.append(f"Line {reader.line_num}: not readable as CSV ({exc}).")
    if not result.rows and not result.errors:
        result.errors.append("The file has a header but no people.")
    return result


class _RowForm(PersonForm):
    """The directory page's form, less its query for an email already taken: a file's rows
    are checked against the directory's emails, read once, and against each other."""

    def validate_unique(self):
        pass


# The form's fields, by the columns of the file that fill them.
_FIELDS = {
    "name": "name",
    "email": "email",
    "function": "function",
    "title": "title",
    "senior_leader": "is_senior_leader",
}


def _read_row(
    row: dict[str, str], line: int, taken: set[str], seen: dict[str, int]
) -> tuple[PersonRow | None, dict[str, str]]:
    """The person on a row, or its problems by column. The form says what a name, an email
    and a title may be; the file's own words (a function's label, yes or no) are read here."""
    problems: dict[str, str] = {}
    function = Function.from_text(row.get("function", ""))
    if function is None:
        choices = ", ".join(member.label for member in Function)
        problems["function"] = (
            f"“{row.get('function', '')}” is not a function (use one of: {choices})"
        )
    senior = row.get("senior_leader", "")
    if senior.lower() not in _YES | _NO:
        problems["senior_leader"] = f"“{senior}” is neither yes nor no"
    form = _RowForm(
        data={
            "name": row.get("name", ""),
            "email": row.get("email", ""),
            "function": function.value if function else "",
            "title": row.get("title", ""),
            "is_senior_leader": senior.lower() in _YES,
        }
    )
    form.is_valid()
    columns = {name: column for column, name in _FIELDS.items()}
    for name, errors in form.errors.items():
        column = columns.get(name, "row" if name == NON_FIELD_ERRORS else name)
        problems.setdefault(column, "; ".join(error.rstrip(".") for error in errors))
    email = form.cleaned_data.get("email", "")
    if email and "email" not in problems:
        if email in taken:
            problems["email"] = f"{email} is already in the directory"
        elif email in seen:
            problems["email"] = f"{email} is also on line {seen[email]}"
    if problems:
        # In the order of the columns of the format.
        return None, {
            column: problems[column] for column in [*_FIELDS, *problems] if column in problems
        }
    seen[email] = line
    return PersonRow(
        line=line,
        name=form.cleaned_data["name"],
        email=email,
        function=form.cleaned_data["function"],
        title=form.cleaned_data["title"],
        is_senior_leader=form.cleaned_data["is_senior_leader"],
    ), {}


@transaction.atomic
def save_people(rows: list[PersonRow]) -> int:
    """Add every row to the directory, or none (IntegrityError if an email was taken meanwhile).

    Imported people cannot sign in yet: they have no password of their own, and Django's
    password reset skips accounts without a usable password.
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
