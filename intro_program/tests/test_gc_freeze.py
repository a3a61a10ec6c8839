import gc

import pytest
from django.core.signals import request_finished

from intro_program.gc_freeze import freeze_after_warm_up


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    request_finished.disconnect(dispatch_uid="intro_program.gc_freeze")
    gc.unfreeze()


def test_the_process_is_frozen_after_its_warm_up_requests_and_then_left_alone(unfrozen):
    freeze_after_warm_up(after=(1, 3))
    kept = []  # a cache the process keeps: alive at the freeze
    request_finished.send(sender=None)
    assert gc.get_freeze_count() > 0
    first = gc.get_freeze_count()
    kept.append([[] for _ in range(1000)])  # lists: tracked by the collector
    request_finished.send(sender=None)
    assert gc.get_freeze_count() == first  # only after the 1st and 3rd request
    request_finished.send(sender=None)
    assert gc.get_freeze_count() >= first + 900
    frozen = gc.get_freeze_count()
    kept.append([[] for _ in range(1000)])  # lists: tracked by the collector
    request_finished.send(sender=None)  # done: the receiver has let go
    assert gc.get_freeze_count() == frozen
    assert not any(entry[0][0] == "intro_program.gc_freeze" for entry in request_finished.receivers)


def test_a_requests_garbage_is_collected_before_the_freeze_not_frozen(unfrozen):
    class Cycle:
        pass

    def garbage():
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a  # unreachable once the request is over, found only by the collector

    freeze_after_warm_up(after=(1,))
    garbage()
    request_finished.send(sender=None)
    assert not any(isinstance(obj, Cycle) for obj in gc.get_objects(generation=2) + _frozen_objects())


def _frozen_objects():
    gc.unfreeze()  # what was frozen goes back to the oldest generation, where it can be looked at
    objects = gc.get_objects(generation=2)
    gc.freeze()
    return objects
