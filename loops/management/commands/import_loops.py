from django.core.management.base import BaseCommand, CommandError

from loops.services.importing import ImportRefused, import_loops, parse


class Command(BaseCommand):
    help = (
        "Import loops with their notes from a JSON file (the format is "
        "loops/schemas/loops-import.schema.json, described in the README). "
        "A file with any error is refused whole, with the path of every error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to import.")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            raise CommandError(f"Could not read {file}: {error}") from None
        try:
            loops = import_loops(parse(raw))
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Nothing was imported: {len(refused.errors)} error(s) in {file}."
            ) from None
        self.stdout.write(
            f"Imported {len(loops)} loop(s): " + ", ".join(str(loop.pk) for loop in loops)
        )
