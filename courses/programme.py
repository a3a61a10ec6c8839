"""The default programme of DOMAIN.md: Del 1 with three modules, Del 2 with 19 themes, and the supervisors' training.

Plain data plus one loader that takes the model classes, so the data migration (with historical
models) and the service for new organisations load exactly the same programme.
"""

from decimal import Decimal

DEL1_NAME = "Del 1"
DEL1_DESCRIPTION = (
    "Introduktionens första del, cirka 2,5 dagar, som görs under de första fyra månaderna. "
    "Den ges en gång i månaden utom under sommaren."
)
DEL1_MODULES = [
    ("Att arbeta i en politiskt styrd organisation, regler och riktlinjer", "regelverk", Decimal("1.5")),
    ("Dokumentation och kommunikation", "dokumentation", Decimal("0.5")),
    ("Bemötande, samtal och relationer", "bemotande", Decimal("0.5")),
]

DEL2_NAME = "Del 2"
DEL2_DESCRIPTION = (
    "Introduktionens andra del, cirka 12,5 dagar med 19 kunskapsteman, som görs under de två första åren. "
    "Den ges i sin helhet en gång om året; erfarna medarbetare kan delta."
)
# The report gives days per area, not per theme (regelverk 0.5, handläggningsprocessen 10.5, bemötande 1.5;
# documentation and collaboration are woven into the other sessions). Each area's days are spread over its
# themes so that the areas keep their totals and the course sums to 12.5 days.
DEL2_THEMES = [
    ("Socialtjänstlagen och förvaltningsrätt", "regelverk", Decimal("0.20")),
    ("Sekretess och dataskydd", "regelverk", Decimal("0.15")),
    ("Barnkonventionen och barnrättsperspektiv", "regelverk", Decimal("0.15")),
    ("Aktualisering och förhandsbedömning", "handlaggningsprocessen", Decimal("1.05")),
    ("Utredning och utredningsmetodik", "handlaggningsprocessen", Decimal("1.05")),
    ("Risk- och skyddsfaktorer", "handlaggningsprocessen", Decimal("1.05")),
    ("Bedömning och analys", "handlaggningsprocessen", Decimal("1.05")),
    ("Beslut och motivering", "handlaggningsprocessen", Decimal("1.05")),
    ("Insatser och val av insats", "handlaggningsprocessen", Decimal("1.05")),
    ("Uppföljning och utvärdering", "handlaggningsprocessen", Decimal("1.05")),
    ("Tvångsvård (LVU/LVM)", "handlaggningsprocessen", Decimal("1.05")),
    ("Evidensbaserad praktik", "handlaggningsprocessen", Decimal("1.05")),
    ("Våld i nära relationer", "handlaggningsprocessen", Decimal("1.05")),
    ("Journalföring och dokumentation", "dokumentation", Decimal("0")),
    ("Att skriva utredningar", "dokumentation", Decimal("0")),
    ("Samtalsmetodik", "bemotande", Decimal("0.50")),
    ("Samtal med barn", "bemotande", Decimal("0.50")),
    ("Delaktighet och bemötande", "bemotande", Decimal("0.50")),
    ("Samverkan med andra aktörer", "samverkan", Decimal("0")),
]


# The city report (000): the 1:e socialsekreterare "behöver därför utbildas i att introducera nyanställda och
# handleda socialsekreterare inom en för staden gemensam struktur", the same across the city. It names no
# content or length: three days in three modules is a proposal the coordinator edits.
FORSTE_TRAINING_NAME = "Att introducera och handleda"
FORSTE_TRAINING_DESCRIPTION = (
    "Utbildning för 1:e socialsekreterare i att introducera nyanställda och handleda socialsekreterare "
    "inom stadens gemensamma struktur för introduktion."
)
FORSTE_TRAINING_MODULES = [
    ("Rollen som 1:e socialsekreterare: metodhandledning som enhetschefens förlängda arm", "regelverk", Decimal("1")),
    (
        "Att introducera nyanställda: den gemensamma strukturen och den individuella planen",
        "handlaggningsprocessen",
        Decimal("1"),
    ),
    ("Handledning med ett coachande och pedagogiskt förhållningssätt", "bemotande", Decimal("1")),
]


def install_supervisor_training(course_model, module_model, organisation_id: int) -> None:
    """Create the training for 1:e socialsekreterare unless the organisation has one (or a course of its name)."""
    existing = course_model.objects.filter(organisation_id=organisation_id)
    if existing.filter(kind="forste_training").exists() or existing.filter(name=FORSTE_TRAINING_NAME).exists():
        return
    course = course_model.objects.create(
        organisation_id=organisation_id,
        kind="forste_training",
        name=FORSTE_TRAINING_NAME,
        description=FORSTE_TRAINING_DESCRIPTION,
    )
    module_model.objects.bulk_create(
        [
            module_model(course=course, title=title, area=area, days=days, order=order)
            for order, (title, area, days) in enumerate(FORSTE_TRAINING_MODULES, start=1)
        ]
    )


def install_default_programme(course_model, module_model, organisation_id: int) -> None:
    """Create Del 1, Del 2 and the supervisors' training with their modules unless the organisation has them."""
    install_supervisor_training(course_model, module_model, organisation_id)
    for kind, name, description, modules in (
        ("del1", DEL1_NAME, DEL1_DESCRIPTION, DEL1_MODULES),
        ("del2", DEL2_NAME, DEL2_DESCRIPTION, DEL2_THEMES),
    ):
        course, created = course_model.objects.get_or_create(
            organisation_id=organisation_id, kind=kind, defaults={"name": name, "description": description}
        )
        if not created:
            continue
        module_model.objects.bulk_create(
            [
                module_model(course=course, title=title, area=area, days=days, order=order)
                for order, (title, area, days) in enumerate(modules, start=1)
            ]
        )
