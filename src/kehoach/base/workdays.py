"""Working days in Vietnam: not Saturday or Sunday, nor a public holiday.

Public holidays (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương 10/3 âm lịch, 30/4, 1/5, Quốc khánh 2/9 and
its neighbour day, and the days off in lieu) come from the well-kept `holidays` package, which computes the
lunar ones. Used for the default date of a report and for sending deadlines.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _holidays(d.year)


def working_day_on_or_after(d: date) -> date:
    """The first working day at or after d (a Saturday → the Monday; 30/4 → the first day after the holidays)."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d
