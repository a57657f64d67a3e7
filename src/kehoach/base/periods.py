"""Reporting periods and their cut-off rules, as inclusive date ranges.

Nghị định 09/2019/NĐ-CP, Điều 12: a month runs from the 15th of the previous month to the 14th;
the first half from 15 Dec of the previous year to 14 Jun; the year from 15 Dec to 14 Dec.
Under the calendar rule, periods are calendar months, quarters, halves and years.
Both ends are always inclusive.

The plan year (`PlanYear`) is what a year plan's targets are judged on: from the plan's effective date (or the
start of its reporting year, when later) to the end of its reporting year. Checks "every month" or "every
quarter" use calendar months and quarters clipped to the plan year (`calendar_windows`): the cut-off rule
decides which report a record belongs to, not what "a month" means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import DateInputError, parse_date
from .text import format_date_short, strip_marks
from .workdays import working_day_on_or_after

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
RULES = ("nd09", "calendar")


class PeriodError(ValueError):
    """A period code that cannot be understood (message in Vietnamese)."""


@dataclass(frozen=True)
class Period:
    code: str
    kind: str  # "month" | "quarter" | "half" | "year" | "range"
    year: int
    index: int | None
    start: date
    end: date
    title: str
    rule: str

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def clip(self, as_of: date) -> date:
        """The last day counted: as_of, but never past the period's end."""
        return min(self.end, as_of)

    def sub_periods(self, per: str) -> list["Period"]:
        """The months or quarters of this period under its rule, clipped to it."""
        out = []
        for year in range(self.start.year - 1, self.end.year + 2):
            for i in range(1, 13 if per == "month" else 5):
                p = make_period(per, year, i, self.rule)
                if p.end < self.start or p.start > self.end:
                    continue
                if p.start < self.start or p.end > self.end:
                    p = Period(p.code, p.kind, p.year, p.index, max(p.start, self.start), min(p.end, self.end),
                               p.title, p.rule)
                out.append(p)
        return out

    def to_dict(self) -> dict:
        return {"code": self.code, "kind": self.kind, "title": self.title,
                "start": self.start.isoformat(), "end": self.end.isoformat(), "rule": self.rule}


def _month_range(year: int, month: int, rule: str) -> tuple[date, date]:
    if rule == "calendar":
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return date(year, month, 1), nxt - timedelta(days=1)
    prev = date(year - (month == 1), (month - 2) % 12 + 1, 15)
    return prev, date(year, month, 14)


def make_period(kind: str, year: int, index: int | None, rule: str) -> Period:
    if rule not in RULES:
        raise PeriodError(f"quy tắc chốt số liệu «{rule}» không hợp lệ.")
    if kind == "month":
        start, end = _month_range(year, index, rule)
        return Period(f"{year}-{index:02d}", kind, year, index, start, end, f"tháng {index} năm {year}", rule)
    if kind == "quarter":
        start = _month_range(year, 3 * index - 2, rule)[0]
        end = _month_range(year, 3 * index, rule)[1]
        return Period(f"{year}Q{index}", kind, year, index, start, end, f"quý {ROMAN[index]} năm {year}", rule)
    if kind == "half":
        start = _month_range(year, 6 * index - 5, rule)[0]
        end = _month_range(year, 6 * index, rule)[1]
        title = f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
        return Period(f"{year}S{index}", kind, year, index, start, end, title, rule)
    if kind == "year":
        start = _month_range(year, 1, rule)[0]
        end = _month_range(year, 12, rule)[1]
        return Period(str(year), kind, year, None, start, end, f"năm {year}", rule)
    raise PeriodError(f"loại kỳ «{kind}» không hợp lệ.")


PERIOD_HINT = ("Các kỳ: h1, h2 (6 tháng), q1…q4 (quý), m1…m12 hoặc 2023-05 (tháng), nam/year (cả năm), "
               "2023S1, 2023S2, 2023Q1, hoặc khoảng ngày 2023-03-01..2023-06-30.")


