"""File → Plan, or every problem found, as located diagnostics.

The whole pipeline is one short function, `load_plan`: read text → parse YAML
with positions → validate against the model → run the semantic checks.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.files import read_text, relpath
from kehoach.base.text import format_number

from .cache import load_plan  # noqa: F401  (the entry point: the cache first, then this module)
from .model import ID_PATTERN, Plan
from .sources import Document, parse_yaml


def load_plan_with_diagnostics(path: Path) -> tuple[Plan | None, list[Diagnostic]]:
    from .rules import check_plan

    name = relpath(path)
    doc = parse_yaml(read_text(path, "tệp kế hoạch"), name)
    if not isinstance(doc.data, dict):
        raise KehoachError([doc.diag((), "plan-not-mapping",
                                     "tệp kế hoạch phải là một bảng khoá: giá trị (meta:, areas:, …).")])
    try:
        plan = Plan.model_validate(doc.data)
    except ValidationError as exc:
        return None, sorted(_drop_shadowed_missing(validation_diagnostics(exc, doc, Plan)), key=_order)
    plan_diags = check_plan(plan, doc)
    if not any(d.severity == "error" for d in plan_diags):
        from .coherence import coherence_warnings

        plan_diags += coherence_warnings(plan, doc)
    return plan, sorted(plan_diags, key=_order)


def _order(d: Diagnostic) -> tuple:
    return (d.file or "", d.line or 0, d.col or 0, d.code)


# ---------------------------------------------------------------- pydantic → Vietnamese

_TYPE_NAMES = {
    "string_type": "một chuỗi văn bản",
    "int_type": "một số nguyên",
    "int_parsing": "một số nguyên",
    "int_from_float": "một số nguyên (không có phần thập phân)",
    "float_type": "một số",
    "float_parsing": "một số",
    "bool_type": "có/không (true hoặc false)",
    "bool_parsing": "có/không (true hoặc false)",
    "list_type": "một danh sách (các dòng bắt đầu bằng «- »)",
    "dict_type": "một bảng khoá: giá trị",
    "model_type": "một bảng khoá: giá trị",
    "model_attributes_type": "một bảng khoá: giá trị",
    "date_type": "một ngày (YYYY-MM-DD)",
}

_VALUE_ERRORS = {
    "partial_date_format": ("date", "ngày không đúng dạng.", "Viết «2023-03-02», hoặc «2023-03» nếu chưa có ngày."),
    "partial_date_impossible": ("date", "ngày không tồn tại.", "Kiểm tra ngày và tháng (ví dụ tháng 2 không có ngày 30, 31)."),
    "target_one_of": ("target", "ngưỡng phải có đúng một trong: percent, count, fraction, baseline.",
                      "Ví dụ: «target: {op: '>=', percent: 100}»."),
    "change_without_baseline": ("target", "«change_percent» chỉ dùng cùng «baseline» (mức thay đổi so với số liệu gốc).",
                                "Ví dụ: «target: {op: '<=', baseline: {period: previous_year, value: 120}, "
                                "change_percent: -5}» (giảm ít nhất 5% so với năm trước)."),
    "targets_and_measure": ("target", "chỉ tiêu có «targets» thì không ghi «measure»/«target» ở ngoài.",
                            "Chuyển «measure» và «target» vào từng vế của «targets»."),
    "measure_required": ("missing-key", "chỉ tiêu cần «measure» (cách đo) hoặc «targets» (nhiều vế).", None),
    "target_fraction": ("target", "phân số không hợp lệ (tử số lớn hơn mẫu số hoặc mẫu số bằng 0).", None),
    "target_required": ("target", "chỉ tiêu định lượng phải có ngưỡng «target».",
                        "Chỉ chỉ tiêu đánh giá định tính (kind: assessment) mới được bỏ trống «target»."),
    "choices_required": ("value", "kiểu «choice» cần danh sách «choices».", None),
}


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


def validation_diagnostics(exc: ValidationError, doc: Document, root: type[BaseModel]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc = _data_loc(tuple(err["loc"]), doc.data)
        etype = err["type"]
        ctx = err.get("ctx") or {}
        value = err.get("input")
        where = _where(loc, doc.data)
        code, hint, key = "value", None, False
        if etype == "missing":
            code, key = "missing-key", True
            message = f"thiếu khoá bắt buộc «{loc[-1]}»{_in(loc[:-1], doc.data)}."
            hint = f"Thêm «{loc[-1]}: …» vào mục này."
        elif etype == "extra_forbidden":
            code, key = "unknown-key", True
            allowed = _allowed_keys(root, loc[:-1])
            message = f"khoá «{loc[-1]}» không được dùng{_in(loc[:-1], doc.data)}."
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            if value is None and loc[:-1] in doc.flow:  # «{label: Số tố giác, tin báo}»: a comma cut the value
                code = "unquoted-comma"
                message = (f"«{loc[-1]}» bị hiểu là một khoá{_in(loc[:-1], doc.data)}: "
                           f"dấu «,» trong «{{…}}» tách các khoá.")
                hint = ("Nếu «" + str(loc[-1]) + "» là phần tiếp theo của giá trị trước nó, đặt cả giá trị trong "
                        "ngoặc kép, ví dụ: {label: \"Số tố giác, tin báo\", type: integer}.")
            elif close:
                hint = f"Có phải ý bạn là «{close[0]}»?"
            elif allowed:
                hint = "Các khoá được dùng ở đây: " + ", ".join(allowed) + "."
        elif etype in _TYPE_NAMES:
            code = "type"
            message = f"{where}: cần {_TYPE_NAMES[etype]}, nhận được «{_shown(value)}»."
        elif etype in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
            code = "out-of-range"
            sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[etype]
            bound = next(iter(ctx.values()), "?")
            if isinstance(bound, (int, float)):
                bound = int(bound) if float(bound).is_integer() else format_number(bound)
            message = f"{where}: giá trị {_shown(value)} nằm ngoài khoảng cho phép (phải {sign} {bound})."
        elif etype == "string_pattern_mismatch":
            code = "format"
            if ctx.get("pattern") == ID_PATTERN:
                code = "bad-id"
                message = f"{where}: mã «{_shown(value)}» không hợp lệ."
                hint = "Mã chỉ gồm chữ không dấu, số và các dấu «_», «-», «.» (ví dụ «thon-1», «1.1.a»)."
            elif loc[-1] == "fraction":
                message = f"{where}: phân số «{_shown(value)}» không đúng dạng."
                hint = "Viết dạng «10/10»."
            else:
                message = f"{where}: «{_shown(value)}» không đúng dạng."
        elif etype == "string_too_short":
            code = "empty"
            message = f"{where}: không được để trống."
        elif etype == "too_short":
            code = "empty"
            message = f"{where}: cần ít nhất {ctx.get('min_length', 1)} mục."
        elif etype == "literal_error":
            code = "bad-choice"
            message = f"{where}: giá trị «{_shown(value)}» không hợp lệ; chọn một trong: {_expected(ctx.get('expected', ''))}."
        elif etype == "union_tag_invalid":
            code = "bad-choice"
            tag = ctx.get("discriminator", "").strip("'")
            message = f"{where}: {tag} «{ctx.get('tag')}» không hợp lệ; chọn một trong: {_expected(ctx.get('expected_tags', ''))}."
            close = difflib.get_close_matches(str(ctx.get("tag")), [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")], n=1)
            if close:
                hint = f"Có phải ý bạn là «{close[0]}»?"
        elif etype == "union_tag_not_found":
            code, key = "missing-key", True
            tag = ctx.get("discriminator", "").strip("'")
            message = f"{where}: thiếu khoá «{tag}» cho biết loại của mục này."
        elif etype in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact", "datetime_parsing"):
            code = "date"
            message = f"{where}: ngày «{_shown(value)}» không hợp lệ."
            hint = "Viết ngày dạng YYYY-MM-DD (ví dụ 2023-06-14) và kiểm tra ngày có tồn tại."
        elif etype == "value_error":
            raw = str(ctx.get("error", ""))
            code, text, hint = _VALUE_ERRORS.get(raw, ("value", f"giá trị không hợp lệ ({raw}).", None))
            message = f"{where}: {text}"
        else:
            message = f"{where}: giá trị không hợp lệ ({err.get('msg')})."
        out.append(doc.diag(loc, code, message, hint, key=key))
    return out


def _expected(text: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c"."""
    return ", ".join(p.strip().strip("'") for p in str(text).replace(" or ", ", ").split(","))


