"""Safe by construction: no eval/exec/pickle on data, no network, YAML only through the safe loader."""

from __future__ import annotations

import re

from conftest import ROOT

SOURCES = sorted((ROOT / "src" / "kehoach").rglob("*.py"))


def _code(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"""[\s\S]*?"""', "", text)  # docstrings may mention the words
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def test_no_eval_exec_pickle_or_network():
    banned = [r"\beval\(", r"\bexec\(", r"\bpickle\b", r"\bmarshal\b", r"\bshelve\b", r"\bsocket\b",
              r"\burllib\b", r"\brequests\b", r"\bhttp\.client\b", r"yaml\.load\(", r"yaml\.unsafe_load",
              r"yaml\.Loader\b", r"FullLoader", r"subprocess"]
    found = [(p.name, b) for p in SOURCES for b in banned if re.search(b, _code(p))]
    assert not found, found


def test_yaml_is_read_through_the_safe_loader_only():
    uses = [p.name for p in SOURCES if "yaml.compose(" in _code(p) or "yaml.safe_load(" in _code(p)]
    assert uses == ["sources.py"]
    assert 'getattr(yaml, "CSafeLoader", yaml.SafeLoader)' in (ROOT / "src" / "kehoach" / "plan" / "sources.py").read_text()


def test_user_templates_render_in_the_sandbox():
    md = (ROOT / "src" / "kehoach" / "render" / "markdown.py").read_text()
    docx = (ROOT / "src" / "kehoach" / "render" / "docx.py").read_text()
    from jinja2.sandbox import SandboxedEnvironment

    from kehoach.render.sandbox import BudgetEnvironment

    assert issubclass(BudgetEnvironment, SandboxedEnvironment)  # Jinja2's sandbox, with a budget on top
    assert "BudgetEnvironment(undefined=StrictUndefined" in md
    assert "BudgetEnvironment(undefined=StrictUndefined" in docx
