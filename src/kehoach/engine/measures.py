"""The measure kinds other than cases: coverage, frequency, count, ratio, assessment. Pure.

Each measure fills a `Result` with the year-to-date figure (what the target is judged on), the in-period
figure, and the gaps, and returns a `Verdict` for judging (frame.py). Cases (timeliness) live in cases.py.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from fractions import Fraction

from kehoach.base.periods import calendar_windows, is_whole_window
from kehoach.journal.tally import Bucket
from kehoach.plan.shapes import ActivityQuantity, Assessment, Count, Coverage, Frequency, Ratio, RefField

from .frame import MET, NO_DATA, NOT_MET, Figure, Frame, Verdict
from .index import Gap, Index, active_members, members, weight


def coverage(plan, index: Index, fr: Frame, ind, r) -> Verdict:
    """Members of a registry reached (at least `min_events` times), year to date; with `every`, reached in
    every calendar month or quarter of the plan year that has ended by the cut-off. A window the plan year cuts
    short (the plan took effect mid-quarter; the year closes on 14/12) is never counted as missed."""
    m: Coverage = ind.measure
    reg = plan.registries[m.registry]
    members = active_members(reg, fr.ytd_start, fr.cutoff, m.members_where)
    acts = index.select(m.activities, fr.ytd_start, fr.cutoff)
    windows = [w for w in calendar_windows(fr.ytd_start, fr.plan_year.end, m.every) if w.end <= fr.cutoff] \
        if m.every else []
    total: dict[str, int] = defaultdict(int)
    in_period: dict[str, int] = defaultdict(int)
    per_window: dict[tuple[str, int], int] = defaultdict(int)
    window_of = _window_finder(windows)
    parts: dict[tuple, dict] = {}  # (window, in the period) → member → activities: each bucket's counts added once
    for b in acts:
        part = parts.setdefault((window_of(b.date), fr.in_period(b.date)), {})
        for mid, n in b.members[m.field].items():
            part[mid] = part.get(mid, 0) + n
    for (w, now), counts in parts.items():
        for mid, n in counts.items():
            total[mid] += n
            if now:
                in_period[mid] += n
            if w is not None:
                per_window[(mid, w)] += n
    whole = [is_whole_window(w) for w in windows]
    covered = broken = 0
    for mem in members:
        missed = [w for i, w in enumerate(windows)
                  if (mem.active_from is None or w.end >= mem.active_from)
                  and (mem.active_until is None or w.start <= mem.active_until)
                  and per_window[(mem.id, i)] < m.min_events and whole[i]]
        if missed:
            broken += 1
        if total[mem.id] >= m.min_events and not missed:
            covered += 1
        elif total[mem.id] < m.min_events:
            r.gaps.append(Gap(mem.id, mem.name))
        else:
            r.gaps.append(Gap(mem.id, mem.name, "không có trong " + ", ".join(w.title for w in missed),
                              {"missed": [w.title for w in missed]}))  # reached, but not kept up
    if m.every:
        _running_window_members(fr, m, members, acts, r)
    n = len(members)
    ytd = Figure(Fraction(covered), Fraction(n), reg.member_label)
    # in the period: members reached in it; a period that starts with the plan year is the year to date
    # in the period: members reached in it (said so when the yearly figure counts those kept up); a period that starts
    # with the plan year is the year to date
    period = ytd if fr.period_start == fr.ytd_start else \
        Figure(Fraction(sum(1 for mem in members if in_period[mem.id] >= m.min_events)), Fraction(n),
               f"{reg.member_label} có hoạt động" if m.every else reg.member_label)
    r.set_figures(ytd, period, ind)
    best = Fraction(100 * (n - broken), n) if (m.every and n) else None
    return Verdict(r.exact_value, rate=bool(m.every), best=best, journal_used=index.used_by(fr.cutoff))


def _running(fr: Frame, per: str):
    """The calendar month or quarter running at the cut-off (not yet ended), inside the plan year, if any."""
    for w in calendar_windows(fr.ytd_start, fr.plan_year.end, per):
        if w.start <= fr.cutoff < w.end:
            return w
    return None


def _running_window_members(fr: Frame, m: Coverage, members, acts, r) -> None:
    """Members with no activity yet in the quarter (month) running at the cut-off: to do before it ends."""
    w = _running(fr, m.every)
    if w is None:
        return
    seen: dict[str, int] = defaultdict(int)
    for b in acts:
        if w.start <= b.date <= fr.cutoff:
            for mid, n in b.members[m.field].items():
                seen[mid] += n
    for mem in members:
        if seen[mem.id] < m.min_events and (mem.active_from is None or mem.active_from <= w.end):
            r.due_soon.append(Gap(mem.id, mem.name, f"chưa có trong {w.title}", {"window": w.title,
                                                                                   "ends": w.end}))


def _window_finder(windows):
    """day → the index of the window (in date order, not overlapping) that holds it, or None; by bisection."""
    starts = [w.start for w in windows]

    def window_of(day) -> int | None:
        i = bisect_right(starts, day) - 1
        return i if i >= 0 and day <= windows[i].end else None
    return window_of


def frequency(plan, index: Index, fr: Frame, ind, r) -> Verdict:
    """Calendar months (or quarters) of the plan year with at least `min_events` activities: those ended by
    the cut-off, and the running one once it is satisfied. A missed month is named as a reader names it.
    A window the plan year cuts short counts once satisfied and is never counted as missed."""
    m: Frequency = ind.measure
    windows = [w for w in calendar_windows(fr.ytd_start, fr.plan_year.end, m.per)]
    acts = index.select(m.activities, fr.ytd_start, fr.cutoff)
    hits = [0] * len(windows)
    window_of = _window_finder(windows)
    for b in acts:
        i = window_of(b.date)
        if i is not None:
            hits[i] += b.weight
    done = satisfied = missed = 0
    p_done = p_satisfied = 0
    for w, n in zip(windows, hits):
        if w.start > fr.cutoff:
            break
        ok, ended = n >= m.min_events, w.end <= fr.cutoff and is_whole_window(w)
        if not (ok or ended):
            continue
        done += 1
        satisfied += ok
        if w.end >= fr.period_start:
            p_done += 1
            p_satisfied += ok
        if not ok:
            missed += 1
            r.gaps.append(Gap(w.code, w.title, f"{n} lần"))
    running = _running(fr, m.per)
    if running is not None:
        n = weight([b for b in acts if running.start <= b.date <= fr.cutoff])
        if n < m.min_events:
            r.due_soon.append(Gap(running.code, running.title, f"chưa đủ {m.min_events} lần (mới có {n})",
                                  {"window": running.title, "ends": running.end}))
    label = "tháng" if m.per == "month" else "quý"
    r.set_figures(Figure(Fraction(satisfied), Fraction(done), label),
                  Figure(Fraction(p_satisfied), Fraction(p_done), label), ind)
    best = Fraction(100 * (len(windows) - missed), len(windows)) if windows else None
    return Verdict(r.exact_value, rate=True, best=best, journal_used=index.used_by(fr.cutoff))


def _sum(acts: list[Bucket], fid: str | None) -> Fraction:
    if not fid:
        return Fraction(weight(acts))
    return Fraction(sum(b.sums[fid] for b in acts))


def count(plan, index: Index, fr: Frame, ind, r) -> Verdict:
    m: Count = ind.measure
    acts = index.select(m.activities, fr.ytd_start, fr.cutoff)
    r.set_figures(Figure(_sum(acts, m.sum_field), None, ind.unit_label),
                  Figure(_sum([a for a in acts if fr.in_period(a.date)], m.sum_field), None, ind.unit_label), ind)
    return Verdict(r.exact_value, rate=False, journal_used=index.used_by(fr.cutoff))


def _quantity(plan, index: Index, fr: Frame, q, start) -> Fraction:
    if isinstance(q, ActivityQuantity):
        acts = index.select(q.activities, start, fr.cutoff)
        if q.distinct_field:
            return Fraction(len(members(acts, q.distinct_field)))
        return _sum(acts, q.sum_field)
    reg = plan.registries[q.registry]
    active = active_members(reg, fr.ytd_start, fr.cutoff, q.members_where)
    if q.sum_attribute:
        return sum((Fraction(str(mem.attrs.get(q.sum_attribute) or 0)) for mem in active), Fraction(0))
    return Fraction(len(active))


def ratio(plan, index: Index, fr: Frame, ind, r) -> Verdict:
    m: Ratio = ind.measure
    label = ind.unit_label
    ytd = Figure(_quantity(plan, index, fr, m.numerator, fr.ytd_start),
                 _quantity(plan, index, fr, m.denominator, fr.ytd_start), label)
    period = Figure(_quantity(plan, index, fr, m.numerator, fr.period_start),
                    _quantity(plan, index, fr, m.denominator, fr.period_start), label)
    r.set_figures(ytd, period, ind)
    if not isinstance(m.denominator, ActivityQuantity):
        _registry_gaps(plan, index, fr, m, r)
    elif not ytd.denominator:
        r.result_text = "không phát sinh"
    return Verdict(r.exact_value, rate=isinstance(m.denominator, ActivityQuantity),
                   journal_used=index.used_by(fr.cutoff))


def _registry_gaps(plan, index: Index, fr: Frame, m: Ratio, r) -> None:
    """Members of the denominator's registry that no numerator activity has reached yet this plan year."""
    if not isinstance(m.numerator, ActivityQuantity):
        return
    reg = plan.registries[m.denominator.registry]
    ref_fields = {fid for kid in m.numerator.activities.kinds
                  for fid, spec in plan.activity_kinds[kid].fields.items()
                  if isinstance(spec, RefField) and spec.registry == m.denominator.registry}
    if not ref_fields:
        return
    acts = index.select(m.numerator.activities, fr.ytd_start, fr.cutoff)
    reached = set().union(*(members([b for b in acts if fid in b.members], fid) for fid in ref_fields))
    for mem in active_members(reg, fr.ytd_start, fr.cutoff, m.denominator.members_where):
        if mem.id not in reached:
            r.gaps.append(Gap(mem.id, mem.name))