def _drop_shadowed_missing(diags: list[Diagnostic]) -> list[Diagnostic]:
    """A key reported missing next to an unknown key suggested as that key: keep only the typo."""
    suggested = {(d.file, d.hint) for d in diags if d.code == "unknown-key" and d.hint}
    out = []
    for d in diags:
        if d.code == "missing-key":
            key = d.message.split("«", 1)[1].split("»", 1)[0] if "«" in d.message else ""
            if (d.file, f"Có phải ý bạn là «{key}»?") in suggested:
                continue
        out.append(d)
    return out


# list items named by their id, never by a position: «chỉ tiêu 3.1.b», «phần tử karaoke-a»
_NOUNS = {"areas": "lĩnh vực", "indicators": "chỉ tiêu", "targets": "chỉ tiêu", "tasks": "nhiệm vụ",
          "purposes": "mục đích", "solutions": "giải pháp", "items": "giải pháp", "units": "đơn vị",
          "duties": "nhiệm vụ", "members": "phần tử", "budgets": "dự toán", "basis": "căn cứ"}


def _where(loc: tuple, data: Any = None) -> str:
    """A readable place: «chỉ tiêu 3.1.b › target.percent», «danh mục thon › phần tử thon-2 › active_from».

    A list item is named by its id (or, without one, by its position counted from 1: «căn cứ thứ 2»)."""
    head: list[str] = []
    keys: list[str] = []
    node, parent_id = data, None
    for i, step in enumerate(loc):
        if isinstance(step, int):
            name = loc[i - 1] if i else ""
            item = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            if name == "targets" and ident is None and parent_id is not None:
                ident = f"{parent_id}-{step + 1}"  # the default id of a target under one sentence
            noun = _NOUNS.get(str(name), "mục")
            label = f"{noun} {ident}" if isinstance(ident, (str, int)) and str(ident).strip() else f"{noun} thứ {step + 1}"
            if name in ("indicators", "members", "duties", "targets", "items"):
                head = [h for h in head if not h.startswith(("lĩnh vực", "chỉ tiêu", "giải pháp"))]
                if name == "targets":
                    head = []
            head.append(label)
            keys = []
            parent_id = ident if name in ("indicators",) else parent_id
        elif step == "[key]":
            keys.append("(khoá)")
        else:
            if isinstance(node, dict) and loc[:i] and loc[i - 1] == "registries":
                head, keys = [f"danh mục {step}"], []
            elif loc[:i] == () or not (i and loc[i - 1] == "registries"):
                if step != "registries":
                    keys.append(str(step))
        node = _child(node, step)
    if head and head[0].startswith("danh mục") and keys and keys[0] == "members":
        keys = keys[1:]
    keys = [k for k in keys if k not in ("indicators", "targets", "members", "areas", "duties", "units",
                                         "purposes", "solutions", "items", "tasks", "budgets", "basis")] if head else keys
    parts = head + ([".".join(keys)] if keys else [])
    return " › ".join(parts) or "tệp"


