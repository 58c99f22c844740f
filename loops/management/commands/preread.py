import json

from django.core.management.base import BaseCommand, CommandError

from loops.models import Loop
from loops.services import agenda


class Command(BaseCommand):
    help = "Print the pre-read of a loop as JSON (the same schema as /loops/<id>/preread.json)."

    def add_arguments(self, parser):
        parser.add_argument("loop_id", type=int)

    def handle(self, *args, loop_id, **options):
        loop = Loop.objects.select_related("candidate", "role").filter(pk=loop_id).first()
        if loop is None:
            raise CommandError(f"There is no loop {loop_id}.")
        self.stdout.write(json.dumps(agenda.agenda_json(loop, agenda.agenda_for(loop)), indent=2))
