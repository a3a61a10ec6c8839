"""The default surveys, modelled on the second report's questionnaires; loaded by a data migration.

Plain data plus a loader that takes the model classes, so the migration (with historical models)
and tests load the same questions. Both are shared defaults (no organisation) that coordinators copy
to change.
"""

KNOWLEDGE_AREA_LABELS = [
    "Utredning",
    "Samtal och relationer",
    "Samverkan",
    "Regelverk och rättsutveckling",
    "Insatser",
    "Uppföljning och utvärdering",
]

# (text, kind, required, allow_dont_know, per_module, allow_other, choices)
EVALUATION = {
    "name": "Kursutvärdering",
    "purpose": "evaluation",
    "introduction": "Tack för att du deltog! Dina svar hjälper oss att göra nästa omgång bättre.",
    "questions": [
        (
            "Vilket helhetsbetyg ger du kursen? (1 = mycket dåligt, 5 = mycket bra)",
            "rating",
            True,
            False,
            False,
            False,
            [],
        ),
        ("Hur värdefull var varje del av kursen för ditt arbete?", "rating", False, True, True, False, []),
        ("Skulle du rekommendera kursen till en kollega?", "yes_no", True, False, False, False, []),
        (
            "Inom vilka områden vill du fördjupa dig? (flera svar möjliga)",
            "multiple_choice",
            False,
            False,
            False,
            True,
            KNOWLEDGE_AREA_LABELS,
        ),
        ("Vad var bäst med kursen?", "free_text", False, False, False, False, []),
        ("Vad borde ändras till nästa omgång?", "free_text", False, False, False, False, []),
    ],
}

FOLLOW_UP = {
    "name": "Uppföljning: används kunskaperna?",
    "purpose": "follow_up",
    "introduction": "Det har gått en tid sedan kursen. Vi vill veta om och hur du använder det du lärde dig.",
    "questions": [
        ("Jag använder kunskaperna från kursen i mitt arbete (1 = stämmer inte alls, 5 = stämmer helt)", "rating",
         True, True, False, False, []),
        ("Vad har hjälpt dig att använda kunskaperna? (flera svar möjliga)", "multiple_choice", False, False, False,
         True, ["Stöd från chefen", "Tid", "Eget handlingsutrymme"]),
        ("Vad har hindrat dig att använda kunskaperna? (flera svar möjliga)", "multiple_choice", False, False, False,
         True, ["Bristande tid", "Bristande handlingsutrymme", "Bristande stöd från chefen"]),
        ("Berätta gärna mer om vad som har hjälpt eller hindrat dig.", "free_text", False, False, False, False, []),
    ],
}  # fmt: skip


INTRODUCTION = {
    "name": "Utvärdering av introduktionen",
    "purpose": "introduction",
    "introduction": "Nu har du varit här i två år. Hur har din introduktion fungerat? Dina svar gör den bättre.",
    "questions": [
        ("Vilket helhetsbetyg ger du din introduktion? (1 = mycket dåligt, 5 = mycket bra)", "rating",
         True, False, False, False, []),
        ("Den individuella introduktionsplanen hjälpte mig att veta vad jag skulle lära mig", "rating",
         False, True, False, False, []),
        ("Handledningen med min 1:e socialsekreterare gav mig det stöd jag behövde", "rating",
         False, True, False, False, []),
        ("Del 1 och Del 2 gav mig kunskaper som jag använder i arbetet", "rating", False, True, False, False, []),
        ("Känner du dig trygg i din yrkesroll i dag?", "yes_no", True, False, False, False, []),
        ("Vad har hjälpt dig mest? (flera svar möjliga)", "multiple_choice", False, False, False, True,
         ["Stöd från chefen", "Handledning av 1:e socialsekreterare", "Fadder", "Kurserna Del 1 och Del 2",
          "En lugn start med enkla ärenden", "Tid för reflektion"]),
        ("Vad borde ändras i introduktionen?", "free_text", False, False, False, False, []),
    ],
}  # fmt: skip


def install_default_surveys(template_model, question_model, choice_model) -> None:
    """Create the shared default templates unless they exist."""
    for data in (EVALUATION, FOLLOW_UP, INTRODUCTION):
        template, created = template_model.objects.get_or_create(
            organisation=None,
            name=data["name"],
            defaults={"purpose": data["purpose"], "introduction": data["introduction"], "is_active": True},
        )
        if not created:
            continue
        for order, (text, kind, required, dont_know, per_module, other, choices) in enumerate(data["questions"], 1):
            question = question_model.objects.create(
                template=template,
                order=order,
                text=text,
                kind=kind,
                required=required,
                allow_dont_know=dont_know,
                per_module=per_module,
                allow_other=other,
            )
            choice_model.objects.bulk_create(
                [
                    choice_model(question=question, order=position, label=label)
                    for position, label in enumerate(choices, 1)
                ]
            )