def assessment(plan, index: Index, fr: Frame, ind, r) -> None:
    """The latest assessment of the plan year up to the cut-off decides; none by the year's end is a failure."""
    m: Assessment = ind.measure
    latest = None
    for a in index.records(m.activity):
        if a.fields.get(m.indicator_field) == ind.id and fr.in_ytd(a.date):
            if latest is None or (a.date, a.line) >= (latest.date, latest.line):
                latest = a
    if latest is None:
        r.result_text = "chưa đánh giá"
        r.in_period = {"result_text": "chưa đánh giá"}
        if fr.started and fr.year_over:
            r.status, r.met = NOT_MET, False
            r.gaps.append(Gap(ind.id, "Chưa có đánh giá trong năm kế hoạch"))
        else:
            r.status = NO_DATA
        return
    rating = str(latest.fields.get(m.rating_field, ""))
    r.met = rating in m.met_values
    r.value = 100.0 if r.met else 0.0
    r.result_text = rating
    r.in_period = {"result_text": rating if fr.in_period(latest.date) else "chưa đánh giá"}
    r.evidence = str(latest.fields.get(m.evidence_field, "")) if m.evidence_field else latest.note
    r.status = MET if r.met else (NOT_MET if fr.year_over else "cham_tien_do")
    if not r.met:
        r.gaps.append(Gap(latest.id, f"Đánh giá ngày {latest.date:%d/%m/%Y}: {rating}",
                          f"cần: {', '.join(m.met_values)}"))
