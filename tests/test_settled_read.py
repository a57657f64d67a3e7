"""`status` and `todo` read a journal without a cache one record at a time (settle.py): each activity no
later record can change is tallied and let go at once. What they get must be exactly what the whole read gives:
the same tally (buckets in the same order, the same cases and assessments, the same first handlings), the same
problems shown, the same count of records — on every journal of the catalogue, the samples, and generated
journals full of corrections, duplicates and cases; and when a record asks for an activity let go, the whole read.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, ROOT
from kehoach.base.errors import KehoachError
from kehoach.journal import ledger as ledger_module
from kehoach.journal import settle as settle_module
from kehoach.journal import store
from kehoach.journal.ledger import CachedLedger, load_ledger
from kehoach.journal.tally import Tally
from kehoach.plan.loader import load_plan

CATALOGUE = sorted((ROOT / "tests" / "catalogue" / "journal").glob("*.jsonl"))
SAMPLES = [p for p in sorted([*ROOT.glob("plans/*.yaml"), *ROOT.glob("tests/data/plans/*.yaml")])
           if p.with_name(p.stem + ".journal.jsonl").exists()]


def _settled(plan, plan_path: Path):
    path = ledger_module.journal_path(plan_path, plan)
    return settle_module.settle(plan, path, ledger_module.relpath(path), "test")


def _same_as_whole(plan_path: Path) -> bool:
    """Asserts the settled read equals the whole read; False when the settled read gave way to the whole one (and
    then what `status` reads is still the whole read's tally)."""
    plan = load_plan(plan_path)
    try:
        whole = load_ledger(plan, plan_path)
    except KehoachError as exc:  # unreadable as a whole (an encoding, binary): the settled read says the same
        with pytest.raises(KehoachError) as got:
            _settled(plan, plan_path)
        assert got.value.diagnostics == exc.diagnostics
        return True
    settled = _settled(plan, plan_path)
    if settled is None:
        got = load_ledger(plan, plan_path, use_cache=True, tally_only=True)
        assert got.tally(plan) == Tally.of(plan, whole.activities.values())
        assert got.problems() == whole.problems()
        return False
    assert isinstance(settled, CachedLedger)
    assert settled.tally(plan) == Tally.of(plan, whole.activities.values())
    assert settled.problems() == whole.problems()
    assert settled.records == whole.records
    real = store.PIECE
    try:  # read in pieces of a few lines: the same
        store.PIECE = 97
        small = _settled(plan, plan_path)
    finally:
        store.PIECE = real
    assert (small.tally(plan), small.problems(), small.records) == (settled.tally(plan), settled.problems(),
                                                                    settled.records)
    return True


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.stem for c in CATALOGUE])
def test_catalogue_settled_as_whole(case: Path, tmp_path):
    shutil.copy(MINI, tmp_path / "plan.yaml")
    shutil.copy(case, tmp_path / "plan.journal.jsonl")
    if case.stat().st_size == 0:
        assert _settled(load_plan(tmp_path / "plan.yaml"), tmp_path / "plan.yaml") is None  # nothing to read
        return
    # a handling naming an activity of another kind asks for one let go: read whole
    assert _same_as_whole(tmp_path / "plan.yaml") == (case.stem != "23-entry-wrong-kind")


