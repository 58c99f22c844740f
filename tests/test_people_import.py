import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loops.forms.directory import PersonForm
from loops.models import Person
from loops.services.people_import import decode, parse_people_csv
from tests.factories import PersonFactory

GOOD = """name,email,function,title,senior_leader
Zoe Martin,zoe@example.com,Product,Product Manager,no
Marcus Lee,MARCUS@example.com,sales,VP Sales,yes
Kai Ito,kai@example.com,Customer success,,
"""


def test_a_good_file_reads_every_person():
    result = parse_people_csv(GOOD, existing_emails=[])
    assert result.ok
    assert [(row.name, row.email, row.function, row.is_senior_leader) for row in result.rows] == [
        ("Zoe Martin", "zoe@example.com", "product", False),
        ("Marcus Lee", "marcus@example.com", "sales", True),
        ("Kai Ito", "kai@example.com", "customer_success", False),
    ]


def test_columns_may_come_in_any_order_and_case():
    text = "Email,Function,Name\nzoe@example.com,design,Zoe\n"
    result = parse_people_csv(text, existing_emails=[])
    assert result.ok
    assert result.rows[0].name == "Zoe"


def test_every_bad_row_is_listed_with_its_line_and_reason():
    text = (
        "name,email,function,senior_leader\n"
        "Good Person,good@example.com,sales,no\n"
        ",missing-name@example.com,sales,no\n"
        "Bad Email,not-an-email,sales,no\n"
        "Bad Function,bf@example.com,astrology,no\n"
        "Bad Senior,bs@example.com,sales,perhaps\n"
    )
    result = parse_people_csv(text, existing_emails=[])
    assert not result.ok
    assert result.errors == [
        "Line 3, name: This field is required.",
        "Line 4, email: Enter a valid email address.",
        "Line 5, function: “astrology” is not a function (use one of: Engineering, Product, "
        "Design, Data, Sales, Marketing, Customer success, Operations, People, Finance, "
        "Leadership).",
        "Line 6, senior_leader: “perhaps” is neither yes nor no.",
    ]


def _what_the_page_says(**fields) -> dict:
    """The directory page's own errors for one person."""
    data = {"name": "Zoe", "email": "zoe@example.com", "function": "product", **fields}
    return {field: errors[0].rstrip(".") for field, errors in PersonForm(data=data).errors.items()}


def _one_person(name="Zoe", title="", senior_leader="no") -> str:
    return (
        "name,email,function,title,senior_leader\n"
        f"{name},zoe@example.com,product,{title},{senior_leader}\n"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["name", "title"])
def test_a_row_is_held_to_the_directory_forms_lengths(column):
    limit = Person._meta.get_field(column).max_length
    assert parse_people_csv(_one_person(**{column: "x" * limit}), existing_emails=[]).ok
    too_long = "x" * (limit + 1)
    page = _what_the_page_says(**{column: too_long})
    assert parse_people_csv(_one_person(**{column: too_long}), existing_emails=[]).errors == [
        f"Line 2, {column}: {page[column]}."
    ]


@pytest.mark.django_db
def test_a_nul_character_is_refused_in_the_forms_words_with_its_column():
    page = _what_the_page_says(title="Head\x00of sales")
    text = _one_person(title="Head\x00of sales", senior_leader="maybe")
    assert parse_people_csv(text, existing_emails=[]).errors == [
        f"Line 2, title: {page['title']}; senior_leader: “maybe” is neither yes nor no."
    ]


def test_emails_already_in_the_directory_or_twice_in_the_file_are_refused():
    text = (
        "name,email,function\n"
        "One,one@example.com,sales\n"
        "Taken,Taken@Example.com,sales\n"
        "One Again,ONE@example.com,sales\n"
    )
    result = parse_people_csv(text, existing_emails=["taken@example.com"])
    assert result.errors == [
        "Line 3, email: taken@example.com is already in the directory.",
        "Line 4, email: one@example.com is also on line 2.",
    ]


def test_a_header_without_the_required_columns_is_refused():
    result = parse_people_csv("full name,mail\nZoe,zoe@example.com\n", existing_emails=[])
    assert result.errors == [
        "Line 1: the header lacks the columns name, email, function (it needs name, email "
        "and function; title and senior_leader are optional)."
    ]


def test_an_empty_file_and_a_file_with_no_people_say_so():
    assert parse_people_csv("", existing_emails=[]).errors == [
        "The file is empty: the first line must name the columns."
    ]
    assert parse_people_csv("name,email,function\n\n", existing_emails=[]).errors == [
        "The file has a header but no people."
    ]


def test_files_saved_by_spreadsheets_are_read():
    assert decode("name\n".encode("utf-8-sig")) == "name\n"
    assert decode("Jos\xe9".encode("latin-1")) == "José"


def _upload(text: str, name="people.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.mark.django_db
def test_importing_a_good_file_adds_everyone(client_for, hiring_manager):
    response = client_for(hiring_manager).post(
        reverse("loops:people-import"), {"file": _upload(GOOD)}, follow=True
    )
    assert "Imported 3 people." in response.text
    assert Person.objects.filter(email__in=["zoe@example.com", "marcus@example.com"]).count() == 2
    marcus = Person.objects.get(email="marcus@example.com")
    assert marcus.is_senior_leader
    assert not marcus.has_usable_password()


@pytest.mark.django_db
def test_a_file_with_a_bad_row_imports_nothing_and_lists_the_rows(client_for, hiring_manager):
    PersonFactory(email="taken@example.com")
    text = GOOD + "Again,taken@example.com,sales\nOops,oops,sales\n"
    before = Person.objects.count()
    response = client_for(hiring_manager).post(
        reverse("loops:people-import"), {"file": _upload(text)}
    )
    assert response.status_code == 422
    assert "Nothing was imported: 2 lines need fixing." in response.text
    assert "Line 5, email: taken@example.com is already in the directory." in response.text
    assert "Line 6, email: Enter a valid email address." in response.text
    assert Person.objects.count() == before


@pytest.mark.django_db
def test_a_file_too_large_is_refused_before_reading(client_for, hiring_manager, settings):
    settings.PEOPLE_IMPORT_MAX_BYTES = 1024
    response = client_for(hiring_manager).post(
        reverse("loops:people-import"), {"file": _upload(GOOD * 40)}
    )
    assert response.status_code == 422
    assert "the largest accepted is 1 KB" in response.text


@pytest.mark.django_db
def test_markup_in_a_bad_row_is_shown_as_text(client_for, hiring_manager):
    text = "name,email,function\n<script>alert(1)</script>,x@example.com,<b>sales</b>\n"
    response = client_for(hiring_manager).post(
        reverse("loops:people-import"), {"file": _upload(text)}
    )
    assert "<b>sales</b>" not in response.text
    assert "&lt;b&gt;sales&lt;/b&gt;" in response.text


@pytest.mark.django_db
def test_saving_rows_is_all_or_nothing_when_an_email_was_taken_meanwhile():
    from django.db import IntegrityError

    from loops.services.people_import import PersonRow, save_people

    PersonFactory(email="late@example.com")
    rows = [
        PersonRow(2, "First", "first@example.com", "sales", "", False),
        PersonRow(3, "Late", "late@example.com", "sales", "", False),
    ]
    with pytest.raises(IntegrityError):
        save_people(rows)
    assert not Person.objects.filter(email="first@example.com").exists()
