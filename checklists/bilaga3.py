"""The default Bilaga 3 checklist as plain data: loaded by a migration and for every new organisation.

Bilaga 3 itself is not in the city report's text; this follows the structure the report describes
(see DOMAIN.md). Due days count calendar days from the first working day (negative: before it).
Coordinators edit it in the app; editing makes a new version, this data only seeds version 1.
"""

TEMPLATE_NAME = "Bilaga 3: Introduktion för socialsekreterare"

ALL = ["nyexaminerad", "ny_myndighetsutovning", "ny_malgrupp", "ny_kommun"]
NEW_TO_WORK = ["nyexaminerad", "ny_myndighetsutovning"]
NOT_ONLY_NEW_TO_MUNICIPALITY = ["nyexaminerad", "ny_myndighetsutovning", "ny_malgrupp"]

# The default titles of the two items that tick themselves from a record other than a course. The ticks find
# them by their `automatic_source` (AUTOMATIC_SOURCES below), so a coordinator may rename them.
COMPETENCE_REVIEW_ITEM = "Kompetensnivån omprövad"
INTRODUCTION_EVALUATION_TITLE = "Den nyanställda utvärderar sin introduktion"

# (phase, heading)
PHASES = [
    ("fore_start", "Före första dagen"),
    ("forsta_veckan", "Första veckan"),
    ("forsta_veckorna", "De första veckorna"),
    ("forsta_fyra_manaderna", "De första fyra månaderna"),
    ("forsta_aret", "Första året"),
    ("andra_aret", "Andra året"),
]

# (phase, title, guidance, responsible role, due day, profiles, course kind whose completion ticks it or "")
ITEMS = [
    (
        "fore_start",
        "Anställningen registrerad och underlag för behörigheter skickat",
        "HR registrerar anställningen så att IT kan beställas.",
        "hr",
        -14,
        ALL,
        "",
    ),
    (
        "fore_start",
        "IT- och systembehörigheter beställda",
        "Dator, e-post, verksamhetssystem och behörigheter i journalsystemet.",
        "enhetschef",
        -10,
        ALL,
        "",
    ),
    ("fore_start", "Telefon, nycklar och passerkort klara", "", "enhetschef", -3, ALL, ""),
    (
        "fore_start",
        "Arbetsplatsen iordningställd",
        "Skrivbord, stol och det som behövs från första dagen.",
        "enhetschef",
        -3,
        ALL,
        "",
    ),
    ("fore_start", "Fadder utsedd", "En erfaren kollega som den nyanställda går bredvid.", "enhetschef", -7, ALL, ""),
    ("fore_start", "1:e socialsekreterare informerad", "", "enhetschef", -7, ALL, ""),
    ("fore_start", "Schema för första veckan skickat till den nyanställda", "", "enhetschef", -5, ALL, ""),
    ("forsta_veckan", "Välkomstsamtal med enhetschefen", "", "enhetschef", 0, ALL, ""),
    (
        "forsta_veckan",
        "Första behovssamtal utifrån den gemensamma strukturen",
        "Gå igenom tidigare erfarenhet och kunskapsområdena.",
        "enhetschef",
        2,
        ALL,
        "",
    ),
    (
        "forsta_veckan",
        "Individuell skriftlig introduktionsplan upprättad",
        "Vad som ska läras, hur och vem som ansvarar.",
        "enhetschef",
        4,
        ALL,
        "",
    ),
    (
        "forsta_veckan",
        "Veckovisa tider med 1:e socialsekreterare bokade för första året",
        "",
        "forste_socialsekreterare",
        4,
        ALL,
        "",
    ),
    (
        "forsta_veckan",
        "Avstämningstider med enhetschefen bokade",
        "Cirka 1, 4, 6 och 12 månader.",
        "enhetschef",
        4,
        ALL,
        "",
    ),
    ("forsta_veckan", "Tider med faddern bokade", "", "fadder", 4, ALL, ""),
    ("forsta_veckan", "Reflektionstid schemalagd", "", "enhetschef", 4, ALL, ""),
    ("forsta_veckan", "Introduktionspärm och handbok genomgångna", "", "fadder", 3, ALL, ""),
    ("forsta_veckan", "Deltar i teamets metodmöten", "", "nyanstalld", 4, ALL, ""),
    ("forsta_veckorna", "Går bredvid en erfaren kollega", "", "fadder", 10, ALL, ""),
    (
        "forsta_veckorna",
        "Första enkla ärenden (långsam start)",
        "Endast enklare ärenden de första veckorna.",
        "forste_socialsekreterare",
        14,
        NOT_ONLY_NEW_TO_MUNICIPALITY,
        "",
    ),
    (
        "forsta_veckorna",
        "Verksamhetssystemet och dokumentationsrutinerna genomgångna",
        "",
        "forste_socialsekreterare",
        14,
        ALL,
        "",
    ),
    (
        "forsta_fyra_manaderna",
        "Anmäld till Del 1",
        "Enhetschefen nominerar till nästa omgång.",
        "enhetschef",
        30,
        ALL,
        "",
    ),
    ("forsta_fyra_manaderna", "Del 1 genomförd", "Inom de första fyra månaderna.", "nyanstalld", 120, ALL, "del1"),
    (
        "forsta_fyra_manaderna",
        "Värdegrund, myndighetsrollen, förhållningssätt, policyer och riktlinjer genomgångna",
        "",
        "enhetschef",
        60,
        ALL,
        "",
    ),
    (
        "forsta_fyra_manaderna",
        "Utför handläggningsmoment självständigt med nära återkoppling",
        "",
        "forste_socialsekreterare",
        90,
        NOT_ONLY_NEW_TO_MUNICIPALITY,
        "",
    ),
    (
        "forsta_fyra_manaderna",
        "Övar efter Del 1 tillsammans med 1:e socialsekreterare",
        "",
        "forste_socialsekreterare",
        120,
        ALL,
        "",
    ),
    (
        "forsta_aret",
        "Veckovis enskild handledning under första året",
        "Minst en gång i veckan.",
        "forste_socialsekreterare",
        365,
        ALL,
        "",
    ),
    ("forsta_aret", "Uppföljningssamtal efter cirka sex månader", "", "enhetschef", 182, ALL, ""),
    ("forsta_aret", "Del 2-teman påbörjade", "", "nyanstalld", 270, NOT_ONLY_NEW_TO_MUNICIPALITY, ""),
    ("forsta_aret", "Ettårsuppföljning med enhetschefen", "", "enhetschef", 365, ALL, ""),
    ("andra_aret", "Alla Del 2-teman genomförda", "", "nyanstalld", 730, NOT_ONLY_NEW_TO_MUNICIPALITY, "del2"),
    ("andra_aret", f"{COMPETENCE_REVIEW_ITEM} (Nybörjare till Kunnig)", "", "enhetschef", 730, NEW_TO_WORK, ""),
    ("andra_aret", INTRODUCTION_EVALUATION_TITLE, "", "nyanstalld", 730, ALL, ""),
]


