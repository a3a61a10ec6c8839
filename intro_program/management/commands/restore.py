from django.core.management.base import BaseCommand, CommandError

from districts import backup


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup` (make restore FILE=...)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup file, e.g. var/backups/intro_program-20261201-020000.dump")

    def handle(self, *args, file: str, **options):
        try:
            backup.restore(path=file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {file}")
