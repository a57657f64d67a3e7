"""The time model as a district reader checks it: a table of scenarios (tests/data/time/scenarios.yaml, worked by
hand from the rules) for every measure kind and period, and properties that must hold over any journal."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kehoach.base.periods import calendar_windows, make_plan_year, parse_period, reporting_year_of
from kehoach.engine.attainment import evaluate
from kehoach.journal.store import Activity
from kehoach.plan.calendar import plan_year
from kehoach.plan.loader import load_plan

DATA = ROOT / "tests" / "data" / "time"
PLAN = load_plan(DATA / "plan.yaml")
SCENARIOS = yaml.safe_load((DATA / "scenarios.yaml").read_text(encoding="utf-8"))


def _act(ident, kind, day, fields, line=0):
    return Activity(ident, kind, day if isinstance(day, date) else date.fromisoformat(str(day)), None, fields,
                    line=line)


JOURNAL = [_act(i, k, d, f, n) for n, (i, k, d, f) in enumerate(SCENARIOS["journal"], 1)]


def _results(acts, code, as_of, plan=PLAN):
    period = parse_period(code, plan.meta.year, plan.reporting.period_rule)
    return {r.id: r for r in evaluate(plan, acts, plan_year(plan), period, as_of)}


def test_the_plan_year_starts_on_the_day_of_issue():
    year = plan_year(PLAN)
    assert (year.start, year.end) == (date(2024, 3, 15), date(2024, 12, 14))


@pytest.mark.parametrize("check", SCENARIOS["checks"], ids=lambda c: f"{c[0]}-{c[2]}")
def test_scenario(check):
    code, as_of, ind, expected = check
    r = _results(JOURNAL, code, as_of if isinstance(as_of, date) else date.fromisoformat(as_of))[ind]
    for key, want in expected.items():
        if key == "gaps":
            assert [g.name for g in r.gaps] == want, r.gaps
        elif key == "gap_details":
            assert [g.detail for g in r.gaps] == want
        elif key == "pending":
            assert [g.name for g in r.pending] == want, r.pending
        elif key == "pending_details":
            assert [g.detail for g in r.pending] == want
        elif key == "in_period":
            assert {k: r.in_period[k] for k in want} == want, r.in_period
        else:
            assert getattr(r, key) == want, (key, r)


def test_a_case_handled_in_the_next_period_is_counted_there_not_lost():
    """HD0019 (received 25/05, due 14/06) is still open within its limit at h1's cut-off, and counted in q3."""
    h1 = _results(JOURNAL, "h1", date(2024, 12, 31))["2.1.b"]
    q3 = _results(JOURNAL, "q3", date(2024, 12, 31))["2.1.b"]
    assert "HD0019" in {g.id for g in h1.pending} and "HD0019" not in {g.id for g in h1.gaps}
    assert q3.in_period == {**q3.in_period, "numerator": 0, "denominator": 1}
    assert "HD0019" in {g.id for g in q3.gaps}


def test_records_before_the_plan_took_effect_count_nowhere():
    only_before = [JOURNAL[0]]  # 10/03/2024
    r = _results(only_before, "nam", date(2024, 12, 31))
    assert r["1.1.c"].value == 0 and r["1.1.a"].numerator == 0


def test_calendar_windows_are_named_as_a_reader_names_them():
    windows = calendar_windows(date(2024, 3, 15), date(2024, 12, 14), "month")
    assert [w.title for w in windows][:3] == ["15/03–31/03/2024", "tháng 4 năm 2024", "tháng 5 năm 2024"]
    assert windows[-1].title == "01/12–14/12/2024"
    assert (windows[0].start, windows[-1].end) == (date(2024, 3, 15), date(2024, 12, 14))
    quarters = calendar_windows(date(2024, 3, 15), date(2024, 12, 14), "quarter")
    assert [w.title for w in quarters] == ["15/03–31/03/2024", "quý II năm 2024", "quý III năm 2024",
                                           "01/10–14/12/2024"]


def test_which_year_a_day_is_reported_in():
    assert reporting_year_of(date(2023, 12, 14), "nd09") == 2023
    assert reporting_year_of(date(2023, 12, 15), "nd09") == 2024  # Nghị định 09: 15–31/12 → next year
    assert reporting_year_of(date(2023, 12, 31), "calendar") == 2023
    year = make_plan_year(2024, "nd09", date(2023, 11, 1))  # issued before its reporting year began
    assert year.start == date(2023, 12, 15)


# ---------------------------------------------------------------- properties over random journals

KINDS = ("tuyen_truyen", "dang_tin", "kiem_tra")


