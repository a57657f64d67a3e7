"""Results are byte-identical with and without the caches, on every sample and test plan: the cache is never
the source of truth. Each command runs with an empty cache folder (computes, then fills it), again with the
folder warmed (reads it), and with the caches switched off (KEHOACH_CACHE=off)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

import kehoach.journal.cache as journal_cache
from conftest import ROOT

PLANS = sorted([*ROOT.glob("plans/*.yaml"), *ROOT.glob("tests/data/plans/*.yaml"), ROOT / "tests/data/mini.yaml",
                ROOT / "tests/data/time/plan.yaml"])
PLANS = [p for p in PLANS if p.name != "expected.yaml"]
COMMANDS = [
    ("status", "--period", "nam", "--json"),
    ("status", "--period", "h1", "--json"),
    ("status", "--period", "nam"),
    ("report", "--period", "nam", "--format", "md", "--no-chart", "--force", "-o", "{out}/bao-cao"),
    ("activities", "--json"),
]


def _copy(plan: Path, folder: Path) -> Path:
    folder.mkdir()
    dest = folder / plan.name
    shutil.copy(plan, dest)
    journal = plan.with_name(plan.stem + ".journal.jsonl")
    if journal.exists():
        shutil.copy(journal, folder / journal.name)
    elif plan.parent.name == "time":  # the hand-worked scenarios' journal, written as records
        rows = yaml.safe_load((plan.parent / "scenarios.yaml").read_text(encoding="utf-8"))["journal"]
        lines = [json.dumps({"op": "add", "id": i, "kind": k, "date": str(d), "fields": f}, ensure_ascii=False)
                 for i, k, d, f in rows]
        (folder / (plan.stem + ".journal.jsonl")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def _run(cli, plan: Path, args: tuple, out: Path) -> bytes:
    r = cli(*[a.replace("{out}", str(out)) for a in args], "--plan", plan, "--as-of", "2024-12-31") \
        if args[0] != "activities" else cli(*args, "--plan", plan)
    produced = b""
    if args[0] == "report":
        produced = b"".join(p.read_bytes() for p in sorted(out.glob("bao-cao*")))
    return f"{r.code}\n{r.stdout}\n--\n{r.stderr}\n--\n".encode() + produced


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: str(p.relative_to(ROOT)))
def test_outputs_are_the_same_with_and_without_the_cache(plan, cli, tmp_path, monkeypatch):
    hits = []
    for name in ("read_tally", "read_cache"):
        real = getattr(journal_cache, name)
        monkeypatch.setattr(journal_cache, name,
                            lambda *a, real=real, name=name: (found := real(*a)) is not None and hits.append(name)
                            or found)
    path = _copy(plan, tmp_path / "p")
    has_journal = path.with_name(path.stem + ".journal.jsonl").exists()
    for n, args in enumerate(COMMANDS):
        outs = {}
        for mode in ("off", "empty", "warm", "warm again"):
            out = tmp_path / f"out-{n}-{mode.replace(' ', '-')}"
            out.mkdir()
            cache = tmp_path / f"cache-{n}"
            if mode == "empty":
                assert not cache.exists()
            monkeypatch.setenv("KEHOACH_CACHE_DIR", str(cache))
            if mode == "off":
                monkeypatch.setenv("KEHOACH_CACHE", "off")
            else:
                monkeypatch.delenv("KEHOACH_CACHE", raising=False)
            hits.clear()
            outs[mode] = _run(cli, path, args, out).replace(str(out).encode(), b"OUT")
            if mode.startswith("warm") and has_journal:
                assert hits, "the warmed cache is read"
                if args[0] in ("status", "report"):
                    assert "read_cache" not in hits, "status and a Markdown report read no activity"
            if mode == "off":
                assert not cache.exists(), "the switch turns every cache off"
            if mode == "empty" and has_journal:
                assert list(cache.glob("journal-*")), "the first run fills the cache"
        assert outs["empty"] == outs["off"], args
        assert outs["warm"] == outs["off"], args
        assert outs["warm again"] == outs["off"], args
