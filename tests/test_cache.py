"""The journal cache: used only when it provably describes the journal and the plan; never the source of truth."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import kehoach.journal.cache as cache
import kehoach.plan.cache as plan_cache
from conftest import PLAN_2023, ROOT
from kehoach.base.errors import KehoachError
from kehoach.journal.ledger import load_ledger
from kehoach.journal.tally import Tally
from kehoach.plan.loader import load_plan
from kehoach.plan.shapes import tree


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan_path = tmp_path / "2023.yaml"
    shutil.copy(PLAN_2023, plan_path)
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "2023.journal.jsonl")
    return plan_path


def _state(ledger):
    return sorted((a.id, a.kind, a.date, a.unit, json.dumps(a.fields, sort_keys=True), a.voided, a.revisions, a.line)
                  for a in ledger.activities.values()), [d.format() for d in ledger.diagnostics], ledger.records


def _full(plan_path):
    return _state(load_ledger(load_plan(plan_path), plan_path, use_cache=False))


def test_cache_gives_the_same_state_and_is_reused(setup, monkeypatch):
    plan = load_plan(setup)
    first = load_ledger(plan, setup, use_cache=True)
    files = list(cache.cache_dir().glob("journal-*.cache"))
    assert len(files) == 1
    assert _state(first) == _full(setup)
    calls = []
    for name in ("read_tally", "read_cache"):
        real = getattr(cache, name)
        monkeypatch.setattr(cache, name, lambda *a, real=real, name=name: calls.append(name) or real(*a))
    second = load_ledger(plan, setup, use_cache=True)
    assert calls == ["read_tally"]  # what the measures count comes from the tally's cache…
    assert _state(second) == _full(setup)
    assert calls == ["read_tally", "read_cache"]  # …and the activities, asked for, from theirs
    assert second.tally(plan) == Tally.of(plan, second.activities.values())


def test_activities_are_read_from_the_journal_when_only_the_tally_is_cached(setup):
    plan = load_plan(setup)
    load_ledger(plan, setup, use_cache=True)
    for f in cache.cache_dir().glob("journal-*.cache"):
        f.unlink()
    ledger = load_ledger(plan, setup, use_cache=True)
    assert _state(ledger) == _full(setup)


def test_appended_records_are_read_on_top_of_the_cache(setup, cli):
    plan = load_plan(setup)
    load_ledger(plan, setup, use_cache=True)
    assert cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Mới", "--date", "2/5/2023", "--plan", setup).code == 0
    assert cli("void", "HD0001", "--reason", "thử", "--plan", setup).code == 0
    with open(setup.with_name("2023.journal.jsonl"), "a", encoding="utf-8") as fh:
        fh.write('{"op": "add", "id": "HD0099", "kind": "dang_tin", "date": "2023-05-03", "fields": {}}\n')
        # a case closed before the cached part ended, closed again: said so on top of the cache as well
        fh.write('{"op": "add", "id": "HD0100", "kind": "xu_ly", "date": "2023-06-03", "unit": "ca", '
                 '"fields": {"vu_viec": "HD0028", "ket_qua": "Khác"}}\n')
    cached = load_ledger(plan, setup, use_cache=True)
    assert _state(cached) == _full(setup)  # same activities, same diagnostics with the same line numbers
    assert cached.activities["HD0001"].voided
    assert any("HD0099" in d.message for d in cached.diagnostics)
    assert any(d.code == "journal-closed-twice" and "HD0100" in d.message for d in cached.diagnostics)


def test_new_activities_are_tallied_on_top_of_the_cached_tally(setup, monkeypatch):
    plan = load_plan(setup)
    load_ledger(plan, setup, use_cache=True)
    with open(setup.with_name("2023.journal.jsonl"), "a", encoding="utf-8") as fh:
        for line in ('{"op": "add", "id": "HD0900", "kind": "tiep_nhan", "date": "2023-06-01", "unit": "ca", '
                     '"fields": {"loai": "tin báo", "tom_tat": "Tin mới"}}',
                     '{"op": "add", "id": "HD0901", "kind": "xu_ly", "date": "2023-06-05", "unit": "ca", '
                     '"fields": {"vu_viec": "HD0900", "ket_qua": "Khác"}}',  # handled 4 days after its receipt
                     '{"op": "add", "id": "HD0902", "kind": "tiep_nhan", "date": "2023-06-03", "unit": "ca", '
                     '"fields": {"loai": "tố giác", "tom_tat": "Tin mới nữa"}}',  # still open
                     '{"op": "add", "id": "HD0903", "kind": "tuyen_truyen", "date": "2023-06-01", "unit": "tp", '
                     '"fields": {"thon": ["thon-1"], "hinh_thuc": "Họp thôn", "so_nguoi": 12}}'):
            fh.write(line + "\n")
    calls = []
    real = Tally.of
    monkeypatch.setattr(Tally, "of", classmethod(lambda cls, *a, **k: calls.append(1) or real(*a, **k)))
    ledger = load_ledger(plan, setup, use_cache=True)
    tally = ledger.tally(plan)
    assert not calls, "the cached tally takes on the new activities"
    monkeypatch.setattr(Tally, "of", real)
    assert tally == Tally.of(plan, ledger.current())
    assert tally.handled[("tiep_nhan", "xu_ly", "vu_viec")]["HD0900"].isoformat() == "2023-06-05"
    assert _state(ledger) == _full(setup)


@pytest.mark.parametrize("edit", ["middle", "same-size", "truncate", "plan"])
def test_any_other_change_invalidates_the_cache(setup, edit):
    plan = load_plan(setup)
    before = load_ledger(plan, setup, use_cache=True)
    total_before = _people(before)
    journal = setup.with_name("2023.journal.jsonl")
    raw = journal.read_bytes()
    if edit == "middle":
        journal.write_bytes(raw.replace(b'"so_nguoi": 64', b'"so_nguoi": 8500', 1))
    elif edit == "same-size":
        journal.write_bytes(raw.replace(b'"so_nguoi": 64', b'"so_nguoi": 65', 1))
    elif edit == "truncate":
        journal.write_bytes(raw[: raw.rfind(b"\n", 0, len(raw) - 1) + 1])
    else:
        text = setup.read_text(encoding="utf-8").replace("name: Thôn 3}", "name: Thôn Ba}")
        setup.write_text(text, encoding="utf-8")
        plan = load_plan(setup)
    cached = load_ledger(plan, setup, use_cache=True)
    assert _state(cached) == _full(setup)
    if edit == "middle":
        assert _people(cached) == total_before - 64 + 8500
    if edit == "same-size":
        assert _people(cached) == total_before + 1


def _people(ledger):
    return sum(a.fields.get("so_nguoi", 0) for a in ledger.current() if a.kind == "tuyen_truyen")


def test_a_broken_cache_file_is_ignored(setup):
    plan = load_plan(setup)
    load_ledger(plan, setup, use_cache=True)
    for f in cache.cache_dir().glob("journal-*.cache"):
        f.write_bytes(b"{not json")
    assert _state(load_ledger(plan, setup, use_cache=True)) == _full(setup)


def test_unwritable_cache_dir_is_not_an_error(setup, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(blocker / "sub"))
    assert _state(load_ledger(load_plan(setup), setup, use_cache=True)) == _full(setup)


def test_a_communes_journal_is_cached_too(setup):
    load_ledger(load_plan(setup), setup, use_cache=True)
    assert list(cache.cache_dir().glob("journal-*.cache"))


def test_cache_lives_outside_the_project():
    assert ROOT not in cache.cache_dir().resolve().parents


def test_plan_cache_round_trip_and_invalidation(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan_path = tmp_path / "2023.yaml"
    shutil.copy(PLAN_2023, plan_path)
    fresh = load_plan(plan_path, use_cache=False)
    first = load_plan(plan_path)  # validates the YAML, then caches
    assert list(plan_cache.cache_dir().glob("plan-*.json"))
    calls = []
    real = plan_cache.read_plan_cache
    monkeypatch.setattr(plan_cache, "read_plan_cache", lambda raw: calls.append(1) or real(raw))
    second = load_plan(plan_path)
    assert calls and type(second).__module__ == "kehoach.plan.shapes"  # plain objects, not pydantic models
    assert tree(second) == tree(first) == tree(fresh)  # every field, every class, every date
    assert [i.id for i in second.indicators()] == [i.id for i in fresh.indicators()]
    text = plan_path.read_text(encoding="utf-8").replace("name: Hoàng Văn Mẫn", "name: Nguyễn Văn B")
    plan_path.write_text(text, encoding="utf-8")
    assert load_plan(plan_path).meta.signer.name == "Nguyễn Văn B"  # other bytes, other cache entry
    broken = text.replace("year: 2023", "year: hai")
    plan_path.write_text(broken, encoding="utf-8")
    with pytest.raises(Exception):
        load_plan(plan_path)  # an invalid plan is never served from the cache


def test_a_cached_plan_is_read_without_pydantic(tmp_path):
    """A commune's plan is cached too: from the second command on, the plan comes back without importing pydantic
    nor parsing YAML (most of the start-up time of `status` and `log`)."""
    env = {**os.environ, "KEHOACH_CACHE_DIR": str(tmp_path / "cache")}
    probe = ("import sys; from pathlib import Path; from kehoach.plan.cache import load_plan; "
             f"p = load_plan(Path({str(PLAN_2023)!r})); "
             "print(p.meta.year, 'pydantic' in sys.modules, 'yaml' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["2023", "True", "True"]
    assert second.stdout.split() == ["2023", "False", "False"]


def test_check_reads_the_plans_warnings_from_the_cache_only_under_the_same_name(tmp_path, monkeypatch, cli):
    """`check` reports the same diagnostics from the cache as from the YAML; the warnings depend on the file's
    name too (a year in it), so a copy under another name is validated again."""
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    shutil.copy(PLAN_2023, tmp_path / "2023.yaml")
    first = cli("check", "--json", "--plan", "2023.yaml")
    again = cli("check", "--json", "--plan", "2023.yaml")
    assert first.code == again.code == 0 and first.stdout == again.stdout
    shutil.copy(PLAN_2023, tmp_path / "2024.yaml")  # the same bytes under a name that says another year
    renamed = json.loads(cli("check", "--json", "--plan", "2024.yaml").stdout)
    assert "year-mismatch" in {d["code"] for d in renamed["diagnostics"]}
    off = cli("check", "--json", "--plan", "2024.yaml", env={"KEHOACH_CACHE": "off"})
    assert json.loads(off.stdout)["diagnostics"] == renamed["diagnostics"]


def test_plan_values_of_every_type_come_back_from_the_cache(tmp_path, monkeypatch):
    """Dates, numbers and yes/no in members' attributes, and their dates in the registry, survive the cache."""
    import datetime as dt

    import yaml

    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    data = yaml.safe_load(PLAN_2023.read_text(encoding="utf-8"))
    registry = data["registries"]["thon"]
    registry["attributes"] = {"mo": {"type": "date", "label": "Ngày"}, "so": {"type": "number", "label": "Số"},
                              "co": {"type": "yesno", "label": "Có"}}
    member = registry["members"][0]
    member["attrs"] = {"mo": dt.date(2023, 3, 1), "so": 2.5, "co": True}
    member["active_from"] = "2023-03-15"
    path = tmp_path / "2023.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fresh = load_plan(path, use_cache=False)
    load_plan(path)  # validated, then cached
    cached = load_plan(path)
    assert type(cached).__module__ == "kehoach.plan.shapes" and tree(cached) == tree(fresh)
    assert cached.registries["thon"].members[0].attrs == fresh.registries["thon"].members[0].attrs
    assert cached.registries["thon"].members[0].active_from == dt.date(2023, 3, 15)