def _data_loc(loc: tuple, data: Any) -> tuple:
    """The location in the file: without the tags pydantic adds for tagged unions (…so_nguoi.integer.label)."""
    out: list = []
    node = data
    for i, step in enumerate(loc):
        if isinstance(node, dict) and isinstance(step, str) and step not in node and i < len(loc) - 1:
            continue  # a union tag, not a key of the file
        out.append(step)
        node = _child(node, step)
    return tuple(out)


def _child(node: Any, step: Any) -> Any:
    if isinstance(step, int) and isinstance(node, list):
        return node[step] if 0 <= step < len(node) else None
    if isinstance(node, dict):
        return node.get(step)
    return None


def _in(loc: tuple, data: Any = None) -> str:
    return f" trong «{_where(loc, data)}»" if loc else " ở cấp ngoài cùng"


def _allowed_keys(root: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the model found at `loc` (following lists, dicts and tagged unions)."""
    tp: Any = root
    for step in loc:
        tp = _step(tp, step)
        if tp is None:
            return []
    model = _as_model(tp, None)
    return [f.alias or name for name, f in model.model_fields.items()] if model else []


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out = []
        for arg in typing.get_args(tp):
            if arg is not type(None):
                out.extend(_unwrap(arg))
        return out
    return [tp]


def _as_model(tp: Any, tag: Any) -> type[BaseModel] | None:
    models = [t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, BaseModel)]
    if len(models) == 1:
        return models[0]
    for m in models:
        for f in m.model_fields.values():
            args = typing.get_args(f.annotation)
            if tag in args:
                return m
    return None


def _step(tp: Any, step: Any) -> Any:
    for cand in _unwrap(tp):
        origin = typing.get_origin(cand)
        if origin is list and isinstance(step, int):
            return typing.get_args(cand)[0]
        if origin is dict and isinstance(step, str):
            return typing.get_args(cand)[1]
    models = [t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, BaseModel)]
    if len(models) > 1:  # a tagged union: pydantic puts the tag in the location
        picked = _as_model(tp, step)
        return picked
    if len(models) == 1 and isinstance(step, str):
        for name, f in models[0].model_fields.items():
            if step in (name, f.alias):
                return f.annotation
    return None
