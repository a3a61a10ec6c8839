"""The supervisors' training: which 1:e socialsekreterare of current hires have taken "Att introducera och handleda".

Names people, like the hire lists: it is for those who nominate them (coordinators, the enhetschef) and the
readers of their scope; counts come from `courses.supervisor_training`, the same as the dashboard panel.
"""

from django.utils.translation import gettext as _

from courses import supervisor_training
from courses.programme import FORSTE_TRAINING_NAME
from reports.tables import Column, Kind, Report, Table


def _status(supervisor) -> str:
    if supervisor.completed:
        return _("Genomförd")
    if supervisor.booked:
        return _("Bokad")
    return _("Inte påbörjad")


def supervisor_training_report(*, user) -> Report:
    """Build the report: one row per supervisor of a current hire, those without the training first (two queries)."""
    summary = supervisor_training.training_summary(user=user)
    supervisors = supervisor_training.supervisors_of_current_hires(user=user)
    rows = [
        [
            supervisor.full_name,
            supervisor.unit.name if supervisor.unit else _("Utan enhet"),
            supervisor.unit.district.name if supervisor.unit else "",
            supervisor.hire_count,
            _status(supervisor),
        ]
        for supervisor in supervisors
    ]
    note = _(
        "%(completed)s av %(total)s handledare (1:e socialsekreterare) till nuvarande nyanställda har gått "
        "%(course)s; %(booked)s till är bokade. Gått betyder slutfört en omgång av utbildningen."
    ) % {
        "completed": summary.completed,
        "total": summary.supervisors,
        "booked": summary.booked,
        "course": FORSTE_TRAINING_NAME,
    }
    table = Table(
        title=_("Handledare till nuvarande nyanställda"),
        columns=[
            Column(_("Handledare"), Kind.TEXT),
            Column(_("Enhet"), Kind.TEXT),
            Column(_("Stadsdel"), Kind.TEXT),
            Column(_("Nyanställda"), Kind.COUNT),
            Column(_("Utbildningen"), Kind.TEXT),
        ],
        rows=rows,
        summed=(),
        note=note,
        empty_text=_("Inga nuvarande nyanställda har en handledare angiven."),
    )
    return Report(title=_("Handledarnas utbildning"), tables=[table], slug="handledarnas-utbildning")