def test_tree_and_rebuild_keep_every_json_value_and_tag():
    """The cache's own encoding: a mapping that has an «@» key of its own, dates and times come back as they were."""
    import datetime as dt

    from kehoach.plan.shapes import rebuild

    value = {"@": "Plan", "x": [dt.date(2023, 1, 2), dt.datetime(2023, 1, 2, 8, 30), None, True, 1.5, "@"],
             "y": {"@date": 1}}
    assert rebuild(json.loads(json.dumps(tree(value)))) == value


def test_the_bytes_validated_are_the_bytes_cached(tmp_path, monkeypatch):
    """A plan changed while a command starts (read, then validated a moment later): what is validated and cached
    is exactly what was read, so an invalid version is never cached as valid under another version's key."""
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "2023.yaml"
    good = PLAN_2023.read_bytes()
    bad = good + b"\nbogus_key: 1\n"
    path.write_bytes(good)
    real = plan_cache._plan_bytes

    def read_then_edited(p):
        raw = real(p)
        p.write_bytes(bad)  # another program saves the file right after this command read it
        return raw

    monkeypatch.setattr(plan_cache, "_plan_bytes", read_then_edited)
    assert load_plan(path).meta.year == 2023  # the good bytes it read
    monkeypatch.setattr(plan_cache, "_plan_bytes", real)
    with pytest.raises(KehoachError):
        load_plan(path)  # the bad bytes now in the file: never served from the good one's entry
    from kehoach.plan.cache import plan_with_diagnostics

    plan, diagnostics = plan_with_diagnostics(path)
    assert plan is None and "unknown-key" in {d.code for d in diagnostics}


