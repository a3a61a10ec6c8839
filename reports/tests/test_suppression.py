from reports.suppression import Hidden, Suppressor
from reports.tables import Kind, display


def test_counts_below_the_threshold_are_hidden_but_zero_is_shown():
    suppress = Suppressor(5)
    assert [suppress.count(n) for n in (0, 1, 4, 5)] == [0, Hidden(5), Hidden(5), 5]
    assert str(Hidden(5)) == "< 5"


def test_threshold_zero_turns_suppression_off():
    assert Suppressor(0).count(1) == 1
    assert Suppressor(0).share(1, 2) == 0.5


def test_shares_and_means_of_small_groups_are_hidden_and_empty_groups_give_none():
    suppress = Suppressor(5)
    assert suppress.share(1, 3) == Hidden(5)
    assert suppress.share(0, 0) is None
    assert suppress.share(2, 10) == 0.2
    assert suppress.mean(8, 2) == Hidden(5)
    assert suppress.mean(0, 0) is None


def test_a_split_is_hidden_together():
    assert Suppressor(5).pair(10, 2) == (Hidden(5), Hidden(5))
    assert Suppressor(5).pair(10, 0) == (10, 0)


def test_display_formats_like_the_page():
    assert display(Hidden(5)) == "< 5"
    assert display(None) == "–"
    assert display(5 / 8, Kind.SHARE) == "63\xa0%"
    assert display(14 / 3, Kind.MEAN) == "4,7"
    assert display(4200) == "4\xa0200"