# Items ticked when the hire gets a seat on the course (booked, or promoted from the waitlist), not when
# they complete it: title -> course kind. Cancelling the last such seat unticks the item again.
TICKED_BY_BOOKING = {"Anmäld till Del 1": "del1"}

# Items ticked by a record that is not a course: title -> TemplateItem.automatic_source (checklists.models).
AUTOMATIC_SOURCES = {
    f"{COMPETENCE_REVIEW_ITEM} (Nybörjare till Kunnig)": "competence_review",
    INTRODUCTION_EVALUATION_TITLE: "introduction_evaluation",
}


def _course_link(title: str, course_kind: str, course_id_for_kind) -> dict:
    if course_id_for_kind is None:
        return {}
    if title in TICKED_BY_BOOKING:
        return {"course_id": course_id_for_kind(TICKED_BY_BOOKING[title]), "course_trigger": "booked"}
    return {"course_id": course_id_for_kind(course_kind)} if course_kind else {}


def install(*, organisation_id: int, get_model, now, course_id_for_kind=None) -> bool:
    """Create the default template, published as version 1, unless the organisation has it; return whether created.

    `get_model(name)` returns a checklists model, so a migration can pass its historical models;
    `course_id_for_kind(kind)` finds the organisation's Del 1 / Del 2 course for the items they tick.
    """
    template_model = get_model("ChecklistTemplate")
    if template_model.objects.filter(organisation_id=organisation_id, name=TEMPLATE_NAME).exists():
        return False
    template = template_model.objects.create(organisation_id=organisation_id, name=TEMPLATE_NAME)
    version = get_model("TemplateVersion").objects.create(template=template, number=1, status="draft")
    phases = {}
    for position, (phase, title) in enumerate(PHASES):
        phases[phase] = get_model("TemplatePhase").objects.create(
            version=version, phase=phase, title=title, position=position
        )
    item_model = get_model("TemplateItem")
    # A migration older than the field passes a historical model without it.
    has_sources = any(field.name == "automatic_source" for field in item_model._meta.get_fields())
    item_model.objects.bulk_create(
        item_model(
            version=version,
            phase=phases[phase],
            title=title,
            guidance=guidance,
            responsible_role=role,
            due_day=due_day,
            profiles=list(profiles),
            position=position,
            **_course_link(title, course_kind, course_id_for_kind),
            **({"automatic_source": AUTOMATIC_SOURCES.get(title, "")} if has_sources else {}),
        )
        for position, (phase, title, guidance, role, due_day, profiles, course_kind) in enumerate(ITEMS)
    )
    # Published last: once published, the database refuses changes to the items.
    get_model("TemplateVersion").objects.filter(pk=version.pk).update(status="published", published_at=now)
    return True