@pytest.mark.parametrize("plan", SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_samples_settled_as_whole(plan: Path, tmp_path):
    shutil.copy(plan, tmp_path / plan.name)
    shutil.copy(plan.with_name(plan.stem + ".journal.jsonl"), tmp_path / (plan.stem + ".journal.jsonl"))
    assert _same_as_whole(tmp_path / plan.name)


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _add(i: int, kind: str, day: str, fields: dict) -> dict:
    """An add as `kehoach log` writes it (its nine keys)."""
    return {"op": "add", "id": f"HD{i:04d}", "kind": kind, "date": day, "unit": "vhxh", "fields": fields,
            "note": "", "by": "lan", "at": f"{day}T17:00:00+07:00"}


def _spoil(record: dict, how: int) -> dict:
    """A hand edit of an add that one check or another refuses, or a shape columns.py leaves to the usual way."""
    fields = record["fields"] = dict(record["fields"])
    if how == 1:
        record["unit"] = "khong-co"
    elif how == 2:
        fields["thon"] = ["na-cao", "khong-co"]
    elif how == 3:
        fields["so_nguoi"] = -1
    elif how == 4:
        fields["so_nguoi"] = "mười"
    elif how == 5:
        fields.pop(next(iter(fields)))
    elif how == 6:
        fields["la"] = 1
    elif how == 7:
        record["note"] = 5
    elif how == 8:
        record["date"] = "2025-01-01"
    elif how == 9:
        record["id"] = "HD1"
    elif how == 10:
        del record["note"]
    elif how == 11:
        record["force"] = True
    elif how == 12:
        record["fields"] = []
    elif how == 13:
        fields["thon"] = "na-cao"
    return record


ADDS = [("tuyen_truyen", {"thon": ["na-cao"], "so_nguoi": 30}), ("tuyen_truyen", {"thon": ["na-cao", "khuon-pinh"]}),
        ("kiem_tra", {"co_so": ["karaoke-a"], "so_vi_pham": 1}), ("dang_tin", {"tieu_de": "Tin"}),
        ("tiep_nhan", {"loai": "tin báo"}), ("danh_gia", {"chi_tieu": "1.1.a", "ket_qua": "Tốt"})]
DAYS = ["2024-01-05", "2024-03-01", "2024-03-01", "2024-06-30", "2024-07-02", "2024-12-31", "2023-12-31"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 30), st.sampled_from(DAYS),
                                st.one_of(st.just(0), st.integers(0, 13))), min_size=1, max_size=30))
