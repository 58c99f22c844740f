import pytest
from django.urls import reverse

from loops.models import Notice

pytestmark = pytest.mark.django_db


def test_unread_notices_are_counted_in_the_navigation_and_read_on_opening(client_for, interviewer):
    Notice.objects.create(recipient=interviewer, text="You are interviewing Casey", url="/x/")
    client = client_for(interviewer)
    assert '<span class="count-badge">1<span class="visually-hidden"> unread</span>' in (
        client.get(reverse("loops:roles")).text
    )
    page = client.get(reverse("loops:notices"))
    assert "You are interviewing Casey" in page.text
    assert "New" in page.text
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    assert "count-badge" not in client.get(reverse("loops:roles")).text


def test_nobody_reads_anothers_notices(client_for, interviewer, outsider):
    Notice.objects.create(recipient=interviewer, text="Private to Ivan")
    page = client_for(outsider).get(reverse("loops:notices"))
    assert "Private to Ivan" not in page.text
    assert "Nothing yet." in page.text
