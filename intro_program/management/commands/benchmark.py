"""`manage.py benchmark`: seed national scale in a separate database and time the main pages (intro_program.bench)."""

import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from intro_program.bench import database, history, measuring


class Command(BaseCommand):
    help = "Seed national-scale staff in a separate database and time the main pages; fails when a target is missed."

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=50_000, help="staff members to seed (default 50,000)")
        parser.add_argument("--runs", type=int, default=5, help="timed runs per page (default 5)")
        parser.add_argument("--fresh", action="store_true", help="drop the benchmark database and seed again")
        parser.add_argument(database.CHILD_FLAG, action="store_true", dest="in_bench_database", help="internal")

    def handle(self, *args, staff: int, runs: int, fresh: bool, in_bench_database: bool, **options):
        if not in_bench_database:
            database.run_in_bench_database(staff=staff, runs=runs, fresh=fresh, stdout=self.stdout)
            return
        settings.DEBUG = False  # no query log: seeding sends thousands of large inserts
        call_command("migrate", verbosity=0, interactive=False)
        history.seed_once(staff_count=staff, stdout=self.stdout)
        missed = measuring.measure(runs=runs, stdout=self.stdout)
        if missed:
            self.stderr.write(self.style.ERROR(f"\nTargets missed: {', '.join(missed)}"))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("\nEvery page met its targets."))
