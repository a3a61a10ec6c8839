"""The history of a nomination: every status change writes a NominationEvent; some queue a notification on commit."""

import contextlib
from contextvars import ContextVar

from django.db import transaction

from courses.models import (
    Nomination,
    NominationEvent,
    NominationEventKind,
)
from courses.signals import seat_booked, seat_cancelled

SEAT_SIGNALS = {
    NominationEventKind.BOOKED: seat_booked,
    NominationEventKind.PROMOTED: seat_booked,
    NominationEventKind.CANCELLED: seat_cancelled,
}

_recording_history: ContextVar[bool] = ContextVar("recording_history", default=False)


@contextlib.contextmanager
def recording_history():
    """Write events of the past (seeded history) without mailing anyone about them: nobody needs news of old rounds."""
    token = _recording_history.set(True)
    try:
        yield
    finally:
        _recording_history.reset(token)


def _queue_notification(event: NominationEvent, *, round_cancelled: bool = False):
    from courses import tasks

    if _recording_history.get():
        return
    event_id = event.pk
    # robust: the booking is committed; a broker that cannot take the email must not fail the user's request.
    transaction.on_commit(lambda: tasks.notify_nomination_event.delay(event_id, round_cancelled), robust=True)


def _queue_session_changed(*sessions) -> None:
    """After commit, send the participants of a round's changed or cancelled sessions one updated invitation."""
    from courses import tasks

    if _recording_history.get() or not sessions:
        return
    session_ids = [session.pk for session in sessions]
    transaction.on_commit(lambda: tasks.notify_sessions_changed.delay(session_ids), robust=True)


def _event(
    nomination: Nomination,
    kind: str,
    actor,
    note: str = "",
    notify: bool = False,
    round_cancelled: bool = False,
) -> NominationEvent:
    event = NominationEvent.objects.create(nomination=nomination, kind=kind, actor=actor, note=note)
    if notify:
        _queue_notification(event, round_cancelled=round_cancelled)
    signal = SEAT_SIGNALS.get(kind)
    if signal is not None:
        transaction.on_commit(lambda: signal.send(sender=NominationEvent, event=event))
    return event


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None
