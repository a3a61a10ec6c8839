"""Demo data for the programme's people: a key-people register per area, lecturers on sessions, shares of a post.

Three or four experienced social workers (Specialist or Expert) per programme area are key people, and
each district's utbildarstöd is one for an area or two; every Del 1 and Del 2 session of the past year and
the coming one gets a key person of its areas as lecturer, and about half the Del 1 sessions also an
utbildarstöd, so each of them teaches a handful of days a year against their 0.2 of a post (one district
gives 0.3). Idempotent: nothing is added once the organisation has a register.
"""

import datetime
import random
from decimal import Decimal

from courses.models import CourseKind, KeyPerson, ProgrammeArea, RoundSession, TrainerSupportShare
from districts import audit
from districts import selectors as district_selectors
from districts.models import CompetenceLevel, Organisation, Role, StaffMember

KEY_PEOPLE_PER_AREA = 4
TRAINER_SHARE_ON_DEL1 = 0.5


def seed(*, organisation: Organisation, today: datetime.date, rng: random.Random) -> None:
    """Fill the register, name lecturers on the year's sessions and give one district a larger share."""
    if KeyPerson.objects.filter(staff__organisation=organisation).exists():
        return
    employed = StaffMember.objects.filter(organisation=organisation).filter(district_selectors.employed_on(day=today))
    trainers = list(employed.filter(roles__role=Role.UTBILDARSTOD).select_related("unit").order_by("pk").distinct())
    experts = list(
        employed.filter(competence_level__in=[CompetenceLevel.SPECIALIST, CompetenceLevel.EXPERT])
        .exclude(pk__in=[trainer.pk for trainer in trainers])
        .order_by("pk")
    )
    areas = list(ProgrammeArea.values)
    with audit.acting(None, reason="Demodata"):
        register = []
        for area in areas:
            for person in rng.sample(experts, min(KEY_PEOPLE_PER_AREA, len(experts))):
                register.append(KeyPerson(staff=person, area=area))
        for trainer in trainers:
            for area in rng.sample(areas, 2):
                register.append(KeyPerson(staff=trainer, area=area))
        audit.bulk_create(register, KeyPerson)
        if len(trainers) > 1 and trainers[1].unit:
            TrainerSupportShare.objects.create(district_id=trainers[1].unit.district_id, share=Decimal("0.3"))
        _name_lecturers(organisation, today, rng, register, trainers)


def _name_lecturers(organisation, today, rng, register, trainers) -> None:
    by_area: dict[str, list[StaffMember]] = {}
    for key_person in register:
        by_area.setdefault(key_person.area, []).append(key_person.staff)
    sessions = (
        RoundSession.objects.filter(
            course_round__course__organisation=organisation,
            course_round__course__kind__in=[CourseKind.DEL1, CourseKind.DEL2],
            cancelled=False,
            date__range=(today - datetime.timedelta(days=365), today + datetime.timedelta(days=365)),
        )
        .select_related("course_round__course")
        .prefetch_related("modules")
        .order_by("date", "pk")
    )
    for session in sessions:
        areas = sorted({module.area for module in session.modules.all() if module.area}) or sorted(by_area)
        candidates = [person for area in areas for person in by_area.get(area, [])]
        chosen = {rng.choice(candidates)} if candidates else set()
        if trainers and session.course_round.course.kind == CourseKind.DEL1 and rng.random() < TRAINER_SHARE_ON_DEL1:
            chosen.add(rng.choice(trainers))
        if chosen:
            session.lecturer_staff.add(*chosen)
