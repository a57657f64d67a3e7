"""Fuzzing: generated plan documents and journal lines reach the loader and the journal reader, and only our own
located errors come out — never another exception.

Bounded for CI; for a longer local run: KEHOACH_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from kehoach.base.errors import KehoachError
from kehoach.journal.ledger import load_ledger
from kehoach.plan.loader import load_plan, load_plan_with_diagnostics

EXAMPLES = int(os.environ.get("KEHOACH_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
BASE = MINI.read_bytes()
PLAN = load_plan(MINI)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["2024-02-30", "1.1.a", "thon", ">=", "coverage", "", "\t"]))
keys = st.sampled_from(["meta", "areas", "id", "text", "measure", "kind", "target", "op", "percent", "registries",
                        "members", "fields", "type", "activity_kinds", "reporting", "title", "x", "năm"])
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=5)), max_leaves=25)


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for pos, cut, insert in edits:
        pos = pos % (len(out) + 1)
        out[pos:pos + cut] = insert
    return bytes(out)


edits = st.lists(st.tuples(st.integers(0, len(BASE)), st.integers(0, 8),
                           st.binary(max_size=6) | st.sampled_from([b":", b"- ", b"\t", b"{", b"'", b'"', b"&a", b"*a",
                                                                    b"\n  ", b"\xef\xbb\xbf", b"\xc3"])),
                 min_size=1, max_size=4)


def _load_only_our_errors(path) -> None:
    try:
        load_plan_with_diagnostics(path)
    except KehoachError as err:
        assert err.diagnostics and all(d.message for d in err.diagnostics)


@FUZZ
@given(doc=documents)
def test_generated_yaml_documents(doc, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "plan.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _load_only_our_errors(path)


@FUZZ
@given(changes=edits)
def test_mutated_plans(changes, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "plan.yaml"
    path.write_bytes(_mutate(BASE, changes))
    _load_only_our_errors(path)


VALID = [
    {"op": "add", "id": "HD0001", "kind": "tuyen_truyen", "date": "2024-03-01", "unit": "vhxh",
     "fields": {"thon": ["na-cao"], "so_nguoi": 40}},
    {"op": "add", "id": "HD0002", "kind": "tiep_nhan", "date": "2024-03-02", "fields": {"loai": "tin báo"}},
    {"op": "add", "id": "HD0003", "kind": "xu_ly", "date": "2024-03-05", "fields": {"vu_viec": "HD0002"}},
    {"op": "amend", "id": "HD0004", "target": "HD0001", "set": {"fields": {"so_nguoi": 45}}, "reason": "x"},
    {"op": "void", "id": "HD0005", "target": "HD0003", "reason": "y"},
]
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                            st.dictionaries(st.text(max_size=8) | keys, inner,
                                                                            max_size=4)), max_leaves=12)
lines = st.one_of(
    st.sampled_from([json.dumps(v, ensure_ascii=False) for v in VALID]),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False)),
    st.builds(lambda v, k, x: json.dumps({**v, k: x}, ensure_ascii=False), st.sampled_from(VALID),
              st.sampled_from(["op", "id", "kind", "date", "unit", "fields", "target", "set", "reason", "force"]),
              json_values),
    st.text(alphabet=string.printable + "ếộ{}[]\":,", max_size=60),
)


@FUZZ
@given(journal=st.lists(lines, max_size=12), torn=st.integers(0, 30), use_cache=st.booleans())
def test_generated_journals(journal, torn, use_cache, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    plan_path = folder / "plan.yaml"
    plan_path.write_bytes(BASE)
    text = "\n".join(journal) + "\n"
    data = text.encode("utf-8")
    if torn:
        data = data[:-torn] if torn < len(data) else data
    (folder / "plan.journal.jsonl").write_bytes(data)
    try:
        ledger = load_ledger(PLAN, plan_path, use_cache=use_cache)
    except KehoachError as err:
        assert err.diagnostics
        return
    for d in ledger.diagnostics:
        assert d.file and d.line and d.message
    from datetime import date

    from kehoach.engine.attainment import evaluate
    from kehoach.plan.calendar import plan_year
    from kehoach.base.periods import parse_period

    evaluate(PLAN, ledger.current(), plan_year(PLAN), parse_period("nam", 2024, "calendar"), date(2024, 12, 31))