def parse_period(text: str, year: int, rule: str) -> Period:
    """Understand a period code for a plan of `year` under `rule`."""
    raw = text.strip()
    key = strip_marks(raw).replace(" ", "")
    if ".." in raw:
        a, _, b = raw.partition("..")
        try:
            start, end = parse_date(a), parse_date(b)
        except DateInputError as exc:
            raise PeriodError(f"khoảng ngày «{text}» không hợp lệ: {exc}") from None
        if end < start:
            raise PeriodError(f"khoảng ngày «{text}»: ngày kết thúc trước ngày bắt đầu.")
        title = f"từ ngày {format_date_short(start)} đến ngày {format_date_short(end)}"
        return Period(f"{start.isoformat()}..{end.isoformat()}", "range", start.year, None, start, end, title, rule)
    if key in ("nam", "year", "canam", "y"):
        return make_period("year", year, None, rule)
    m = re.fullmatch(r"(?:(\d{4})[-_]?)?([hsqm])(\d{1,2})", key)
    if m:
        y = int(m.group(1)) if m.group(1) else year
        letter, n = m.group(2), int(m.group(3))
        kind, top = {"h": ("half", 2), "s": ("half", 2), "q": ("quarter", 4), "m": ("month", 12)}[letter]
        if not 1 <= n <= top:
            raise PeriodError(f"kỳ «{text}» không tồn tại.")
        return make_period(kind, y, n, rule)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", key)
    if m:
        y, n = int(m.group(1)), int(m.group(2))
        if not 1 <= n <= 12:
            raise PeriodError(f"tháng «{text}» không tồn tại.")
        return make_period("month", y, n, rule)
    m = re.fullmatch(r"(\d{4})", key)
    if m:
        return make_period("year", int(m.group(1)), None, rule)
    raise PeriodError(f"không hiểu kỳ báo cáo «{text}».")


def half_containing(year: int, rule: str, day: date) -> Period:
    """The half-year of the plan's year that the day falls in; the nearer half when it is outside them."""
    h1, h2 = make_period("half", year, 1, rule), make_period("half", year, 2, rule)
    return h1 if day <= h1.end else h2


def default_period(year: int, rule: str, today: date) -> Period:
    """The half-year running today; the whole year once the plan's year is over."""
    whole = make_period("year", year, None, rule)
    if today > whole.end:
        return whole
    return half_containing(year, rule, today)


def next_report_due(year: int, rule: str, kinds: list[str], due_days: int, as_of: date) -> tuple[Period, date] | None:
    """The first reporting period (of the plan's kinds) whose report is due on or after as_of. The due day is
    the cut-off plus `due_days`, moved to the next working day when it falls on a weekend or public holiday."""
    candidates = []
    for kind in kinds:
        count = {"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]
        for i in range(1, count + 1):
            p = make_period(kind, year, None if kind == "year" else i, rule)
            due = working_day_on_or_after(p.end + timedelta(days=due_days))
            if due >= as_of:
                candidates.append((due, p))
    if not candidates:
        return None
    due, p = min(candidates, key=lambda c: (c[0], -(c[1].end - c[1].start).days))
    return p, due


# ---------------------------------------------------------------- the plan year and calendar windows

def reporting_year_start(year: int, rule: str) -> date:
    return make_period("year", year, None, rule).start


def reporting_year_of(d: date, rule: str) -> int:
    """The year whose reporting a date belongs to: under Nghị định 09, 15–31/12 belong to the next year."""
    if rule == "nd09" and (d.month, d.day) >= (12, 15):
        return d.year + 1
    return d.year


@dataclass(frozen=True)
class PlanYear:
    """The days a year plan's targets cover: [start, end], both inclusive."""

    year: int
    rule: str
    start: date  # the plan's effective date, or the start of its reporting year when later
    end: date  # the end of the reporting year (14/12 under Nghị định 09, 31/12 under the calendar rule)
    reporting_start: date  # the start of the reporting year (15/12 of the year before, or 1/1)

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict:
        return {"year": self.year, "start": self.start.isoformat(), "end": self.end.isoformat(), "rule": self.rule}


def make_plan_year(year: int, rule: str, effective: date | None) -> PlanYear:
    whole = make_period("year", year, None, rule)
    start = whole.start if effective is None else min(max(effective, whole.start), whole.end)
    return PlanYear(year, rule, start, whole.end, whole.start)


def window_title(start: date, end: date) -> str:
    """«15/12–31/12/2022»; «28/12/2022–14/01/2023» across a year end."""
    if start.year == end.year:
        return f"{start:%d/%m}–{end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


def is_whole_window(w: Period) -> bool:
    """Is this calendar window whole, not cut short by the plan year?"""
    whole = make_period(w.kind, w.year, w.index, "calendar")
    return (w.start, w.end) == (whole.start, whole.end)


def calendar_windows(start: date, end: date, per: str) -> list[Period]:
    """Calendar months or quarters that meet [start, end], clipped to it. A whole one keeps its calendar name
    («tháng 3 năm 2023», «quý II năm 2023»); a clipped one is named by its dates («10/07–31/07/2023»)."""
    out = []
    y, i = start.year, (start.month if per == "month" else (start.month - 1) // 3 + 1)
    while True:
        p = make_period(per, y, i, "calendar")
        if p.start > end:
            break
        if p.end >= start:
            s, e = max(p.start, start), min(p.end, end)
            title = p.title if (s, e) == (p.start, p.end) else window_title(s, e)
            out.append(Period(p.code, p.kind, p.year, p.index, s, e, title, "calendar"))
        i += 1
        if i > (12 if per == "month" else 4):
            y, i = y + 1, 1
    return out
