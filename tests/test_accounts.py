"""Who may change a directory entry and an account's email, and what a changed email does:
it ends the person's sessions and tells the old address, so a takeover cannot go unseen."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from loops.models import AuditEvent, Person
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db


def edit(client, person, **changes):
    data = {
        "name": person.name,
        "email": person.email,
        "function": person.function,
        "title": person.title,
        **changes,
    }
    return client.post(reverse("loops:person-edit", args=[person.pk]), data)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def is_signed_in(client) -> bool:
    return client.get(reverse("loops:people")).status_code == 200


@pytest.mark.parametrize("target", ["staff", "recruiter", "superuser"])
def test_the_hiring_team_cannot_change_the_entry_of_staff_or_of_the_hiring_team(
    request, client_for, outsider, target
):
    if target == "superuser":
        person = PersonFactory(is_staff=True, is_superuser=True, email="root@example.com")
    else:
        person = request.getfixturevalue(target)
    before = person.email
    client = client_for(outsider)

    assert client.get(reverse("loops:person-edit", args=[person.pk])).status_code == 403
    response = edit(client, person, email="attacker@evil.example", name="Taken Over")
    assert response.status_code == 403
    person.refresh_from_db()
    assert (person.email, person.name) == (before, person.name)
    assert person.name != "Taken Over"


def test_the_hiring_team_keeps_a_persons_facts_but_not_the_email_they_sign_in_with(
    client_for, outsider, interviewer
):
    client = client_for(outsider)
    page = client.get(reverse("loops:person-edit", args=[interviewer.pk]))
    assert 'name="email"' not in page.text
    assert "only staff, or Ivan Interviewer from their own account page, can change it" in (
        page.text
    )

    response = edit(client, interviewer, email="attacker@evil.example", title="Staff Engineer")
    assert response.status_code == 302
    interviewer.refresh_from_db()
    assert interviewer.title == "Staff Engineer"
    assert interviewer.email == "ivan@example.com"


def test_the_hiring_team_cannot_give_access(client_for, outsider, interviewer):
    edit(client_for(outsider), interviewer, is_hiring_team="on")
    interviewer.refresh_from_db()
    assert not interviewer.is_hiring_team
    new = client_for(outsider).post(
        reverse("loops:person-new"),
        {"name": "New", "email": "new@example.com", "function": "sales", "is_hiring_team": "on"},
    )
    assert new.status_code == 302
    assert not Person.objects.get(email="new@example.com").is_hiring_team


def test_the_hiring_team_corrects_the_email_of_someone_who_never_signed_in(client_for, outsider):
    imported = Person.objects.create_user("tpyo@example.com", name="Imported Person")
    response = edit(client_for(outsider), imported, email="typo@example.com")
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.email == "typo@example.com"


def test_the_directory_links_only_the_entries_one_may_change(
    client_for, outsider, interviewer, staff, recruiter
):
    page = client_for(outsider).get(reverse("loops:people")).text
    assert f'href="/people/{interviewer.pk}/"' in page
    assert f'href="/people/{staff.pk}/"' not in page
    assert f'href="/people/{recruiter.pk}/"' not in page
    assert f'href="/people/{recruiter.pk}/"' in client_for(staff).get("/people/").text


@pytest.mark.django_db(transaction=True)
def test_staff_change_an_email_which_ends_the_persons_sessions_and_tells_the_old_address(
    staff, interviewer, celery_worker, wait_for
):
    theirs = signed_in(interviewer)
    assert is_signed_in(theirs)

    response = edit(signed_in(staff), interviewer, email="ivan.new@example.com")
    assert response.status_code == 302
    interviewer.refresh_from_db()
    assert interviewer.email == "ivan.new@example.com"
    assert not is_signed_in(theirs)

    assert wait_for(lambda: mail.outbox)
    (notice,) = mail.outbox
    assert notice.to == ["ivan@example.com"]
    assert "changed from ivan@example.com to ivan.new@example.com by Sam Staff" in notice.body
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_CHANGED)
    assert event.actor == staff
    assert event.detail == {"person": interviewer.pk, "fields": ["email"]}


@pytest.mark.django_db(transaction=True)
def test_a_person_changes_their_own_email_only_with_their_password(
    interviewer, celery_worker, wait_for
):
    here, elsewhere = signed_in(interviewer), signed_in(interviewer)
    url = reverse("loops:account")

    wrong = here.post(url, {"email": "ivan@new.example", "password": "not it"})
    assert wrong.status_code == 422
    assert "That is not your password." in wrong.text
    interviewer.refresh_from_db()
    assert interviewer.email == "ivan@example.com"

    right = here.post(url, {"email": "Ivan@New.Example", "password": PASSWORD}, follow=True)
    assert "Your email is now ivan@new.example" in right.text
    interviewer.refresh_from_db()
    assert interviewer.email == "ivan@new.example"
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert wait_for(lambda: mail.outbox)
    assert mail.outbox[0].to == ["ivan@example.com"]
    assert "by you" in mail.outbox[0].body


def test_an_email_someone_else_has_is_refused_on_the_account_page(client_for, interviewer, staff):
    response = client_for(interviewer).post(
        reverse("loops:account"), {"email": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 422
    assert "Someone in the directory already has this email." in response.text


def test_someone_added_by_the_hiring_team_cannot_sign_in_yet_so_their_email_can_be_fixed(
    client_for, outsider
):
    client_for(outsider).post(
        reverse("loops:person-new"),
        {"name": "New Person", "email": "nwe@example.com", "function": "sales"},
    )
    person = Person.objects.get(email="nwe@example.com")
    assert not person.has_usable_password()
    assert not person.can_sign_in
    assert AuditEvent.objects.filter(actor=outsider, detail__person=person.pk).exists()
    edit(client_for(outsider), person, email="new@example.com")
    person.refresh_from_db()
    assert person.email == "new@example.com"
