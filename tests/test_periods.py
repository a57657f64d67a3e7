"""Periods: codes, both cut-off rules, inclusive ends, titles."""

from __future__ import annotations

from datetime import date

import pytest

from kehoach.base.periods import PeriodError, default_period, next_report_due, parse_period


@pytest.mark.parametrize("code,rule,start,end,title", [
    ("h1", "nd09", date(2022, 12, 15), date(2023, 6, 14), "6 tháng đầu năm 2023"),
    ("h2", "nd09", date(2023, 6, 15), date(2023, 12, 14), "6 tháng cuối năm 2023"),
    ("h1", "calendar", date(2023, 1, 1), date(2023, 6, 30), "6 tháng đầu năm 2023"),
    ("h2", "calendar", date(2023, 7, 1), date(2023, 12, 31), "6 tháng cuối năm 2023"),
    ("q1", "nd09", date(2022, 12, 15), date(2023, 3, 14), "quý I năm 2023"),
    ("q3", "nd09", date(2023, 6, 15), date(2023, 9, 14), "quý III năm 2023"),
    ("q4", "calendar", date(2023, 10, 1), date(2023, 12, 31), "quý IV năm 2023"),
    ("m1", "nd09", date(2022, 12, 15), date(2023, 1, 14), "tháng 1 năm 2023"),
    ("m5", "nd09", date(2023, 4, 15), date(2023, 5, 14), "tháng 5 năm 2023"),
    ("2023-05", "calendar", date(2023, 5, 1), date(2023, 5, 31), "tháng 5 năm 2023"),
    ("m2", "calendar", date(2023, 2, 1), date(2023, 2, 28), "tháng 2 năm 2023"),
    ("nam", "nd09", date(2022, 12, 15), date(2023, 12, 14), "năm 2023"),
    ("năm", "calendar", date(2023, 1, 1), date(2023, 12, 31), "năm 2023"),
    ("year", "nd09", date(2022, 12, 15), date(2023, 12, 14), "năm 2023"),
    ("2023S1", "nd09", date(2022, 12, 15), date(2023, 6, 14), "6 tháng đầu năm 2023"),
    ("2023S2", "calendar", date(2023, 7, 1), date(2023, 12, 31), "6 tháng cuối năm 2023"),
    ("2023Q1", "calendar", date(2023, 1, 1), date(2023, 3, 31), "quý I năm 2023"),
    ("2024H1", "nd09", date(2023, 12, 15), date(2024, 6, 14), "6 tháng đầu năm 2024"),
    ("2023-03-01..2023-06-30", "nd09", date(2023, 3, 1), date(2023, 6, 30),
     "từ ngày 01/03/2023 đến ngày 30/06/2023"),
])
def test_period_codes(code, rule, start, end, title):
    p = parse_period(code, 2023, rule)
    assert (p.start, p.end, p.title) == (start, end, title)
    assert p.contains(start) and p.contains(end)  # both ends inclusive


def test_boundary_days_under_nd09():
    h1, h2 = parse_period("h1", 2023, "nd09"), parse_period("h2", 2023, "nd09")
    assert h1.contains(date(2023, 6, 14)) and not h1.contains(date(2023, 6, 15))
    assert h2.contains(date(2023, 6, 15)) and not h2.contains(date(2023, 6, 14))
    assert h1.contains(date(2022, 12, 15)) and not h1.contains(date(2022, 12, 14))


def test_sub_periods_cover_the_period_without_gaps():
    for rule in ("nd09", "calendar"):
        for code in ("h1", "h2", "nam", "q2", "2023-02-10..2023-05-20"):
            p = parse_period(code, 2023, rule)
            for per in ("month", "quarter"):
                subs = p.sub_periods(per)
                assert subs[0].start == p.start and subs[-1].end == p.end
                for a, b in zip(subs, subs[1:]):
                    assert (b.start - a.end).days == 1


@pytest.mark.parametrize("code", ["h3", "q5", "m13", "2023-13", "tuần 1", "2023-06-30..2023-03-01", "x..y"])
def test_bad_codes(code):
    with pytest.raises(PeriodError):
        parse_period(code, 2023, "nd09")


def test_default_period_and_next_report():
    assert default_period(2023, "nd09", date(2023, 6, 14)).code == "2023S1"
    assert default_period(2023, "nd09", date(2023, 6, 15)).code == "2023S2"
    assert default_period(2023, "nd09", date(2026, 1, 1)).code == "2023"
    p, due = next_report_due(2023, "nd09", ["half", "year"], 3, date(2023, 5, 1))
    # 14/6 + 3 days = Saturday 17/6/2023: the report is due on the next working day, Monday 19/6
    assert p.code == "2023S1" and due == date(2023, 6, 19)
    p, due = next_report_due(2023, "nd09", ["half", "year"], 3, date(2023, 6, 20))
    assert p.code == "2023" and due == date(2023, 12, 18)  # 17/12/2023 is a Sunday  # the annual report takes the second half-year's cut-off
    assert next_report_due(2023, "nd09", ["half", "year"], 3, date(2024, 1, 1)) is None
