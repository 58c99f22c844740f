from django.core.management.base import BaseCommand

from loops.debrief.outcomes import record_missing_outcomes


class Command(BaseCommand):
    help = (
        "Record what the reports count (vote shifts, signal gaps, time to decision) for "
        "decided debriefs that lack it, such as those decided before an upgrade. Safe to rerun."
    )

    def handle(self, *args, **options):
        count = record_missing_outcomes()
        self.stdout.write(f"Recorded the outcome of {count} decided debrief(s).")
