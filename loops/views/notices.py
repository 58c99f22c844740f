from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from loops.models import Notice

NOTICES_SHOWN = 50


@require_GET
def notice_list(request):
    """A person's notices, newest first; opening the page marks them read."""
    notices = list(Notice.objects.filter(recipient=request.user)[:NOTICES_SHOWN])
    unread = [notice.pk for notice in notices if notice.read_at is None]
    if unread:
        Notice.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "loops/notices.html", {"notices": notices, "unread": set(unread)})
