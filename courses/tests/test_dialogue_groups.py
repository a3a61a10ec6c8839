from collections import Counter

import pytest

from courses.dialogue_groups import Person, group_cost, split_into_groups


def _people(spec):
    """spec: list of (unit, district, area, count)."""
    people = []
    for unit, district, area, count in spec:
        people.extend(Person(key=f"{unit}-{i}", district=district, area=area, unit=unit) for i in range(count))
    return people


def test_groups_have_near_equal_sizes_and_everyone_once():
    people = _people([(u, u % 3, u % 4, 3) for u in range(11)])  # 33 people
    groups = split_into_groups(people, 6)
    assert len(groups) == 6
    assert sorted(len(g) for g in groups) == [5, 5, 5, 6, 6, 6]
    assert sorted(p.key for g in groups for p in g) == sorted(p.key for p in people)


def test_no_two_from_the_same_unit_when_avoidable():
    people = _people([("a", 1, "barn", 4), ("b", 1, "vuxna", 4), ("c", 2, "barn", 4), ("d", 3, "fh", 4)])
    groups = split_into_groups(people, 4)
    for group in groups:
        assert len({p.unit for p in group}) == len(group)


def test_districts_and_areas_are_mixed():
    people = _people([(f"u{i}", i % 4, ["barn", "vuxna", "fs", "fh"][i % 4], 2) for i in range(8)])
    groups = split_into_groups(people, 4)
    for group in groups:
        assert len({p.district for p in group}) == 4
        assert len({p.area for p in group}) == 4


def test_unavoidable_repeats_are_spread_evenly():
    people = _people([("big", 1, "barn", 6), ("small", 2, "vuxna", 2)])
    groups = split_into_groups(people, 4)
    assert [Counter(p.unit for p in g)["big"] for g in groups] == [3, 3]
    assert group_cost(groups[0]) == group_cost(groups[1])


def test_same_input_same_groups():
    people = _people([(u, u % 2, u % 3, 2) for u in range(7)])
    assert split_into_groups(people, 3) == split_into_groups(list(people), 3)


def test_bad_size_is_refused():
    with pytest.raises(ValueError):
        split_into_groups(_people([("a", 1, "x", 2)]), 0)
