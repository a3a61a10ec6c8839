"""The daily reminder: one email per responsible person with their items due within a week or overdue."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction

from checklists import selectors
from checklists.models import ReminderSent, ResponsibleRole
from districts import mail
from districts.models import Role, StaffMember

DAYS_AHEAD = 7


def _hr_people(organisation_ids: set[int]) -> dict[int, list[StaffMember]]:
    people = defaultdict(list)
    hr_staff = StaffMember.objects.filter(
        organisation_id__in=organisation_ids, roles__role=Role.HR, employment_end__isnull=True
    ).distinct()
    for person in hr_staff:
        people[person.organisation_id].append(person)
    return people


def reminders_send(*, today: datetime.date) -> int:
    """Email each responsible person once for `today`; return how many emails were sent."""
    items = list(selectors.items_needing_reminder(today=today, days_ahead=DAYS_AHEAD))
    hr_by_organisation = _hr_people({item.plan.staff.organisation_id for item in items})
    by_person: dict[int, list] = defaultdict(list)
    people: dict[int, StaffMember] = {}
    for item in items:
        if item.responsible_role == ResponsibleRole.HR:
            recipients = hr_by_organisation.get(item.plan.staff.organisation_id, [])
        else:
            person = selectors.responsible_person(plan=item.plan, role=item.responsible_role)
            recipients = [person] if person else []
        for person in recipients:
            people[person.pk] = person
            by_person[person.pk].append(item)
    sent = 0
    for person_id, person_items in by_person.items():
        sent += _send_one(person=people[person_id], items=person_items, today=today)
    return sent


def _send_one(*, person: StaffMember, items: list, today: datetime.date) -> int:
    # The record and the email share a transaction: if sending fails, tomorrow's run (or a retry) sends it.
    with transaction.atomic():
        _record, created = ReminderSent.objects.get_or_create(
            staff=person, day=today, defaults={"item_count": len(items)}
        )
        if not created:
            return 0
        overdue = [item for item in items if item.due_date < today]
        upcoming = [item for item in items if item.due_date >= today]
        mail.send(
            "checklists/email/reminder",
            {
                "person": person,
                "overdue": overdue,
                "upcoming": upcoming,
                "count": len(items),
                "site_url": settings.SITE_URL,
            },
            [person],
        )
    return 1
