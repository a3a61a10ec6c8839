"""Logins of staff members: opened on a single sign-on, ended for leavers."""

import datetime
import logging

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import transaction

from districts import audit, clock
from districts.models import StaffMember
from districts.sign_in import Refusal, SignInRefused

LOGGER = logging.getLogger(__name__)

# Written on the staff member's history row when the first single sign-on opens their login.
SIGN_IN_REASON = "Första inloggning (SSO)"


@transaction.atomic
def staff_sign_in(*, email: str, today: datetime.date, actor) -> AbstractBaseUser:
    """Return the login of the current staff member with this work e-mail, creating it on the first sign-in.

    Raises SignInRefused when no staff member has the e-mail, the employment ended before `today`,
    or the login is switched off; nothing is created then. `actor` is None for the identity provider's
    callback (the system opens the login); the staff member's history row names it and the reason.
    """
    email = (email or "").strip()
    if not email:
        raise SignInRefused(Refusal.NO_EMAIL)
    # The row lock makes two first sign-ins at once create one login, not two.
    matches = list(StaffMember.objects.select_for_update().filter(work_email__iexact=email)[:2])
    if len(matches) != 1:
        raise SignInRefused(Refusal.UNKNOWN, email=email)
    staff = matches[0]
    if staff.employment_end is not None and staff.employment_end < today:
        raise SignInRefused(Refusal.LEFT, email=email, employment_end=staff.employment_end)
    user = staff.user
    if user is None:
        users = get_user_model().objects
        if users.filter(username__iexact=staff.work_email).exists():
            raise SignInRefused(Refusal.TAKEN, email=staff.work_email)
        # No password: this login is only ever opened by the identity provider.
        user = users.create_user(
            username=staff.work_email,
            email=staff.work_email,
            first_name=staff.first_name[:150],
            last_name=staff.last_name[:150],
        )
        staff.user = user
        with audit.acting(actor, reason=SIGN_IN_REASON):
            staff.save(update_fields=["user", "updated_at"])
        LOGGER.info("single sign-on: created the login of staff member %s", staff.pk)
    if not user.is_active:
        raise SignInRefused(Refusal.INACTIVE, email=email)
    return user


@transaction.atomic
def leaver_sessions_end(*, today: datetime.date | None = None) -> int:
    """Delete the stored sessions of users whose employment ended before `today`; return how many were deleted."""
    today = today or clock.today()
    sessions = Session.objects.filter(expire_date__gt=clock.now())
    owner_of = {session.pk: session.get_decoded().get(SESSION_KEY) for session in sessions}
    leavers = {
        str(user_id)
        for user_id in StaffMember.objects.filter(
            user_id__in=[int(user_id) for user_id in owner_of.values() if str(user_id or "").isdigit()],
            employment_end__lt=today,
        ).values_list("user_id", flat=True)
    }
    doomed = [key for key, user_id in owner_of.items() if user_id in leavers]
    deleted, _ = Session.objects.filter(pk__in=doomed).delete()
    return deleted
