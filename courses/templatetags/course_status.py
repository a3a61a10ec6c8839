"""Template filters over `courses.statuses`: badges and what may be done with a round or a nomination."""

from django import template

from courses import statuses
from districts import clock

register = template.Library()

register.filter("nomination_badge", statuses.nomination_badge)
register.filter("round_badge", statuses.round_badge)
register.filter("round_is_over", statuses.round_is_over)
register.filter("round_is_cancelled", statuses.round_is_cancelled)
register.filter("round_is_held", statuses.round_is_held)
register.filter("holds_place", statuses.nomination_holds_place)
register.filter("may_cancel", statuses.nomination_may_cancel)
register.filter("is_dropped_out", statuses.nomination_is_dropped_out)
register.filter("is_booked", statuses.nomination_is_booked)


@register.filter
def may_move(nomination) -> bool:
    """Return whether the nomination's place can be moved today (see statuses.nomination_may_move)."""
    return statuses.nomination_may_move(nomination, today=clock.today())
