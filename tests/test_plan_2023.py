"""plans/2023.yaml: valid, faithful to the source text, and described by the committed schema."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import PLAN_2023, ROOT
from kehoach.plan.loader import load_plan
from kehoach.plan.shapes import tree
from kehoach.plan.schema import plan_schema_text
from kehoach.base.text import fold_ws

SOURCE = ROOT.parent / "shared" / "source" / "ke-hoach-2023-hong-phong.md"
SCHEMA = ROOT / "schema" / "plan.schema.json"


def _yaml_strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _yaml_strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _yaml_strings(v)]
    return [node] if isinstance(node, str) else []


def source_items() -> list[str]:
    """Every purpose, indicator, task, solution, funding and duty paragraph of the source."""
    text = SOURCE.read_text(encoding="utf-8")
    body = text.split("#### I. MỤC ĐÍCH, YÊU CẦU", 1)[1].split("***Nơi nhận:***", 1)[0]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    items: list[str] = []
    for para in paragraphs:
        para = para.replace("**", "").strip()
        if para.startswith("#") or re.fullmatch(r"\d+\.\s.*", para) and len(para) < 260 and not para.endswith("."):
            continue  # headings ("1.1. Chỉ tiêu:", "1. Nâng cao ...")
        para = re.sub(r"^(- |\d+\. )", "", para)
        if items and not re.search(r"[.;:]$|\.\.\.$", items[-1]):
            items[-1] = items[-1] + " " + para  # the source breaks some sentences across paragraphs
        else:
            items.append(para)
    return [fold_ws(i) for i in items]


@pytest.mark.skipif(not SOURCE.exists(), reason="../shared/source is not beside the project")
def test_every_source_sentence_is_in_the_plan():
    plan_text = fold_ws(" ".join(_yaml_strings(yaml.safe_load(PLAN_2023.read_text(encoding="utf-8")))))
    items = source_items()
    assert len(items) >= 40  # 3 purposes, 9 indicator bullets, 14 tasks, 6 solutions, funding, 11 duties, closing
    missing = [i for i in items if i not in plan_text]
    assert not missing, "\n\n".join(missing)


def test_plan_text_is_nfc():
    text = PLAN_2023.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


def test_plan_2023_loads_with_every_part():
    plan = load_plan(PLAN_2023)
    assert plan.meta.year == 2023
    assert plan.meta.date == "2023-03"  # the source gives month and year only
    assert plan.meta.signer.authority == "KT. CHỦ TỊCH" and plan.meta.signer.name == "Hoàng Văn Mẫn"
    assert [i.id for i in plan.indicators()] == [
        "1.1.a", "1.1.b", "1.1.c", "2.1.a", "3.1.a", "3.1.b-1", "3.1.b-2", "4.1.a", "4.1.b", "5.1.a"]
    # 3.1.b is one sentence with two targets: written once, judged twice
    assert [i.id for i in plan.statements()] == [
        "1.1.a", "1.1.b", "1.1.c", "2.1.a", "3.1.a", "3.1.b", "4.1.a", "4.1.b", "5.1.a"]
    parts = [i for i in plan.indicators() if i.parent_id == "3.1.b"]
    assert [p.part_label for p in parts] == ["Vi phạm phát hiện được xử lý theo quy định",
                                             "Cơ sở kinh doanh dịch vụ được kiểm tra"]
    assert len({p.text for p in parts}) == 1 and "ít nhất 80% số cơ sở" in parts[0].text
    assert [p.measure.kind for p in parts] == ["ratio", "coverage"] and parts[1].target.percent == 80
    assert len(plan.tasks()) == 14
    assert len(plan.purposes) == 3
    assert [u.id for u in plan.units] == ["vhxh", "vp", "tckt", "tp", "ca", "mttq"]
    assert len(plan.registries["thon"].members) == 7  # the commune has 7 villages
    assert all(r.sample for r in plan.registries.values())  # placeholders, clearly marked
    kinds = {i.measure.kind for i in plan.indicators()}
    assert kinds == {"coverage", "frequency", "ratio", "timeliness", "assessment"}
    assert plan.meta.recipients[-1] == "Lưu: VT"


def test_check_command_on_plan_2023(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("check", "--plan", "plans/2023.yaml")
    assert result.code == 0, result.output
    assert "Kế hoạch hợp lệ: plans/2023.yaml" in result.stdout
    assert "5 lĩnh vực, 10 chỉ tiêu, 14 nhiệm vụ, 6 đơn vị, 4 danh mục" in result.stdout
    assert "dữ liệu mẫu" in result.stderr  # sample registries are flagged as warnings


def test_check_json(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("check", "--plan", "plans/2023.yaml", "--json")
    data = json.loads(result.stdout)
    assert result.code == 0 and data["ok"] is True
    assert data["summary"]["indicators"] == 10
    assert {d["code"] for d in data["diagnostics"]} == {"sample-data"}
    bad = cli("check", "--plan", "tests/catalogue/plan/14-unknown-registry.yaml", "--json")
    data = json.loads(bad.stdout)
    assert bad.code == 1 and data["ok"] is False
    assert data["diagnostics"][0] == {
        "code": "unknown-ref", "message": "danh mục «thonn» không có trong kế hoạch.",
        "file": "tests/catalogue/plan/14-unknown-registry.yaml", "line": 24, "col": 45,
        "hint": "Có phải ý bạn là «thon»?", "severity": "error"}


def test_committed_schema_is_up_to_date():
    assert SCHEMA.read_text(encoding="utf-8") == plan_schema_text(), \
        "schema/plan.schema.json is stale: run `kehoach schema -o schema/plan.schema.json --force`"


def test_schema_validates_plan_with_independent_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in (PLAN_2023, ROOT / "tests" / "data" / "mini.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, errors
    broken = yaml.safe_load(PLAN_2023.read_text(encoding="utf-8"))
    broken["meta"]["titel"] = broken["meta"].pop("title")
    assert list(validator.iter_errors(broken))  # the schema rejects unknown keys too


def test_plan_first_line_points_editors_at_the_schema():
    first = PLAN_2023.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/plan.schema.json"
    assert (PLAN_2023.parent / "../schema/plan.schema.json").resolve() == SCHEMA.resolve()


def test_nfd_and_bom_are_normalised_not_rejected(tmp_path):
    text = PLAN_2023.read_text(encoding="utf-8")
    nfd = tmp_path / "nfd.yaml"
    nfd.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode("utf-8"))
    plan = load_plan(nfd)
    assert plan.meta.signer.name == "Hoàng Văn Mẫn"  # NFC again
    assert tree(plan) == tree(load_plan(PLAN_2023))


def test_schema_command_writes_file(cli, tmp_path):
    out = tmp_path / "s.json"
    result = cli("schema", "-o", str(out))
    assert result.code == 0
    assert out.read_text(encoding="utf-8") == plan_schema_text()
    printed = cli("schema")
    assert json.loads(printed.stdout)["title"] == "Kế hoạch (kehoach)"
