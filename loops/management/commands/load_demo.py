from django.core.management.base import BaseCommand

from loops.demo.seed import DEMO_PASSWORD, demo_sign_ins, load_demo


class Command(BaseCommand):
    help = "Load the demo company (people, roles). Safe to run again: it adds only what is missing."

    def add_arguments(self, parser):
        parser.add_argument("--sign-ins", action="store_true", help="Print the demo sign-ins.")

    def handle(self, *args, sign_ins=False, **options):
        created = load_demo()
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(f"Demo data loaded (new: {summary}).")
        if sign_ins:
            self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
            for who, email in demo_sign_ins():
                self.stdout.write(f"  {who:<17} {email}")
