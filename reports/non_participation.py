"""The participation report's summary of why units and districts that sent nobody did not take part.

The answers concern units and districts, not people: the counts per reason are shown as they are. The
free-text "other" reasons are not shown in the report (they may name someone); the coordinator reads them
with the question in the admin. A question is in the period when its half-year overlaps the period.
"""

from collections import Counter

from django.db.models import Q
from django.utils.translation import gettext as _

from districts import access
from reports.filters import ReportFilters
from reports.tables import Column, Kind, Table
from surveys.models import NonParticipationInquiry, NonParticipationReason


def non_participation_tables(*, user, filters: ReportFilters) -> list[Table]:
    """Return the questions asked and answered, and the count of each reason given (two queries)."""
    districts = access.visible_districts(user)
    if filters.district_id:
        districts = districts.filter(pk=filters.district_id)
    if filters.organisation_id:
        districts = districts.filter(organisation_id=filters.organisation_id)
    inquiries = NonParticipationInquiry.objects.filter(
        district__in=districts.values("pk"), period_start__lte=filters.end, period_end__gte=filters.start
    )
    if filters.area:
        inquiries = inquiries.filter(Q(unit__area=filters.area) | Q(unit__isnull=True))
    asked = inquiries.count()
    answered = list(inquiries.filter(answered_at__isnull=False).values_list("knew_of_programme", "reasons"))
    reasons = Counter(reason for _knew, given in answered for reason in given)
    unknown = sum(1 for knew, _given in answered if knew is False)
    rows = [[_("Kände inte till kurserna"), unknown, unknown / len(answered) if answered else None]]
    rows += [
        [label, reasons[value], reasons[value] / len(answered) if answered else None]
        for value, label in NonParticipationReason.choices
    ]
    return [
        Table(
            title=_("Varför skickade ingen? Svar från enheter och stadsdelar"),
            columns=[
                Column(_("Skäl"), Kind.TEXT),
                Column(_("Antal svar"), Kind.COUNT),
                Column(_("Andel av de som svarade"), Kind.SHARE),
            ],
            rows=rows if answered else [],
            total=[_("Svarade av tillfrågade"), len(answered), len(answered) / asked] if asked else None,
            summed=(),  # several reasons can be given: the total is who answered
            empty_text=_("Inga svar i perioden.") if asked else _("Ingen fick frågan i perioden."),
            note=_(
                "Enheter (och stadsdelar där ingen enhet skickade någon) som inte skickade någon till en omgång under "
                "ett halvår får frågan varför. Flera skäl kan anges."
            ),
        )
    ]
