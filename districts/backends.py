"""Authentication: a login works only while its staff member is employed.

A leaver's last day is `StaffMember.employment_end`; from the day after, `authenticate()` refuses
them (every login form that uses it, the admin's too), and `intro_program.middleware.SessionLimitsMiddleware`
ends a session they still have, whichever backend opened it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from districts import clock


def employment_ended_on(user, *, today: datetime.date | None = None) -> datetime.date | None:
    """Return the last day of the user's employment when it has passed; None while they are employed."""
    staff = getattr(user, "staff_member", None)
    if staff is None or staff.employment_end is None:
        return None
    return staff.employment_end if staff.employment_end < (today or clock.today()) else None


def leaver_with_password(username: str, password: str) -> datetime.date | None:
    """Return the ended employment's last day when the credentials are right but belong to a leaver."""
    if not username or not password:
        return None
    user_model = get_user_model()
    user = user_model._default_manager.select_related("staff_member").filter(**{user_model.USERNAME_FIELD: username})
    user = user.first()
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return employment_ended_on(user)


def session_user(user_id):
    """Return the user a session names, with their staff member and its unit joined, or None when there is none."""
    # One query, with the staff member for the employment check on every request and their unit, so that
    # districts.access.scope_for needs only the roles after it. By primary key, without first()'s ORDER BY:
    # building that query's ordering took a third of its Python time, for a lookup that finds one row or none.
    user_model = get_user_model()
    try:
        return user_model._default_manager.select_related("staff_member__unit").get(pk=user_id)
    except user_model.DoesNotExist:
        return None


class EmployedStaffBackend(ModelBackend):
    """Django's ModelBackend, refusing a login whose staff member's employment has ended."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and employment_ended_on(user) is None

    def get_user(self, user_id):
        # A leaver is still returned here, so that the middleware can end the session and say why.
        user = session_user(user_id)
        return user if user is not None and super().user_can_authenticate(user) else None
