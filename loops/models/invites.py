from django.db import models

from loops.models.loops import Loop, RoundType
from loops.models.people import Person


class Cancellation(models.Model):
    """An interviewer taken off a slot of a scheduled loop, to be told once.

    A row of its own because the slot may be gone, or belong to someone else, by the time
    the email goes out; ``sent_at`` is the claim that makes a retried send harmless.
    """

    interviewer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="+")
    # The calendar event being cancelled: the UID of the slot's invite, one version later.
    uid = models.CharField(max_length=100)
    sequence = models.PositiveIntegerField()
    round_type = models.CharField(max_length=16, choices=RoundType.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Cancel {self.uid} for {self.interviewer}"