def test_generated_journals_settled_as_whole(steps, tmp_path_factory):
    """Adds of every shape, handlings of cases (some before their case, some twice), amends and voids of earlier
    activities (some already voided, some unknown), a reused id: the settled read matches the whole read."""
    folder = tmp_path_factory.mktemp("settled")
    shutil.copy(MINI, folder / "plan.yaml")
    lines, n, cases, fell_back = [], 0, [], False
    for op, ref, day, how in steps:
        n += 1
        target = f"HD{1 + ref % max(n - 1, 1):04d}"
        if op == 6 and cases:
            target = cases[ref % len(cases)]  # mostly a case; else whatever came before (read whole, then)
        # the whole read is allowed (never required) when a handling names no case, or a hand edit or a reused id
        # may make a handling name an activity let go
        fell_back |= (op == 6 and target not in cases) or how != 0 or op == 9
        if op == 4:
            cases.append(f"HD{n:04d}")
        if op < 6:
            kind, fields = ADDS[op]
            lines.append(_line(_spoil(_add(n, kind, day, fields), how)))
        elif op == 6:
            lines.append(_line(_add(n, "xu_ly", day, {"vu_viec": target})))
        elif op == 7:
            lines.append(_line({"op": "void", "id": f"HD{n:04d}", "target": target, "reason": "ghi trùng"}))
        elif op == 8:
            lines.append(_line({"op": "amend", "id": f"HD{n:04d}", "target": target, "reason": "sửa",
                                "set": {"date": day}}))
        else:
            lines.append(_line(_add(max(n - 1 - ref, 1), "dang_tin", day, {"tieu_de": "Trùng mã"})))
    (folder / "plan.journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _same_as_whole(folder / "plan.yaml") or fell_back


def test_a_correction_the_byte_search_misses_reads_the_whole(tmp_path):
    """«"t\\u0061rget"» is «target» to a JSON reader but not to the byte search: the void asks for an activity let
    go, and the journal is read whole — the same answer as ever."""
    shutil.copy(MINI, tmp_path / "plan.yaml")
    lines = [_line(_add(1, "dang_tin", "2024-03-01", {"tieu_de": "Tin"})),
             _line(_add(2, "dang_tin", "2024-03-02", {"tieu_de": "Tin"})),
             '{"op": "void", "id": "HD0003", "t\\u0061rget": "HD0001", "reason": "ghi nhầm"}']
    (tmp_path / "plan.journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = load_plan(tmp_path / "plan.yaml")
    assert _settled(plan, tmp_path / "plan.yaml") is None
    whole = load_ledger(plan, tmp_path / "plan.yaml")
    assert [a.id for a in whole.current()] == ["HD0002"]
    got = load_ledger(plan, tmp_path / "plan.yaml", use_cache=True, tally_only=True)
    assert got.tally(plan) == Tally.of(plan, whole.activities.values())


def test_status_asks_nothing_more_of_a_settled_read(tmp_path, monkeypatch):
    """After the settled read, the tally's cache is written and the next read uses it; asking a settled ledger for
    its activities reads the journal whole."""
    shutil.copy(MINI, tmp_path / "plan.yaml")
    lines = [_line(_add(i, "tuyen_truyen", "2024-03-01", {"thon": ["na-cao"]})) for i in range(1, 6)]
    (tmp_path / "plan.journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan = load_plan(tmp_path / "plan.yaml")
    first = load_ledger(plan, tmp_path / "plan.yaml", use_cache=True, tally_only=True)
    assert isinstance(first, CachedLedger) and first.tally(plan).buckets[0].weight == 5
    monkeypatch.setattr(settle_module, "settle", lambda *a: pytest.fail("the tally's cache was not used"))
    again = load_ledger(plan, tmp_path / "plan.yaml", use_cache=True, tally_only=True)
    assert again.tally(plan) == first.tally(plan)
    assert [a.id for a in first.activities.values()] == [f"HD{i:04d}" for i in range(1, 6)]


def test_a_torn_journal_is_read_but_not_cached(tmp_path, monkeypatch):
    """A last line without its newline (a write cut short) is said, and no cache describes such a journal."""
    shutil.copy(MINI, tmp_path / "plan.yaml")
    lines = [_line(_add(i, "dang_tin", "2024-03-01", {"tieu_de": "Tin"})) for i in range(1, 4)]
    (tmp_path / "plan.journal.jsonl").write_text("\n".join(lines) + "\n" + lines[0][:30], encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan = load_plan(tmp_path / "plan.yaml")
    got = load_ledger(plan, tmp_path / "plan.yaml", use_cache=True, tally_only=True)
    shown, errors, _ = got.problems()
    assert [d.code for d in shown] == ["journal-torn"] and errors == 1
    assert got.tally(plan).buckets[0].weight == 3
    assert not list((tmp_path / "cache").glob("*.tally"))


TAILS = {  # what `log` (or a hand) appends after a status: (the lines, whether the cached tally takes them on)
    "plain adds": ([_add(7, "tuyen_truyen", "2024-05-01", {"thon": ["ban-dang"]}),
                    _add(8, "kiem_tra", "2024-05-02", {"co_so": ["nha-nghi-b"], "so_vi_pham": 2})], True),
    "a refused date": ([_add(7, "dang_tin", "2025-01-03", {"tieu_de": "Tin"})], True),
    "an unknown member": ([_add(7, "tuyen_truyen", "2024-05-01", {"thon": ["khong-co"]})], False),
    "a reused id": ([_add(3, "dang_tin", "2024-05-01", {"tieu_de": "Tin"})], False),
    "a void": ([{"op": "void", "id": "HD0007", "target": "HD0002", "reason": "ghi trùng"}], False),
    "a case": ([_add(7, "tiep_nhan", "2024-05-01", {"loai": "tin báo"})], False),
}


@pytest.mark.parametrize("tail", list(TAILS), ids=list(TAILS))
@pytest.mark.parametrize("before", ["clean", "with errors"])
def test_appended_records_on_top_of_the_cached_tally(tail, before, tmp_path, monkeypatch):
    """After a `status`, `log` appends: the cached tally takes plain adds on without reading the journal again, and
    anything else reads it again; either way, the same as the whole read."""
    shutil.copy(MINI, tmp_path / "plan.yaml")
    first = [_add(i, "tuyen_truyen", "2024-03-01", {"thon": ["na-cao"]}) for i in range(1, 6)]
    if before == "with errors":
        first[1]["unit"] = "khong-co"
        first[3]["date"] = "2023-11-30"
    journal = tmp_path / "plan.journal.jsonl"
    journal.write_text("".join(_line(r) + "\n" for r in first), encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan = load_plan(tmp_path / "plan.yaml")
    load_ledger(plan, tmp_path / "plan.yaml", use_cache=True, tally_only=True)  # writes the tally's cache
    lines, on_top = TAILS[tail]
    with journal.open("a", encoding="utf-8") as fh:
        fh.write("".join(_line(r) + "\n" for r in lines))
    read_again = []
    real = settle_module.settle
    monkeypatch.setattr(settle_module, "settle", lambda *a: read_again.append(1) or real(*a))
    got = load_ledger(plan, tmp_path / "plan.yaml", use_cache=True, tally_only=True)
    assert not read_again if on_top else read_again
    whole = load_ledger(plan, tmp_path / "plan.yaml")
    assert got.tally(plan) == Tally.of(plan, whole.activities.values())
    assert got.problems() == whole.problems()
    assert got.records == whole.records
    again = load_ledger(plan, tmp_path / "plan.yaml", use_cache=True, tally_only=True)  # from the cache it wrote
    assert (again.tally(plan), again.problems(), again.records) == (got.tally(plan), got.problems(), got.records)


@pytest.mark.parametrize("days", [["2022-12-20"], ["2022-12-20", "2024-01-02"], ["2023-05-05", "2022-12-16"]],
                         ids=["a warning", "a warning then an error", "plain then a warning"])
def test_problems_shown_after_appends_on_the_sample(days, tmp_path, monkeypatch):
    """On the sample plan (reporting year from 15/12 of the year before: a date before the plan is in force is a
    warning, a date beyond the year an error), what `status` shows of the journal's problems after appended adds
    is what the whole read shows."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    plan_path = tmp_path / "plans" / "2023.yaml"
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan = load_plan(plan_path)
    load_ledger(plan, plan_path, use_cache=True, tally_only=True)
    added = [{"op": "add", "id": f"HD{900 + i:04d}", "kind": "tuyen_truyen", "date": day, "unit": "vhxh",
              "fields": {"thon": ["thon-1"], "hinh_thuc": "Họp thôn", "so_nguoi": 30}, "note": "", "by": "lan",
              "at": f"{day}T08:00:00+07:00"} for i, day in enumerate(days)]
    with (tmp_path / "plans" / "2023.journal.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("".join(_line(r) + "\n" for r in added))
    monkeypatch.setattr(settle_module, "settle", lambda *a: pytest.fail("read again"))
    got = load_ledger(plan, plan_path, use_cache=True, tally_only=True)
    whole = load_ledger(plan, plan_path)
    assert got.problems() == whole.problems() and got.problems()[0]
    assert got.tally(plan) == Tally.of(plan, whole.activities.values())


def _read_both(plan, plan_path: Path):
    """(what the whole read says, what `status` reads): the tally, the problems shown and the count of records, or
    the diagnostics of the error that stops the read."""
    def said(read):
        try:
            got = read()
        except KehoachError as exc:
            return exc.diagnostics
        return got.tally(plan), got.problems(), got.records

    def whole():
        got = load_ledger(plan, plan_path)
        got._tally = Tally.of(plan, got.activities.values())
        return got

    return said(whole), said(lambda: load_ledger(plan, plan_path, use_cache=True, tally_only=True))


def _status_then_append(tmp_path, monkeypatch, first: bytes, appended: bytes):
    """A journal read by `status` (its tally cached), then bytes appended by hand: what the whole read and
    `status` say of it then, and `status` again (from the cache it wrote)."""
    shutil.copy(MINI, tmp_path / "plan.yaml")
    journal = tmp_path / "plan.journal.jsonl"
    journal.write_bytes(first)
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan = load_plan(tmp_path / "plan.yaml")
    load_ledger(plan, tmp_path / "plan.yaml", use_cache=True, tally_only=True)
    with journal.open("ab") as fh:
        fh.write(appended)
    whole, got = _read_both(plan, tmp_path / "plan.yaml")
    return whole, got, _read_both(plan, tmp_path / "plan.yaml")[1]


def _bytes(*records: dict) -> bytes:
    return "".join(_line(r) + "\n" for r in records).encode("utf-8")


def test_a_nul_byte_appended_near_the_start_is_still_a_binary_journal(tmp_path, monkeypatch):
    """A NUL byte among a journal's first 8 KB makes it a binary file to the whole read (an error, nothing counted),
    wherever it is — in a comment line too. Appended after a status, the cached tally must not take the adds on."""
    first = _bytes(_add(1, "dang_tin", "2024-03-01", {"tieu_de": "Tin"}))
    whole, got, again = _status_then_append(tmp_path, monkeypatch, first,
                                            b"# \x00\n" + _bytes(_add(2, "dang_tin", "2024-03-02", {"tieu_de": "Tin"})))
    assert [d.code for d in whole] == ["file-binary"]
    assert got == whole and again == whole


def test_a_line_appended_to_a_utf16_journal(tmp_path, monkeypatch):
    """A journal saved as UTF-16 (big-endian: its last bytes are a «\\n») is read whole by status and its tally
    cached; a line then appended by hand in UTF-8 is part of the same UTF-16 text to the whole read (a torn line,
    not an activity): the cached tally must not take it on as an add."""
    text = _bytes(_add(1, "dang_tin", "2024-03-01", {"tieu_de": "Tín"})).decode("utf-8")
    first = b"\xfe\xff" + text.encode("utf-16-be")
    whole, got, again = _status_then_append(tmp_path, monkeypatch, first,
                                            _bytes(_add(2, "dang_tin", "2024-03-02", {"tieu_de": "Tin"})))
    assert whole[0].buckets[0].weight == 1 and len(whole[0].buckets) == 1
    assert got == whole and again == whole


@pytest.mark.parametrize("appended", [False, True], ids=["read", "appended"])
def test_an_id_of_thousands_of_digits(appended, tmp_path, monkeypatch):
    """«HD» and 5,000 digits is a record id; Python refuses to read so long a number (int's limit of 4,300 digits):
    status says what the whole read says, never an internal error."""
    huge = _add(2, "dang_tin", "2024-03-02", {"tieu_de": "Tin"})
    huge["id"] = "HD" + "1" * 5000
    first = _bytes(_add(1, "dang_tin", "2024-03-01", {"tieu_de": "Tin"}), *([] if appended else [huge]))
    whole, got, again = _status_then_append(tmp_path, monkeypatch, first, _bytes(huge) if appended else b"")
    assert whole[0].buckets[0].weight == 1 and whole[0].buckets[1].weight == 1
    assert got == whole and again == whole


@pytest.mark.parametrize("appended", [False, True], ids=["warm", "appended"])
def test_problems_named_from_another_folder(appended, tmp_path, monkeypatch):
    """A journal's problems name it as the officer would type it from the folder where the command runs: after a
    status in the plan's folder, a status run from the folder above says «so/plan.journal.jsonl:1:1», as the whole
    read does — not the name cached from the other folder."""
    folder = tmp_path / "so"
    folder.mkdir()
    shutil.copy(MINI, folder / "plan.yaml")
    bad = _add(1, "dang_tin", "2024-03-01", {"tieu_de": "Tin"})
    bad["unit"] = "khong-co"
    (folder / "plan.journal.jsonl").write_bytes(_bytes(bad, _add(2, "dang_tin", "2024-03-01", {"tieu_de": "Tin"})))
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(folder)
    plan = load_plan(folder / "plan.yaml")
    load_ledger(plan, folder / "plan.yaml", use_cache=True, tally_only=True)
    if appended:
        later = _add(3, "dang_tin", "2024-03-01", {"tieu_de": "Tin"})
        later["date"] = "2025-01-02"
        with (folder / "plan.journal.jsonl").open("ab") as fh:
            fh.write(_bytes(later))
    monkeypatch.chdir(tmp_path)
    whole, got = _read_both(plan, Path("so") / "plan.yaml")
    assert whole[1][0][0].file == str(Path("so") / "plan.journal.jsonl")
    assert got == whole


def _tin(i: int, day: str = "2024-03-01", **changes) -> dict:
    return {**_add(i, "dang_tin", day, {"tieu_de": "Tin"}), **changes}


_BASE = _bytes(_tin(1), _add(2, "tuyen_truyen", "2024-03-01", {"thon": ["na-cao"], "so_nguoi": 5}), _tin(3))
HAND_EDITS = {  # a journal, then what is done to it between two statuses: appended bytes, or ("replace", bytes)
    "CRLF and a mark of UTF-8, then adds in CRLF": (b"\xef\xbb\xbf" + _BASE.replace(b"\n", b"\r\n"),
                                                   [_bytes(_tin(4), _tin(5)).replace(b"\n", b"\r\n")]),
    "adds appended with comments and blank lines": (_BASE, [b"# th\xc3\xaam\n\n" + _bytes(_tin(4)) + b"   \n"]),
    "the same number written with more digits": (_BASE, [_bytes(_tin(1, id="HD00001")), _bytes(_tin(4, id="HD00004"))]),
    "ids not increasing, then a smaller one": (_bytes(_tin(9), _tin(3)), [_bytes(_tin(5)), _bytes(_tin(12))]),
    "an escaped id, then its duplicate": (_bytes(_tin(1)).replace(b'"HD0001"', b'"\\u0048D0001"'),
                                          [_bytes(_tin(1, day="2024-04-01")), _bytes(_tin(2))]),
    "a text in NFD appended": (_BASE, [_bytes(_add(4, "dang_tin", "2024-03-01", {"tieu_de": "Tie\u0302\u0301n"}))]),
    "an amend appended changes a date": (_BASE, [_bytes({"op": "amend", "id": "HD0004", "target": "HD0002",
                                                         "set": {"date": "2024-05-01"}, "reason": "sửa"})]),
    "a void before the add it names, then the add": (
        _bytes({"op": "void", "id": "HD0001", "target": "HD0002", "reason": "huỷ"}),
        [_bytes(_tin(2)), _bytes({"op": "amend", "id": "HD0003", "target": "HD0002", "set": {"note": "x"},
                                  "reason": "sửa"})]),
    "an amend of one voided": (_BASE + _bytes({"op": "void", "id": "HD0004", "target": "HD0001", "reason": "huỷ"}),
                               [_bytes({"op": "amend", "id": "HD0005", "target": "HD0001",
                                        "set": {"date": "2024-05-01"}, "reason": "sửa"}), _bytes(_tin(6))]),
    "a handling naming a plain activity, then a later id": (
        _BASE, [_bytes(_add(4, "xu_ly", "2024-03-02", {"vu_viec": "HD0003"})),
                _bytes(_add(5, "xu_ly", "2024-03-02", {"vu_viec": "HD0006"}), _add(6, "tiep_nhan", "2024-03-01",
                                                                                  {"loai": "tin báo"}))]),
    "edited in the middle, the same size": (_BASE, [("replace", _BASE.replace(b"2024-03-01", b"2024-03-02", 1))]),
    "replaced by a shorter one, then appended": (_BASE, [("replace", _bytes(_tin(1))), _bytes(_tin(2))]),
    "appended after a torn line": (_BASE + b'{"op": "add", "id": "HD00', [b"\n" + _bytes(_tin(5)), _bytes(_tin(6))]),
    "adds whose fields are [], \"\" or absent": (_BASE, [_bytes(_add(4, "tu_diem", "2024-03-01", []),
                                                              _add(5, "tu_diem", "2024-03-01", ""),
                                                              {k: v for k, v in _tin(6).items() if k != "fields"})]),
    "a forced and a carried add": (_BASE, [_bytes(_tin(4, day="2025-01-02", force=True)),
                                           _bytes(_tin(5, carried_from="2023.journal.jsonl"))]),
}


@pytest.mark.parametrize("case", list(HAND_EDITS), ids=list(HAND_EDITS))
def test_status_after_hand_edits_as_whole(case, tmp_path, monkeypatch):
    """A journal read by `status`, then edited by hand or by `log` (appended, edited in place, replaced): each
    following `status` — on top of the cached tally, read again piece by piece, or from the cache it wrote — says
    what the whole read says."""
    first, steps = HAND_EDITS[case]
    shutil.copy(MINI, tmp_path / "plan.yaml")
    journal = tmp_path / "plan.journal.jsonl"
    journal.write_bytes(first)
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan = load_plan(tmp_path / "plan.yaml")
    for step in [b"", *steps]:
        if isinstance(step, tuple):
            journal.write_bytes(step[1])
        else:
            with journal.open("ab") as fh:
                fh.write(step)
        whole, got = _read_both(plan, tmp_path / "plan.yaml")
        assert got == whole
        assert _read_both(plan, tmp_path / "plan.yaml")[1] == whole


def test_cached_activities_name_the_journal_from_the_folder_of_the_command(tmp_path, monkeypatch):
    """The activities' cache (reports, `activities`) keeps the journal's diagnostics: read from another folder,
    they name the journal as the whole read does from there."""
    folder = tmp_path / "so"
    folder.mkdir()
    shutil.copy(MINI, folder / "plan.yaml")
    (folder / "plan.journal.jsonl").write_bytes(_bytes(_tin(1, unit="khong-co"), _tin(2)))
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(folder)
    plan = load_plan(folder / "plan.yaml")
    load_ledger(plan, folder / "plan.yaml", use_cache=True)  # writes the activities' cache, names «plan.journal…»
    monkeypatch.chdir(tmp_path)
    got = load_ledger(plan, Path("so") / "plan.yaml", use_cache=True)
    whole = load_ledger(plan, Path("so") / "plan.yaml")
    assert [d.file for d in got.diagnostics] == [str(Path("so") / "plan.journal.jsonl")]
    assert got.diagnostics == whole.diagnostics and got.problems() == whole.problems()
