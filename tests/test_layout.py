"""The package tree shows the flow: imports only point down (cli → render → engine → journal → plan → base)."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "src" / "kehoach"
# The stages, lowest first. A module may import from its own stage or any stage below it, never above.
STAGES = ["base", "plan", "journal", "engine", "render", "cli"]
MAX_LINES = 450


def _stage(module: str) -> int | None:
    """The stage index of a dotted module name under kehoach (None for the package root and __main__)."""
    parts = module.split(".")
    if parts[0] != "kehoach" or len(parts) < 2 or parts[1] not in STAGES:
        return None
    return STAGES.index(parts[1])


def _module_name(path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path) -> list[tuple[int, str]]:
    """Every module imported anywhere in the file (also inside functions), as absolute names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def _sources():
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_lives_in_a_stage():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"], loose
    stages = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert stages == sorted(STAGES)


def test_imports_point_down_the_flow():
    upward = []
    for path in _sources():
        here = _stage(_module_name(path))
        if here is None:
            continue
        for line, target in _imports(path):
            there = _stage(target)
            if there is not None and there > here:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {STAGES[here]} imports {target}")
    assert not upward, "\n".join(upward)


def test_the_check_sees_an_upward_import(tmp_path):
    """The rule above is not vacuous: an engine module importing the CLI is caught."""
    bad = PACKAGE / "engine" / "attainment.py"
    here = _stage(_module_name(bad))
    assert here == STAGES.index("engine")
    tree = ast.parse("from kehoach.cli.output import print_json\nfrom ..render import report\n")
    targets = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = "kehoach.engine".split(".")[: 2 - (node.level - 1)] if node.level else []
            targets.append(".".join(base + [node.module]) if node.level else node.module)
    assert [STAGES[_stage(t)] for t in targets] == ["cli", "render"]
    assert all(_stage(t) > here for t in targets)


def test_modules_stay_small():
    long = [f"{p.relative_to(ROOT)}: {n} lines" for p in _sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, long
