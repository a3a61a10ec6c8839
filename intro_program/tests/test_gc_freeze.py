import gc

import pytest
from django.core.signals import request_finished

from intro_program.gc_freeze import freeze_after_warm_up

UID = "intro_program.gc_freeze"


def _listening() -> bool:
    return any(entry[0][0] == UID for entry in request_finished.receivers)


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    request_finished.disconnect(dispatch_uid=UID)
    gc.unfreeze()


def test_the_process_is_frozen_after_its_warm_up_requests_and_then_left_alone(unfrozen):
    # The receiver is called as request_finished calls it (sending the signal itself would also run Django's other
    # receivers, which close database connections).
    request_finished_ = freeze_after_warm_up(after=(1, 3))
    assert _listening()
    kept = []  # a cache the process keeps: alive at the freeze
    request_finished_()
    first = gc.get_freeze_count()
    assert first > 0
    kept.append([[] for _ in range(1000)])  # lists: tracked by the collector
    request_finished_()
    # Only after the 1st and the 3rd request: no freeze took the 1,000 lists in. (Not ==: in a full run another
    # test's leftover thread may free a frozen object meanwhile, which lowers the count by one.)
    assert gc.get_freeze_count() <= first
    request_finished_()
    assert gc.get_freeze_count() >= first + 900
    assert not _listening()  # done: later requests pay nothing


def test_a_requests_garbage_is_collected_before_the_freeze_not_frozen(unfrozen):
    class Cycle:
        pass

    def garbage():
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a  # unreachable once the request is over, found only by the collector

    request_finished_ = freeze_after_warm_up(after=(1,))
    garbage()
    request_finished_()
    gc.unfreeze()  # what was frozen goes back to the oldest generation, where it can be looked at
    assert not any(isinstance(obj, Cycle) for obj in gc.get_objects())
