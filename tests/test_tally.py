"""The tally the engine counts from (journal/tally.py): what it keeps must give the figures the activities give."""

from __future__ import annotations

import random
from datetime import date, timedelta

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.journal.cache import FORMAT, decode_tally, encode_tally, read_digest, write_digest
from kehoach.journal.digest import Digest
from kehoach.journal.tally import Tally
from test_engine import PLAN, _random_act, act, results


def test_activities_alike_for_the_measures_are_one_bucket():
    acts = [act(1, "tuyen_truyen", "2024-02-01", thon=["na-cao"], so_nguoi=10),
            act(2, "tuyen_truyen", "2024-02-01", thon=["na-cao", "khuon-pinh"], so_nguoi=5),
            act(3, "tuyen_truyen", "2024-02-02", thon=["na-cao"], so_nguoi=1),
            act(4, "dang_tin", "2024-02-01", tieu_de="Tin 1"), act(5, "dang_tin", "2024-02-01", tieu_de="Tin 2")]
    tally = Tally.of(PLAN, acts)
    feb1 = [b for b in tally.buckets if b.kind == "tuyen_truyen" and b.date == date(2024, 2, 1)]
    assert len(feb1) == 1 and feb1[0].weight == 2 and feb1[0].sums == {"so_nguoi": 15}
    assert feb1[0].members == {"thon": {"na-cao": 2, "khuon-pinh": 1}}
    # a title no measure reads does not split a day's postings
    assert [(b.date.day, b.weight) for b in tally.buckets if b.kind == "dang_tin"] == [(1, 2)]
    r = results(acts, "h1", "2024-06-30")
    assert r["1.1.c"].numerator == 16 and r["1.1.b"].numerator == 1  # people reached; months with a posting


def test_voided_activities_are_not_tallied():
    gone = act(2, "tu_diem", "2024-03-01", mo_ta="x")
    gone.voided = True
    tally = Tally.of(PLAN, [act(1, "tu_diem", "2024-03-01", mo_ta="x"), gone])
    assert [b.weight for b in tally.buckets] == [1]


def test_a_case_counts_its_earliest_handling_not_before_its_receipt():
    # the 20-day limit of 2.1.b: received 1/2, due 21/2
    acts = [act(1, "tiep_nhan", "2024-02-01", loai="tin báo"),
            act(2, "xu_ly", "2024-03-30", vu_viec="HD0001"),  # late, but written first
            act(3, "xu_ly", "2024-01-20", vu_viec="HD0001"),  # before the receipt: ignored
            act(4, "xu_ly", "2024-02-15", vu_viec="HD0001")]  # the first that counts: on time
    r = results(acts, "h1", "2024-06-30")["2.1.b"]
    assert (r.numerator, r.denominator) == (1, 1) and not r.gaps
    # seen on 10/2 the case was not yet handled, and still within its limit
    early = results(acts, "h1", "2024-02-10")["2.1.b"]
    assert early.denominator == 0 and [g.id for g in early.pending] == ["HD0001"]
    # without the on-time handling it was handled late, on 30/3
    late = results(acts[:3], "h1", "2024-06-30")["2.1.b"]
    assert (late.numerator, late.denominator) == (0, 1) and "xử lý ngày 30/03/2024" in late.gaps[0].detail


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(0, 40))
def test_the_cached_tally_is_the_tally(seed, n):
    rnd = random.Random(seed)
    acts = [_random_act(i, rnd) for i in range(1, n + 1)]
    for i in range(n + 1, n + 6):  # handlings of the cases, some before their receipt, some twice
        day = (date(2024, 1, 1) + timedelta(days=rnd.randrange(366))).isoformat()
        acts.append(act(i, "xu_ly", day, vu_viec=f"HD{rnd.randint(1, max(n, 1)):04d}"))
    tally = Tally.of(PLAN, acts)
    body = encode_tally({"size": 0}, tally, ([], 0, None))
    assert decode_tally(orjson.loads(body)) == tally


# ---------------------------------------------------------------- the digest a report reads

def test_the_digest_lists_values_in_journal_order_with_their_counts():
    acts = [act(1, "tuyen_truyen", "2024-02-03", thon=["na-cao"], so_nguoi=10),
            act(2, "tuyen_truyen", "2024-02-01", thon=["khuon-pinh", "na-cao"], so_nguoi=5),
            act(3, "tuyen_truyen", "2024-02-03", thon=["na-cao"], so_nguoi=1),
            act(4, "tuyen_truyen", "2024-03-01", thon=["ban-dang"], so_nguoi=2),
            act(5, "dang_tin", "2024-02-05", tieu_de="Tin B"), act(6, "dang_tin", "2024-02-02", tieu_de="Tin A"),
            act(7, "dang_tin", "2024-02-05", tieu_de=""), act(8, "dang_tin", "2024-03-05", tieu_de="Tin A")]
    digest = Digest.of(PLAN, acts)
    feb = digest.gather(date(2024, 2, 1), date(2024, 2, 29))
    assert feb["tuyen_truyen"].weight == 3 and feb["tuyen_truyen"].total("so_nguoi") == 16
    # first seen in the journal first (not in date order); an empty value is not a value
    assert feb["tuyen_truyen"].values("thon") == [("na-cao", 3), ("khuon-pinh", 1)]
    assert feb["dang_tin"].weight == 3 and feb["dang_tin"].values("tieu_de") == [("Tin B", 1), ("Tin A", 1)]
    year = digest.gather(date(2024, 1, 1), date(2024, 12, 31))
    assert year["dang_tin"].values("tieu_de") == [("Tin B", 1), ("Tin A", 2)]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # each example sets it
@given(seed=st.integers(0, 10**6), n=st.integers(0, 40))
def test_the_cached_digest_is_the_digest(seed, n, tmp_path_factory, monkeypatch):
    rnd = random.Random(seed)
    digest = Digest.of(PLAN, [_random_act(i, rnd) for i in range(1, n + 1)])
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(folder))
    journal = folder / "2024.journal.jsonl"
    key = {"format": FORMAT, "plan": "p", "journal": str(journal.resolve()), "size": 10, "sha256": "s"}
    write_digest(journal, key, digest)
    assert read_digest(journal, key) == digest
    assert read_digest(journal, {**key, "sha256": "another journal"}) is None
