"""Indicator attainment: (plan, corrected activities, period, as-of) → results. Pure: no I/O, no printing.

Statuses (see README, «Trạng thái chỉ tiêu»):
- đạt: the target is met (for an upper bound, `≤`/`=`, only once the period is over);
- đúng tiến độ: not met yet, but on pace;
- chậm tiến độ: not met, behind pace, and the period is still running;
- chưa đạt: the period is over and the target was not met (or an upper bound is already exceeded);
- chưa có dữ liệu: nothing recorded yet that this indicator counts.
Pace: a cumulative measure (coverage, a count or sum, a ratio over a registry) is on pace when its attainment
(value ÷ target) is at least the share of the period elapsed; a rate measure (frequency, coverage kept up
every month/quarter, timeliness, a ratio of two recorded quantities) is on pace only when it meets its target
on what is due so far.
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from kehoach.base.periods import Period
from kehoach.base.text import format_number, format_percent
from kehoach.journal.store import Activity
from kehoach.plan.model import (
    ActivityQuantity,
    ActivitySelector,
    Assessment,
    Count,
    Coverage,
    Filter,
    Frequency,
    Indicator,
    Plan,
    Ratio,
    RefField,
    Registry,
    Target,
    Timeliness,
)

MET, ON_TRACK, BEHIND, NOT_MET, NO_DATA = "dat", "dung_tien_do", "cham_tien_do", "chua_dat", "chua_co_du_lieu"
STATUS_VI = {MET: "đạt", ON_TRACK: "đúng tiến độ", BEHIND: "chậm tiến độ", NOT_MET: "chưa đạt",
             NO_DATA: "chưa có dữ liệu"}
OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "=": lambda a, b: abs(a - b) < 1e-9}
OP_SIGN = {">=": "≥", ">": ">", "<=": "≤", "=": "="}


@dataclass
class Gap:
    """Something still missing: a village with no session, a month with no posting, an overdue case."""

    id: str
    name: str
    detail: str = ""

    def text(self) -> str:
        """«Thôn 5 (không có trong quý II)»; «HD0033 (tố giác, 05/04/2023): còn 5 ngày»."""
        if not self.detail:
            return self.name
        return f"{self.name}: {self.detail}" if self.name.endswith(")") else f"{self.name} ({self.detail})"


def gap_list(gaps: list[Gap], limit: int | None = None) -> str:
    """«Thôn 3, Thôn 6»; with details, «…: còn 5 ngày; …» so that commas inside a detail stay readable."""
    shown = gaps if limit is None else gaps[:limit]
    sep = "; " if any(g.detail for g in shown) else ", "
    text = sep.join(g.text() for g in shown)
    if limit is not None and len(gaps) > limit:
        text += f"{sep}và {len(gaps) - limit} mục khác"
    return text


@dataclass
class Result:
    id: str
    area: str
    text: str
    short: str
    measure: str
    target: dict | None
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    percent: float | None = None
    percent_capped: float | None = None
    met: bool | None = None
    status: str = NO_DATA
    gap_label: str = ""
    gaps: list[Gap] = field(default_factory=list)
    pending: list[Gap] = field(default_factory=list)
    evidence: str = ""
    result_text: str = ""
    target_text: str = ""
    unit_label: str = ""

    @property
    def status_vi(self) -> str:
        return STATUS_VI[self.status]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["status_vi"] = self.status_vi
        return d


@dataclass
class Window:
    """What is counted: the period, cut at as-of (never past the period's end)."""

    period: Period
    as_of: date
    cutoff: date = field(init=False)

    def __post_init__(self) -> None:
        self.cutoff = self.period.clip(self.as_of)

    @property
    def over(self) -> bool:
        return self.as_of >= self.period.end

    @property
    def elapsed_share(self) -> float:
        total = (self.period.end - self.period.start).days + 1
        done = (self.cutoff - self.period.start).days + 1
        return max(0.0, min(1.0, done / total))

    def counts(self, d: date) -> bool:
        return self.period.start <= d <= self.cutoff


class Index:
    """Activities grouped by kind, once, for every indicator to use."""

    def __init__(self, activities: list[Activity]) -> None:
        self.by_kind: dict[str, list[Activity]] = defaultdict(list)
        self.by_id: dict[str, Activity] = {}
        for a in activities:
            if not a.voided:
                self.by_kind[a.kind].append(a)
                self.by_id[a.id] = a
        self.first_date = min((a.date for a in self.by_id.values()), default=None)

    def select(self, sel: ActivitySelector, win: Window) -> list[Activity]:
        out = []
        for kind in sel.kinds:
            for a in self.by_kind.get(kind, ()):
                if win.counts(a.date) and _passes(a.fields, sel.where):
                    out.append(a)
        return out


def _passes(values: dict, filters: list[Filter]) -> bool:
    for f in filters:
        v = values.get(f.field)
        vs = v if isinstance(v, list) else [v]
        if not any(x in f.values for x in vs):
            return False
    return True


def _active_members(reg: Registry, win: Window, filters: list[Filter]):
    return [m for m in reg.members
            if (m.active_from is None or m.active_from <= win.cutoff)
            and (m.active_until is None or m.active_until >= win.period.start)
            and _passes(m.attrs, filters)]


def _refs(a: Activity, fid: str) -> list[str]:
    v = a.fields.get(fid)
    return v if isinstance(v, list) else ([v] if v is not None else [])


def _pct(num: float, den: float) -> float | None:
    return None if not den else num / den * 100.0


def evaluate(plan: Plan, activities: list[Activity], period: Period, as_of: date) -> list[Result]:
    """Every indicator of the plan for the period, counting what happened up to as-of."""
    index = Index(activities)
    win = Window(period, as_of)
    out = []
    for area in plan.areas:
        for ind in area.indicators:
            out.append(evaluate_one(plan, index, win, area.id, ind))
    return out


def evaluate_one(plan: Plan, index: Index, win: Window, area_id: str, ind: Indicator) -> Result:
    r = Result(ind.id, area_id, ind.text, ind.short, ind.measure.kind, _target_dict(ind.target),
               gap_label=ind.gap_label, unit_label=ind.unit_label, target_text=target_text(ind))
    m = ind.measure
    handler = {Coverage: _coverage, Frequency: _frequency, Count: _count, Ratio: _ratio,
               Timeliness: _timeliness, Assessment: _assessment}[type(m)]
    has_data, rate = handler(plan, index, win, ind, r)
    if isinstance(m, Assessment):
        return r
    _judge(r, ind.target, win, has_data, rate, nothing_logged=index.first_date is None or index.first_date > win.cutoff)
    return r


# ---------------------------------------------------------------- measures

def _coverage(plan, index, win, ind, r) -> tuple[bool, bool]:
    m: Coverage = ind.measure
    reg = plan.registries[m.registry]
    members = _active_members(reg, win, m.members_where)
    acts = index.select(m.activities, win)
    subs = win.period.sub_periods(m.every) if m.every else []
    due = [s for s in subs if s.end <= win.cutoff]
    counts: dict[str, int] = defaultdict(int)
    per_sub: dict[tuple[str, int], int] = defaultdict(int)
    starts = _starts(due)
    for a in acts:
        i = bisect_right(starts, a.date) - 1
        in_due = i >= 0 and a.date <= due[i].end
        for mid in set(_refs(a, m.field)):
            counts[mid] += 1
            if in_due:
                per_sub[(mid, i)] += 1
    covered = 0
    for mem in members:
        missed = [s for i, s in enumerate(due)
                  if (mem.active_from is None or s.end >= mem.active_from) and per_sub[(mem.id, i)] < m.min_events]
        if counts[mem.id] >= m.min_events and not missed:
            covered += 1
        elif counts[mem.id] < m.min_events:
            r.gaps.append(Gap(mem.id, mem.name))
        else:
            r.gaps.append(Gap(mem.id, mem.name, "không có trong " + ", ".join(_sub_name(s) for s in missed)))
    _fill(r, covered, len(members), ind, reg.member_label)
    return bool(acts), bool(m.every)


def _starts(subs: list[Period]) -> list[date]:
    return [s.start for s in subs]


def _sub_name(p: Period) -> str:
    return p.title.rsplit(" năm ", 1)[0]


def _frequency(plan, index, win, ind, r) -> tuple[bool, bool]:
    m: Frequency = ind.measure
    acts = index.select(m.activities, win)
    subs = [s for s in win.period.sub_periods(m.per) if s.start <= win.cutoff]
    hits = [0] * len(subs)
    starts = _starts(subs)
    for a in acts:
        i = bisect_right(starts, a.date) - 1
        if i >= 0 and a.date <= subs[i].end:
            hits[i] += 1
    done = satisfied = 0
    for s, n in zip(subs, hits):
        ended = s.end <= win.cutoff
        if n >= m.min_events:
            satisfied += 1
            done += 1
        elif ended:
            done += 1
            r.gaps.append(Gap(s.code, s.title, f"{n} lần"))
    _fill(r, satisfied, done, ind, "tháng" if m.per == "month" else "quý")
    return bool(acts), True


def _count(plan, index, win, ind, r) -> tuple[bool, bool]:
    m: Count = ind.measure
    acts = index.select(m.activities, win)
    total = sum(int(a.fields.get(m.sum_field) or 0) for a in acts) if m.sum_field else len(acts)
    r.numerator = r.value = float(total)
    r.result_text = f"{format_number(total)} {ind.unit_label}".strip()
    return bool(acts), False


def _quantity(plan, index, win, q) -> tuple[float, list[Activity]]:
    if isinstance(q, ActivityQuantity):
        acts = index.select(q.activities, win)
        if q.distinct_field:
            return float(len({v for a in acts for v in _refs(a, q.distinct_field)})), acts
        if q.sum_field:
            return float(sum(int(a.fields.get(q.sum_field) or 0) for a in acts)), acts
        return float(len(acts)), acts
    reg = plan.registries[q.registry]
    members = _active_members(reg, win, q.members_where)
    if q.sum_attribute:
        return float(sum(m.attrs.get(q.sum_attribute) or 0 for m in members)), []
    return float(len(members)), []


def _ratio(plan, index, win, ind, r) -> tuple[bool, bool]:
    m: Ratio = ind.measure
    num, acts = _quantity(plan, index, win, m.numerator)
    den, den_acts = _quantity(plan, index, win, m.denominator)
    _fill(r, num, den, ind, ind.unit_label)
    if not isinstance(m.denominator, ActivityQuantity):
        _registry_gaps(plan, index, win, m, r)
    return bool(acts or den_acts), isinstance(m.denominator, ActivityQuantity)


def _registry_gaps(plan, index, win, m: Ratio, r: Result) -> None:
    """Members of the denominator's registry that no numerator activity has reached yet."""
    if not isinstance(m.numerator, ActivityQuantity):
        return
    reg = plan.registries[m.denominator.registry]
    ref_fields = {fid for kid in m.numerator.activities.kinds
                  for fid, spec in plan.activity_kinds[kid].fields.items()
                  if isinstance(spec, RefField) and spec.registry == m.denominator.registry}
    if not ref_fields:
        return
    reached = {mid for a in index.select(m.numerator.activities, win)
               for fid in ref_fields for mid in _refs(a, fid)}
    for mem in _active_members(reg, win, m.denominator.members_where):
        if mem.id not in reached:
            r.gaps.append(Gap(mem.id, mem.name))


def _timeliness(plan, index, win, ind, r) -> tuple[bool, bool]:
    m: Timeliness = ind.measure
    items = [a for a in index.by_kind.get(m.received, ()) if win.counts(a.date)]
    handled: dict[str, date] = {}
    for h in index.by_kind.get(m.handled, ()):
        target = h.fields.get(m.link_field)
        if h.date <= win.cutoff and target is not None:
            handled[target] = min(handled.get(target, h.date), h.date)
    on_time = judged = 0
    for it in sorted(items, key=lambda a: a.date):
        limit = m.limit_days
        if m.limit_by is not None:
            limit = m.limit_by.days.get(str(it.fields.get(m.limit_by.field)), limit)
        deadline = it.date + timedelta(days=limit)
        label = it.fields.get(m.limit_by.field) if m.limit_by else None
        name = f"{it.id} ({(label + ', ') if label else ''}{it.date:%d/%m/%Y})"
        done = handled.get(it.id)
        if done is not None:
            judged += 1
            days = (done - it.date).days
            if done <= deadline:
                on_time += 1
            else:
                r.gaps.append(Gap(it.id, name, f"xử lý sau {days} ngày, quá hạn {limit} ngày"))
        elif win.cutoff > deadline:
            judged += 1
            r.gaps.append(Gap(it.id, name, f"chưa xử lý, quá hạn {(win.cutoff - deadline).days} ngày"))
        else:
            r.pending.append(Gap(it.id, name, f"còn {(deadline - win.cutoff).days} ngày"))
    _fill(r, on_time, judged, ind, ind.unit_label or "vụ việc")
    if judged == 0 and r.pending:
        r.result_text = f"{len(r.pending)} {ind.unit_label or 'vụ việc'} đang xử lý"
    return bool(items), True


def _assessment(plan, index, win, ind, r) -> tuple[bool, bool]:
    m: Assessment = ind.measure
    latest = None
    for a in index.by_kind.get(m.activity, ()):
        if a.fields.get(m.indicator_field) == ind.id and win.counts(a.date):
            if latest is None or (a.date, a.line) >= (latest.date, latest.line):
                latest = a
    if latest is None:
        r.status = NO_DATA
        r.result_text = "chưa đánh giá"
        return False, False
    rating = str(latest.fields.get(m.rating_field, ""))
    r.met = rating in m.met_values
    r.value = 100.0 if r.met else 0.0
    r.result_text = rating
    r.evidence = str(latest.fields.get(m.evidence_field, "")) if m.evidence_field else latest.note
    r.status = MET if r.met else (NOT_MET if win.over else BEHIND)
    if not r.met:
        r.gaps.append(Gap(latest.id, f"Đánh giá ngày {latest.date:%d/%m/%Y}: {rating}",
                          f"cần: {', '.join(m.met_values)}"))
    return True, True


# ---------------------------------------------------------------- judging

def _fill(r: Result, num: float, den: float, ind: Indicator, label: str) -> None:
    r.numerator, r.denominator = float(num), float(den)
    r.percent = _pct(num, den)
    r.percent_capped = None if r.percent is None else min(r.percent, 100.0)
    t = ind.target
    r.value = r.numerator if (t is not None and t.count is not None) else r.percent
    if den:
        r.result_text = f"{format_number(num)}/{format_number(den)} {label} · {format_percent(r.percent)}".replace("  ", " ")
    else:
        r.result_text = f"0/0 {label}".strip()


def threshold(t: Target) -> float:
    if t.percent is not None:
        return t.percent
    if t.fraction is not None:
        a, b = (int(x) for x in t.fraction.split("/"))
        return a / b * 100.0
    return float(t.count)


def _judge(r: Result, t: Target, win: Window, has_data: bool, rate: bool, nothing_logged: bool) -> None:
    if r.value is None:  # nothing to divide by yet (0/0)
        r.status = ON_TRACK if r.pending else NO_DATA
        return
    goal = threshold(t)
    upper = t.op in ("<=", "=")
    r.met = OPS[t.op](r.value, goal)
    if (upper and nothing_logged) or (not upper and not has_data):
        r.status = NO_DATA
    elif upper:
        exceeded = r.value > goal
        r.met = r.met and not exceeded
        r.status = NOT_MET if exceeded else (MET if win.over else ON_TRACK)
    elif r.met:
        r.status = MET
    elif win.over:
        r.status = NOT_MET
    elif rate:
        r.status = BEHIND
    else:
        attainment = r.value / goal if goal else 1.0
        r.status = ON_TRACK if attainment >= win.elapsed_share else BEHIND


def _target_dict(t: Target | None) -> dict | None:
    if t is None:
        return None
    if t.percent is not None:
        return {"operator": t.op, "value": t.percent, "unit": "percent"}
    if t.fraction is not None:
        return {"operator": t.op, "value": t.fraction, "unit": "fraction"}
    return {"operator": t.op, "value": t.count, "unit": "count"}


def target_text(ind: Indicator) -> str:
    t = ind.target
    if t is None:
        m = ind.measure
        return ", ".join(m.met_values) if isinstance(m, Assessment) else ""
    if t.percent is not None:
        return f"{OP_SIGN[t.op]} {format_percent(t.percent)}"
    if t.fraction is not None:
        return f"{OP_SIGN[t.op]} {t.fraction}"
    return f"{OP_SIGN[t.op]} {format_number(t.count)} {ind.unit_label}".strip()


def summary_counts(results: list[Result]) -> dict[str, int]:
    out = {s: 0 for s in STATUS_VI}
    for r in results:
        out[r.status] += 1
    return out

