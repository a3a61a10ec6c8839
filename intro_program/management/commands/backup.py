from django.core.management.base import BaseCommand, CommandError

from districts import backup


class Command(BaseCommand):
    help = "Back up the database to a timestamped file in var/backups/ (settings.BACKUP_DIR)."

    def handle(self, *args, **options):
        try:
            path = backup.backup()
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
