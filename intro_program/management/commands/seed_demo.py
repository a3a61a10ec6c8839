from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from districts import clock, demo, demo_region
from intro_program.onboarding import organisation_onboard


class Command(BaseCommand):
    help = "Load the demo organisation (Göteborgs Stad), its staff and a login per role; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=1000, help="number of staff members (default 1000)")

    def handle(self, *args, staff: int, **options):
        today = clock.today()
        try:
            result = demo.seed_organisation(today=today, staff_count=staff)
        except ValueError as error:
            raise CommandError(str(error)) from error
        created = ", ".join(f"{count} {name}" for name, count in result.created.items())
        self.stdout.write(f"{result.organisation.name}: created {created}.")
        organisation_onboard(organisation=result.organisation)
        self._seed(result.organisation, today)
        # The region: the city and three neighbouring municipalities, read together by a regional reader.
        region = demo_region.seed_region(city=result.organisation, today=today)
        self.stdout.write(f"{region.region.name}: {len(region.neighbours) + 1} municipalities.")
        for neighbour in region.neighbours:
            organisation_onboard(organisation=neighbour)
            self._seed(neighbour, today)

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Open {settings.SITE_URL.rstrip('/')}/ and log in as one of:"))
        rows = [("role", "username", "password", "sees")]
        rows += [
            (str(login.role.label), login.username, demo.DEMO_PASSWORD, login.description) for login in result.logins
        ]
        rows.append(
            ("regional läsare", demo_region.READER_USERNAME, demo.DEMO_PASSWORD, demo_region.READER_DESCRIPTION)
        )
        rows.append(("admin (superuser)", demo.ADMIN_USERNAME, demo.DEMO_PASSWORD, "/admin/"))
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        for number, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))

    def _seed(self, organisation, today) -> None:
        for path in settings.DEMO_DATA_SEEDERS:
            seeder = import_string(path)
            self.stdout.write(f"Seeding {path} for {organisation.name} ...")
            seeder(organisation=organisation, today=today)
