"""`manage.py benchmark`: seed national and city scale in a separate database, serve it with gunicorn and measure."""

import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from intro_program.bench import database, history, runner


class Command(BaseCommand):
    help = "Seed national and city scale in a separate database and measure the pages; fails when a target is missed."

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=50_000, help="national staff to seed (default 50,000)")
        parser.add_argument("--city-staff", type=int, default=2_500, help="city staff to seed (default 2,500)")
        parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds over the pages (default 7)")
        parser.add_argument("--load-seconds", type=int, default=60, help="length of the load run (0: none)")
        parser.add_argument("--export-plans", type=int, default=300, help="plans in the bulk export (0: none)")
        parser.add_argument("--only", default="", help="measure only the pages whose label contains this")
        parser.add_argument("--seed-only", action="store_true", help="seed (or reuse) and stop")
        parser.add_argument("--fresh", action="store_true", help="drop the benchmark database and seed again")
        parser.add_argument(database.CHILD_FLAG, action="store_true", dest="in_bench_database", help="internal")

    def handle(self, *args, in_bench_database: bool, fresh: bool, **options):
        if not in_bench_database:
            database.run_in_bench_database(argv=sys.argv[2:], fresh=fresh, stdout=self.stdout)
            return
        settings.DEBUG = False  # no query log: seeding sends thousands of large inserts
        call_command("migrate", verbosity=0, interactive=False)
        seconds = history.seed_once(staff_count=options["staff"], city_staff=options["city_staff"], stdout=self.stdout)
        runner.remember_seed(seconds)
        if options["seed_only"]:
            return
        ok = runner.run(
            rounds=options["rounds"],
            load_seconds=options["load_seconds"],
            export_plans=options["export_plans"],
            only=options["only"],
            stdout=self.stdout,
        )
        if not ok:
            sys.exit(1)