def _random_journal(seed: int, n: int) -> list[Activity]:
    rnd = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        day = date(2024, 3, 1) + timedelta(days=rnd.randrange(300))
        kind = rnd.choice(KINDS)
        fields = {"tuyen_truyen": {"thon": rnd.sample(["na-cao", "khuon-pinh", "ban-dang"], rnd.randint(1, 2)),
                                   "so_nguoi": rnd.randint(0, 90)},
                  "dang_tin": {"tieu_de": "x"},
                  "kiem_tra": {"co_so": [rnd.choice(["karaoke-a", "nha-nghi-b"])], "so_vi_pham": rnd.randint(0, 3),
                               "so_vu_xu_ly": rnd.randint(0, 3)}}[kind]
        out.append(_act(f"HD{i:04d}", kind, day, fields, i))
    return out


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10 ** 6), n=st.integers(0, 40))
def test_year_to_date_never_decreases_for_cumulative_measures(seed, n):
    acts = _random_journal(seed, n)
    before = None
    for day in range(0, 300, 9):
        as_of = date(2024, 3, 10) + timedelta(days=day)
        r = _results(acts, "nam", as_of)
        now = (r["1.1.c"].value or 0, r["2.1.a"].numerator or 0)
        if before is not None:
            # «thôn được tuyên truyền» may gain a member (Bản Đăng joins on 1/7), so compare counts, not shares
            assert now[0] >= before[0] and now[1] >= before[1], (as_of, before, now)
        before = now


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10 ** 6), n=st.integers(0, 40), code=st.sampled_from(["h1", "q2", "q3", "h2", "nam"]))
def test_months_named_in_gaps_hold_no_recorded_posting(seed, n, code):
    acts = _random_journal(seed, n)
    posted = {(a.date.year, a.date.month) for a in acts if a.kind == "dang_tin"}
    r = _results(acts, code, date(2024, 12, 31))["1.1.b"]
    for gap in r.gaps:
        year, month = (int(x) for x in gap.id.split("-"))
        assert (year, month) not in posted, (gap, sorted(posted))
        assert gap.name == f"tháng {month} năm {year}"


# ---------------------------------------------------------------- the command line

def test_log_refuses_a_handling_dated_before_its_case(cli, sample):
    journal = sample / "plans" / "2023.journal.jsonl"
    before = journal.read_bytes()
    r = cli("log", "xu_ly", "vu_viec=HD0030", "ket_qua=giai quyet khieu nai", "--date", "31/5/2023")
    assert r.code == 1 and "[date-before-entry]" in r.stderr and "01/06/2023" in r.stderr
    assert journal.read_bytes() == before


def test_log_says_which_years_reporting_a_date_belongs_to(cli, sample):
    journal = sample / "plans" / "2023.journal.jsonl"
    before = journal.read_bytes()
    r = cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin", "--date", "20/12/2023")
    assert r.code == 1 and "thuộc kỳ báo cáo năm 2024" in r.stderr and "--force" in r.stderr
    r = cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin", "--date", "20/2/2023")
    assert r.code == 1 and "trước ngày kế hoạch có hiệu lực (01/03/2023)" in r.stderr
    assert journal.read_bytes() == before
    r = cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin", "--date", "20/12/2023", "--force")
    assert r.code == 0
    r = cli("check")
    assert r.code == 0 and "[journal-outside-year]" in r.stderr  # kept, listed, counted nowhere


@pytest.mark.parametrize("period,expected", [("h1", "19/06/2023"),   # 14/6 + 3 = Sat 17/6 → Mon 19/6
                                             ("q3", "18/09/2023"),   # 14/9 + 3 = Sun 17/9 → Mon 18/9
                                             ("nam", "18/12/2023")])  # 14/12 + 3 = Sun 17/12 → Mon 18/12
def test_the_default_report_date_is_a_working_day(cli, sample, period, expected):
    r = cli("report", "--period", period, "-f", "md", "--no-chart", "-o", "bc")
    assert r.code == 0, r.output
    text = (sample / "bc.md").read_text(encoding="utf-8")
    day, month, year = (int(x) for x in expected.split("/"))
    assert f"ngày {day:02d} tháng {month} năm {year}" in text


def test_report_dates_skip_lunar_and_fixed_holidays():
    from kehoach.base.workdays import working_day_on_or_after

    assert working_day_on_or_after(date(2023, 4, 29)) == date(2023, 5, 4)  # Giỗ Tổ, 30/4, 1/5 and days in lieu
    assert working_day_on_or_after(date(2024, 2, 8)) == date(2024, 2, 15)  # Tết Giáp Thìn
    assert working_day_on_or_after(date(2024, 9, 2)) == date(2024, 9, 4)   # Quốc khánh and its neighbour day
