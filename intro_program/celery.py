"""The Celery app, configured from the CELERY_ settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intro_program.settings")

app = Celery("intro_program")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
