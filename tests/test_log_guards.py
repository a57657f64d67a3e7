"""`log`'s duplicate guard finds every correction with one search of the journal: the same corrected state as
searching the journal once per activity."""

from __future__ import annotations

from conftest import ROOT
from kehoach.journal.cases import _corrected, _corrections
from kehoach.journal.store import _loads


def test_one_search_for_all_corrections_gives_the_same_states():
    raw = (ROOT / "plans" / "2023.journal.jsonl").read_bytes()
    records = [_loads(line) for line in raw.splitlines() if line.strip() and not line.startswith(b"#")]
    adds = [r for r in records if r.get("op") == "add"]
    targets = {r["target"] for r in records if r.get("op") in ("amend", "void")}
    assert targets and any(a["id"] in targets for a in adds)  # the sample has corrections to compare
    corrections = _corrections(raw)
    assert set(corrections) == targets
    for add in adds:
        assert _corrected(raw, add, corrections) == _corrected(raw, add)