@pytest.mark.parametrize("bad", [b"X\x00", b"X\xff", b"X\xe1\xba"], ids=["nul", "not-utf8", "cut-character"])
def test_a_bad_line_appended_after_the_cache_is_what_a_full_read_says(setup, bad):
    """A NUL or a byte that is not UTF-8 in a line appended past the journal's first 8 kB: with the cache warm,
    exactly what a full read says (not «a binary file», not «line 1»)."""
    journal = setup.with_name("2023.journal.jsonl")
    assert journal.stat().st_size > 8192
    plan = load_plan(setup)
    load_ledger(plan, setup, use_cache=True)  # the cache is warm
    line = (b'{"op": "add", "id": "HD9000", "kind": "dang_tin", "date": "2023-11-20", "unit": "vhxh", '
            b'"fields": {"kenh": "B\\u1ea3ng tin x\\u00e3", "tieu_de": "' + bad + b'"}}\n')
    with open(journal, "ab") as fh:
        fh.write(line)

    def outcome(use_cache):
        try:
            return _state(load_ledger(load_plan(setup), setup, use_cache=use_cache))
        except KehoachError as err:
            return [d.format() for d in err.diagnostics]

    assert outcome(True) == outcome(False)


def _kehoach_imports(rel: str) -> set[str]:
    """The modules of kehoach («journal/store.py», …) a module imports, anywhere in it (also inside functions)."""
    import ast

    package = ROOT / "src" / "kehoach"
    stage = rel.split("/")[0]
    found = set()
    for node in ast.walk(ast.parse((package / rel).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ([stage] if node.level == 1 else []) + ([node.module] if node.module else [])
                module = ".".join(base)
            elif (node.module or "").startswith("kehoach."):
                module = node.module[len("kehoach."):]
            else:
                continue
            names = [module] + [f"{module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name[len("kehoach."):] for a in node.names if a.name.startswith("kehoach.")]
        else:
            continue
        found |= {n.replace(".", "/") + ".py" for n in names if (package / (n.replace(".", "/") + ".py")).is_file()}
    return found


def _closure(modules) -> set[str]:
    seen, todo = set(), list(modules)
    while todo:
        rel = todo.pop()
        if rel not in seen:
            seen.add(rel)
            todo += _kehoach_imports(rel)
    return seen


@pytest.mark.parametrize("keyed", ["journal", "plan", "log memo"])
def test_every_module_a_cache_runs_is_part_of_its_key(keyed):
    """A cache is keyed by the code that computes it: every module of kehoach that this code imports (a new rule
    for the reporting year in base/periods.py changes the journal's warnings). The journal's caches also take the
    plan cache's key: they describe the plan as validated, by that code and those libraries."""
    import kehoach.journal.idmemo as idmemo

    code = {"journal": set(cache.CODE) | set(plan_cache.CODE), "plan": set(plan_cache.CODE),
            "log memo": set(idmemo.CODE)}[keyed]
    assert _closure(code) <= code, sorted(_closure(code) - code)


def test_the_journals_key_follows_the_plans_validation(setup, monkeypatch):
    """Another PyYAML or pydantic may read the same plan bytes otherwise: the journal's caches are keyed anew."""
    before = cache.plan_fingerprint(setup)
    monkeypatch.setattr(plan_cache, "_libraries", lambda: "another pydantic")
    assert cache.plan_fingerprint(setup) != before


def test_a_plan_saved_while_a_command_runs_does_not_key_the_journal_checked_against_the_old_one(setup):
    """The journal's caches describe the plan as validated: a plan saved again between the command's reading of the
    plan and its caching of the journal must not have the journal's judgement against the old version served
    later under the new version's key."""
    from kehoach.plan.cache import load_plan as load_plan_cached

    old = setup.read_bytes()
    new = old.replace(b"\n  year: 2023\n", b"\n  year: 2023\n  effective_from: 2023-09-01\n", 1)
    assert new != old
    plan_old = load_plan_cached(setup)
    setup.write_bytes(new)  # an editor saves the plan while this command is reading the journal
    load_ledger(plan_old, setup, use_cache=True, tally_only=True)  # cached: under the old bytes' key
    plan_new = load_plan_cached(setup)
    got = load_ledger(plan_new, setup, use_cache=True, tally_only=True)
    want = load_ledger(load_plan(setup), setup, use_cache=False)
    assert got.problems() == want.problems()
    assert got.tally(plan_new) == want.tally(plan_new)
    assert "ngày kế hoạch có hiệu lực (01/09/2023)" in " ".join(d.message for d in want.diagnostics)
