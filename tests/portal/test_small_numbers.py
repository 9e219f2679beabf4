from portal.small_numbers import mean_text, people_text, rate_text, shown_count


def test_counts_of_one_to_four_people_are_not_shown():
    assert [people_text(n) for n in (0, 1, 4, 5, 1200)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "1,200",
    ]
    assert [shown_count(n) for n in (0, 4, 5)] == [0, None, 5]


def test_averages_and_rates_need_five_people_behind_them():
    assert mean_text(3.25, 4) is None
    assert mean_text(3.25, 5) == "3.2"
    assert rate_text(5, 4) is None  # too few people
    assert rate_text(3, 10) is None  # the part itself would give away a small number
    assert rate_text(5, 10) == "50%"
