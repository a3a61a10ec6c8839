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
    assert Suppressor(5).pair(10, 2) == (Hidden(5, complementary=True), Hidden(5))
    assert str(Suppressor(5).pair(10, 2)[0]) == ".."  # 10 is not "< 5"
    assert Suppressor(5).pair(0, 2) == (Hidden(5), Hidden(5))
    assert Suppressor(5).pair(10, 0) == (10, 0)


def test_display_formats_like_the_page():
    assert display(Hidden(5)) == "< 5"
    assert display(None) == "–"
    assert display(5 / 8, Kind.SHARE) == "63\xa0%"
    assert display(14 / 3, Kind.MEAN) == "4,7"
    assert display(4200) == "4\xa0200"


def test_a_single_hidden_cell_in_a_summed_column_takes_the_next_smallest_with_it():
    from reports.suppression import protect_table

    small, withheld = Hidden(5), Hidden(5, complementary=True)
    rows = [["A", 20], ["B", small], ["C", 7], ["D", 0]]
    total = ["Totalt", 30]
    protect_table(rows, total, summed=[1])
    # Without C hidden too, 30 - 20 - 0 - 7 would give B's 3 away; C shows "..", not "< 5" (it is 7).
    assert [row[1] for row in rows] == [20, small, withheld, 0]
    assert total[1] == 30 and str(withheld) == ".."


def test_when_no_other_cell_can_be_hidden_the_total_is():
    from reports.suppression import protect_table

    rows = [["A", Hidden(5)], ["B", 0]]
    total = ["Totalt", 3]
    protect_table(rows, total, summed=[1])
    assert total[1] == Hidden(5, complementary=True)


def test_hiding_spreads_to_paired_and_derived_cells_until_nothing_can_be_worked_out():
    from reports.suppression import protect_table

    small = Hidden(5)
    # columns: label, total, women, men, share
    rows = [["A", 30, small, small, 0.1], ["B", 12, 6, 6, 0.5], ["C", 40, 20, 20, 0.2]]
    total = ["Totalt", 82, 29, 53, 0.3]
    protect_table(rows, total, summed=[1, 2, 3], together=[(2, 3)], derived={4: (1,)})
    # B is the smallest other row in the women and men columns, so both of its cells go.
    assert rows[1][2:4] == [Hidden(5, complementary=True)] * 2
    assert rows[2][2:4] == [20, 20] and rows[0][1] == 30 and rows[0][4] == 0.1


def test_a_row_sum_protects_its_parts():
    from reports.suppression import protect_table

    row = ["Fråga", small := Hidden(5), 0, 6, 9, 12, 29]
    protect_table([row], None, row_sums={6: (1, 2, 3, 4, 5)})
    assert row == ["Fråga", small, 0, Hidden(5, complementary=True), 9, 12, 29]


def test_a_table_with_a_totals_row_protects_itself_and_its_charts_read_the_protected_cells():
    from reports.tables import Column, Table

    table = Table(
        title="t",
        columns=[Column("a", Kind.TEXT), Column("n")],
        rows=[["A", 20], ["B", Hidden(5)], ["C", 7]],
        total=["Totalt", 30],
    )
    assert table.column(1) == [20, Hidden(5), Hidden(5, complementary=True)]


def test_a_table_with_withheld_cells_explains_the_mark_in_its_note():
    from reports.tables import Column, Table

    def table(rows):
        return Table(
            title="t", columns=[Column("a", Kind.TEXT), Column("n")], rows=rows, total=["Totalt", 30], note="N"
        )

    assert table([["A", 20], ["B", Hidden(5)], ["C", 7]]).note.startswith("N ”..” döljer")
    assert table([["A", 20], ["B", 10]]).note == "N"
