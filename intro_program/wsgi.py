import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intro_program.settings")
application = get_wsgi_application()

from intro_program.gc_freeze import freeze_after_warm_up  # noqa: E402 - Django is set up by the line above

freeze_after_warm_up()
