"""Give every new organisation the default programme, however it is created (admin, import, seed)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from districts.models import Organisation


@receiver(post_save, sender=Organisation, dispatch_uid="courses_install_programme")
def install_programme_for_new_organisation(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from courses.services import programme_install_defaults

        programme_install_defaults(organisation=instance)
