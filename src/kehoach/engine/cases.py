"""Cases across periods and years: "100% tố giác, tin báo … được xử lý kịp thời". Pure.

A case (an activity of the `received` kind) is due `limit` days after it was received. It is judged once, on
its judging day: the day it was handled when that was within the limit, else the day after its deadline (the
day it became overdue, whether it was handled later or not). A report counts the cases judged in its window,
so a case received in one period and handled in the next is counted where it was handled; one still open
past its limit is counted where its limit fell due. «Quá hạn N ngày» is the days beyond the limit.
Cases received before the plan year (carried over from the previous year's journal, or from the days before
the plan took effect) are counted in this plan year when they are judged in it; one already overdue before
it began stays listed as open, not counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from fractions import Fraction

from kehoach.journal.store import Activity
from kehoach.plan.shapes import Timeliness

from .frame import Figure, Frame, Verdict
from .index import Gap, Index


@dataclass(slots=True)
class Case:
    item: Activity
    limit: int
    deadline: date
    handled: date | None  # the first handling up to the cut-off, if any

    @property
    def on_time(self) -> bool:
        return self.handled is not None and self.handled <= self.deadline

    def judged_on(self, cutoff: date) -> date | None:
        """The day this case is counted, as seen at the cut-off (None: still open within its limit)."""
        if self.on_time:
            return self.handled
        overdue = self.deadline + timedelta(days=1)
        return overdue if overdue <= cutoff else None


def cases(index: Index, m: Timeliness, cutoff: date) -> list[Case]:
    """Every case received up to the cut-off, with its limit and its first handling up to the cut-off.
    A handling dated before its receipt is ignored here (`check` reports it)."""
    received = [a for a in index.records(m.received) if a.date <= cutoff]
    first = index.handled(m.received, m.handled, m.link_field)  # the earliest handling not before the receipt
    out = []
    by, limit = m.limit_by, m.limit_days
    days = {n: timedelta(days=n) for n in {limit, *(by.days.values() if by else ())}}
    for it in sorted(received, key=_DATE_ID):
        n = limit if by is None else by.days.get(str(it.fields.get(by.field)), limit)
        handled = first.get(it.id)
        out.append(Case(it, n, it.date + days[n], handled if handled is not None and handled <= cutoff else None))
    return out


def _date_id(a: Activity) -> tuple:
    return a.date, a.id


_DATE_ID = _date_id


@lru_cache(maxsize=None)
def _dmy(day: date) -> str:
    """«05/04/2023» (a few hundred distinct days for tens of thousands of cases)."""
    return f"{day:%d/%m/%Y}"


def _name(c: Case, m: Timeliness) -> str:
    label = c.item.fields.get(m.limit_by.field) if m.limit_by else None
    return f"{c.item.id} ({(str(label) + ', ') if label else ''}{_dmy(c.item.date)})"


def _facts(c: Case, m: Timeliness, cutoff: date) -> dict:
    """What a report needs to describe a case in words, without its journal id."""
    label = c.item.fields.get(m.limit_by.field) if m.limit_by else None
    late = None
    if c.handled is not None and not c.on_time:
        late = (c.handled - c.item.date).days - c.limit
    elif c.handled is None and cutoff > c.deadline:
        late = (cutoff - c.deadline).days
    return {"label": str(label) if label else "", "received": c.item.date, "handled": c.handled, "limit": c.limit,
            "deadline": c.deadline, "late_days": late,
            "days_left": (c.deadline - cutoff).days if c.handled is None and cutoff <= c.deadline else None}


def _late_detail(c: Case, cutoff: date) -> str:
    if c.handled is not None:
        days = (c.handled - c.item.date).days
        return (f"xử lý ngày {_dmy(c.handled)}, sau {days} ngày, quá hạn {days - c.limit} ngày "
                f"(thời hạn {c.limit} ngày)")
    return f"chưa xử lý, quá hạn {(cutoff - c.deadline).days} ngày (thời hạn {c.limit} ngày)"


def timeliness(plan, index: Index, fr: Frame, ind, r) -> Verdict:
    m: Timeliness = ind.measure
    cutoff = fr.cutoff
    on_time = judged = p_on_time = p_judged = 0
    ytd_start, period_start = fr.ytd_start, fr.period_start
    for c in cases(index, m, cutoff):
        day = c.judged_on(cutoff)
        if day is None:
            r.pending.append(Gap(c.item.id, _name(c, m), f"còn {(c.deadline - cutoff).days} ngày, "
                                                         f"hạn {_dmy(c.deadline)}", _facts(c, m, cutoff)))
            continue
        if day < ytd_start:  # judged before this plan year: counted there, listed here while still open
            if c.handled is None:
                r.pending.append(Gap(c.item.id, _name(c, m), "từ trước năm kế hoạch; " + _late_detail(c, cutoff),
                                     _facts(c, m, cutoff)))
            continue
        judged += 1
        ok = c.on_time
        on_time += ok
        if day >= period_start:
            p_judged += 1
            p_on_time += ok
        if not ok:
            r.gaps.append(Gap(c.item.id, _name(c, m), _late_detail(c, cutoff), _facts(c, m, cutoff)))
    label = ind.unit_label or "vụ việc"
    r.set_figures(Figure(Fraction(on_time), Fraction(judged), label),
                  Figure(Fraction(p_on_time), Fraction(p_judged), label), ind)
    if judged == 0:
        r.result_text = f"{len(r.pending)} {label} đang xử lý" if r.pending else "không phát sinh"
    failures = judged - on_time
    # future cases can raise the share towards 100% but never to it once one case failed
    return Verdict(r.exact_value, rate=True, best=Fraction(100), best_reached=failures == 0, pending=bool(r.pending),
                   journal_used=index.used_by(cutoff))
