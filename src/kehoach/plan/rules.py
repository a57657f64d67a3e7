"""Named, pure semantic checks of a plan that the model alone cannot express.

Each check takes the validated plan and its Document (for positions) and yields
diagnostics; `check_plan` runs them all and returns every problem found.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator
from typing import Any, Callable

from kehoach.base.errors import Diagnostic

from .filters import check_filter_values, date_problem, measure_sites
from .model import (
    ActivityQuantity,
    ActivitySelector,
    Assessment,
    ChoiceField,
    Count,
    Coverage,
    EntryField,
    Frequency,
    IndicatorField,
    IntegerField,
    Plan,
    Ratio,
    RefField,
    RegistryQuantity,
    TextField,
    Timeliness,
)
from .sources import Document

Check = Callable[[Plan, Document], Iterator[Diagnostic]]


def _suggest(name: str, choices: Iterable[str]) -> str | None:
    choices = list(choices)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    if close:
        return f"Có phải ý bạn là «{close[0]}»?"
    if choices and len(choices) <= 12:
        return "Các giá trị có: " + ", ".join(choices) + "."
    return None


def _unknown(doc: Document, loc: tuple, what: str, name: str, choices: Iterable[str]) -> Diagnostic:
    return doc.diag(loc, "unknown-ref", f"{what} «{name}» không có trong kế hoạch.", _suggest(name, choices))


def check_unique_ids(plan: Plan, doc: Document) -> Iterator[Diagnostic]:
    groups: list[tuple[str, list[tuple[str, tuple]]]] = [
        ("mục đích", [(p.id, ("purposes", i, "id")) for i, p in enumerate(plan.purposes)]),
        ("lĩnh vực", [(a.id, ("areas", i, "id")) for i, a in enumerate(plan.areas)]),
        ("chỉ tiêu", [(ident, loc) for ai, a in enumerate(plan.areas) for ii, ind in enumerate(a.statements)
                      for ident, loc in _indicator_ids(ind, ("areas", ai, "indicators", ii))]),
        ("dự toán", [(b.id, ("funding", "budgets", i, "id")) for i, b in enumerate(plan.funding.budgets)]),
        ("nhiệm vụ", [(t.id, ("areas", ai, "tasks", ti, "id"))
                      for ai, a in enumerate(plan.areas) for ti, t in enumerate(a.tasks)]),
        ("giải pháp", [(s.id, ("solutions", i, "id")) for i, s in enumerate(plan.solutions)]),
        ("đơn vị", [(u.id, ("units", i, "id")) for i, u in enumerate(plan.units)]),
    ]
    for ui, unit in enumerate(plan.units):
        groups.append((f"nhiệm vụ của đơn vị «{unit.id}»",
                       [(d.id, ("units", ui, "duties", di, "id")) for di, d in enumerate(unit.duties)]))
    for rid, reg in plan.registries.items():
        groups.append((f"phần tử trong danh mục «{rid}»",
                       [(m.id, ("registries", rid, "members", mi, "id")) for mi, m in enumerate(reg.members)]))
    for what, items in groups:
        seen: dict[str, tuple] = {}
        for ident, loc in items:
            if ident in seen:
                first_line = doc.position(seen[ident])[0]
                yield doc.diag(loc, "duplicate-id", f"mã «{ident}» bị trùng: {what} (đã dùng ở dòng {first_line}).",
                               "Mỗi mã chỉ được dùng một lần; đổi một trong hai mã.")
            else:
                seen[ident] = loc


def _indicator_ids(ind, loc: tuple) -> Iterator[tuple[str, tuple]]:
    yield ind.id, loc + ("id",)
    for k in range(len(ind.targets or [])):
        yield ind.part_id(k), loc + ("targets", k) + (("id",) if ind.targets[k].id else ())


def check_unit_and_task_refs(plan: Plan, doc: Document) -> Iterator[Diagnostic]:
    task_ids = [t.id for t in plan.tasks()]
    unit_ids = [u.id for u in plan.units]
    for ui, unit in enumerate(plan.units):
        for di, duty in enumerate(unit.duties):
            for ti, tid in enumerate(duty.tasks):
                if tid not in task_ids:
                    yield _unknown(doc, ("units", ui, "duties", di, "tasks", ti), "nhiệm vụ", tid, task_ids)
            for ki, kid in enumerate(duty.kinds):
                if kid not in plan.activity_kinds:
                    yield _unknown(doc, ("units", ui, "duties", di, "kinds", ki), "loại hoạt động", kid,
                                   plan.activity_kinds)
    for kid, kind in plan.activity_kinds.items():
        if kind.unit and kind.unit not in unit_ids:
            yield _unknown(doc, ("activity_kinds", kid, "unit"), "đơn vị", kind.unit, unit_ids)
        for ti, tid in enumerate(kind.tasks):
            if tid not in task_ids:
                yield _unknown(doc, ("activity_kinds", kid, "tasks", ti), "nhiệm vụ", tid, task_ids)
    for ai, area in enumerate(plan.areas):
        for ii, ind in enumerate(area.statements):
            for ni, uid in enumerate(ind.units):
                if uid not in unit_ids:
                    yield _unknown(doc, ("areas", ai, "indicators", ii, "units", ni), "đơn vị", uid, unit_ids)


def check_activity_fields(plan: Plan, doc: Document) -> Iterator[Diagnostic]:
    for kid, kind in plan.activity_kinds.items():
        for fid, spec in kind.fields.items():
            loc = ("activity_kinds", kid, "fields", fid)
            if fid in RESERVED_FIELDS:
                yield doc.diag(loc, "reserved-field", f"tên trường «{fid}» đã dành cho nhật ký.",
                               "Đặt tên khác; các tên dành riêng: " + ", ".join(sorted(RESERVED_FIELDS)) + ".",
                               key=True)
            if isinstance(spec, RefField) and spec.registry not in plan.registries:
                yield _unknown(doc, loc + ("registry",), "danh mục", spec.registry, plan.registries)
            if isinstance(spec, EntryField) and spec.kind not in plan.activity_kinds:
                yield _unknown(doc, loc + ("kind",), "loại hoạt động", spec.kind, plan.activity_kinds)
            if kind.sensitive and isinstance(spec, TextField) and (spec.max_length is None or spec.max_length > 20):
                yield doc.diag(loc, "sensitive-text",
                               f"loại «{kid}» là dữ liệu nhạy cảm: trường văn bản «{fid}» chỉ được giữ mã ẩn danh.",
                               "Thêm «max_length: 12» (hoặc ≤ 20) cho trường này, hoặc ghi số lượng bằng trường integer "
                               "(Nghị định 13/2023/NĐ-CP).", key=True)
            if isinstance(spec, IntegerField) and spec.max is not None and spec.max < spec.min:
                yield doc.diag(loc + ("max",), "out-of-range", f"max ({spec.max}) nhỏ hơn min ({spec.min}).")
            bound = spec.at_most if isinstance(spec, IntegerField) else None
            if bound is not None and (bound == fid or not isinstance(kind.fields.get(bound), IntegerField)):
                yield doc.diag(loc + ("at_most",), "unknown-ref",
                               f"at_most: «{bound}» không phải một trường số nguyên khác của loại «{kid}».",
                               _suggest(bound, [f for f, sp in kind.fields.items()
                                                if isinstance(sp, IntegerField) and f != fid]))


RESERVED_FIELDS = {"id", "kind", "date", "unit", "note", "by", "logged_at", "op", "target", "reason", "fields"}


def check_registries(plan: Plan, doc: Document) -> Iterator[Diagnostic]:
    for rid, reg in plan.registries.items():
        for mi, member in enumerate(reg.members):
            loc = ("registries", rid, "members", mi)
            if member.active_from and member.active_until and member.active_until < member.active_from:
                yield doc.diag(loc + ("active_until",), "date-order",
                               "ngày rút khỏi danh mục trước ngày đưa vào danh mục.")
            for key, value in member.attrs.items():
                spec = reg.attributes.get(key)
                if spec is None:
                    yield _unknown(doc, loc + ("attrs", key), "thuộc tính", key, reg.attributes)
                    continue
                problem = _attr_problem(spec.type, value, spec)
                if problem:
                    yield doc.diag(loc + ("attrs", key), "type", f"thuộc tính «{key}»: {problem}")
        if reg.sample:
            yield doc.diag(("registries", rid), "sample-data",
                           f"danh mục «{rid}» ({reg.title}) là dữ liệu mẫu.",
                           f"Thay bằng danh mục thực tế của {plan.meta.terms.locality} rồi bỏ dòng «sample: true».",
                           key=True, severity="warning")


def _attr_problem(kind: str, value: Any, spec: Any) -> str | None:
    if kind in ("integer", "number"):
        ok = isinstance(value, int) and not isinstance(value, bool) if kind == "integer" else \
            isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or not math.isfinite(value):
            return f"cần một số{' nguyên' if kind == 'integer' else ''}, nhận được «{value}»."
        if spec.min is not None and value < spec.min or spec.max is not None and value > spec.max:
            return f"giá trị {value} nằm ngoài khoảng [{spec.min}, {spec.max}]."
    if kind == "yesno" and not isinstance(value, bool):
        return f"cần true/false, nhận được «{value}»."
    if kind == "text" and not isinstance(value, str):
        return f"cần văn bản, nhận được «{value}»."
    if kind == "choice" and value not in (spec.choices or []):
        return f"«{value}» không thuộc các lựa chọn: {', '.join(spec.choices or [])}."
    if kind == "date":
        return date_problem(value)
    return None


def check_measures(plan: Plan, doc: Document) -> Iterator[Diagnostic]:
    kinds = plan.activity_kinds
    for ind, site in measure_sites(plan):
        base = site + ("measure",)
        m = ind.measure
        yield from _check_target(plan, ind, doc, site + ("target",))
        if isinstance(m, Coverage):
            yield from _check_registry_ref(plan, doc, base + ("registry",), m.registry)
            yield from _check_selector(plan, doc, base + ("activities",), m.activities)
            for kid in m.activities.kinds:
                if kid not in kinds or m.registry not in plan.registries:
                    continue  # already reported
                spec = kinds[kid].fields.get(m.field)
                if isinstance(spec, RefField) and spec.registry not in plan.registries:
                    continue  # the field's own registry is reported where the field is declared
                if not (isinstance(spec, RefField) and spec.registry == m.registry):
                    yield doc.diag(base + ("field",), "bad-measure",
                                   f"loại hoạt động «{kid}» không có trường «{m.field}» tham chiếu danh mục «{m.registry}».",
                                   _suggest(m.field, [f for f, s in kinds[kid].fields.items() if isinstance(s, RefField)]))
            yield from _check_member_filters(plan, doc, base + ("members_where",), m.registry, m.members_where)
        elif isinstance(m, (Frequency, Count)):
            yield from _check_selector(plan, doc, base + ("activities",), m.activities)
            if isinstance(m, Count) and m.sum_field:
                yield from _check_int_field(plan, doc, base + ("sum_field",), m.activities, m.sum_field)
        elif isinstance(m, Ratio):
            for side in ("numerator", "denominator"):
                q = getattr(m, side)
                loc = base + (side,)
                if isinstance(q, ActivityQuantity):
                    yield from _check_selector(plan, doc, loc + ("activities",), q.activities)
                    if q.sum_field:
                        yield from _check_int_field(plan, doc, loc + ("sum_field",), q.activities, q.sum_field)
                    if q.distinct_field:
                        yield from _check_has_field(plan, doc, loc + ("distinct_field",), q.activities, q.distinct_field)
                elif isinstance(q, RegistryQuantity):
                    yield from _check_registry_ref(plan, doc, loc + ("registry",), q.registry)
                    reg = plan.registries.get(q.registry)
                    if reg and q.sum_attribute and (q.sum_attribute not in reg.attributes or
                                                    reg.attributes[q.sum_attribute].type not in ("integer", "number")):
                        yield doc.diag(loc + ("sum_attribute",), "bad-measure",
                                       f"danh mục «{q.registry}» không có thuộc tính số «{q.sum_attribute}».",
                                       _suggest(q.sum_attribute, reg.attributes))
                    yield from _check_member_filters(plan, doc, loc + ("members_where",), q.registry, q.members_where)
        elif isinstance(m, Timeliness):
            for key in ("received", "handled"):
                kid = getattr(m, key)
                if kid not in kinds:
                    yield _unknown(doc, base + (key,), "loại hoạt động", kid, kinds)
            handled = kinds.get(m.handled)
            if handled is not None:
                spec = handled.fields.get(m.link_field)
                if not (isinstance(spec, EntryField) and spec.kind == m.received):
                    yield doc.diag(base + ("link_field",), "bad-measure",
                                   f"loại «{m.handled}» không có trường «{m.link_field}» kiểu entry trỏ tới «{m.received}».",
                                   "Khai báo trong activity_kinds: «{field}: {{type: entry, kind: {kind}, label: …}}».".format(
                                       field=m.link_field, kind=m.received))
            received = kinds.get(m.received)
            if received is not None and m.limit_by is not None:
                spec = received.fields.get(m.limit_by.field)
                if not isinstance(spec, ChoiceField):
                    yield doc.diag(base + ("limit_by", "field"), "bad-measure",
                                   f"loại «{m.received}» không có trường «{m.limit_by.field}» kiểu choice.")
                else:
                    for value in m.limit_by.days:
                        if value not in spec.choices:
                            yield _unknown(doc, base + ("limit_by", "days", value), "giá trị", value, spec.choices)
        elif isinstance(m, Assessment):
            kind = kinds.get(m.activity)
            if kind is None:
                yield _unknown(doc, base + ("activity",), "loại hoạt động", m.activity, kinds)
                continue
            if not isinstance(kind.fields.get(m.indicator_field), IndicatorField):
                yield doc.diag(base + ("indicator_field",), "bad-measure",
                               f"loại «{m.activity}» không có trường «{m.indicator_field}» kiểu indicator.")
            rating = kind.fields.get(m.rating_field)
            if not isinstance(rating, ChoiceField):
                yield doc.diag(base + ("rating_field",), "bad-measure",
                               f"loại «{m.activity}» không có trường «{m.rating_field}» kiểu choice.")
            else:
                for vi, v in enumerate(m.met_values):
                    if v not in rating.choices:
                        yield _unknown(doc, base + ("met_values", vi), "kết quả đánh giá", v, rating.choices)
            if m.evidence_field and m.evidence_field not in kind.fields:
                yield _unknown(doc, base + ("evidence_field",), "trường", m.evidence_field, kind.fields)


def _check_target(plan: Plan, ind, doc: Document, loc: tuple) -> Iterator[Diagnostic]:
    t = ind.target
    if t is None:
        return
    if t.baseline is not None and not isinstance(ind.measure, Count):
        yield doc.diag(loc + ("baseline",), "bad-target",
                       f"chỉ tiêu {ind.id}: so sánh với số liệu gốc («baseline») chỉ dùng cho chỉ tiêu đếm/cộng (kind: count).",
                       "Ví dụ «giảm số vụ so với năm trước»: measure {kind: count, …}, "
                       "target: {op: '<', baseline: {period: previous_year, value: 12}}.")
    elif isinstance(ind.measure, Count) and t.count is None and t.baseline is None:
        yield doc.diag(loc, "bad-target", "chỉ tiêu đếm/cộng (kind: count) cần ngưỡng «count», không phải tỷ lệ.",
                       "Ví dụ: «target: {op: '>=', count: 5300}».")
    if t.fraction is not None and isinstance(ind.measure, Coverage) and ind.measure.registry in plan.registries:
        size = _registry_size(plan, ind.measure.registry, ind.measure.members_where)
        den = int(t.fraction.split("/")[1])
        if den != size:
            yield doc.diag(loc + ("fraction",), "fraction-size",
                           f"chỉ tiêu {ind.id}: phân số «{t.fraction}» có mẫu số {den}, nhưng danh mục "
                           f"«{ind.measure.registry}» có {size} phần tử được tính.",
                           f"Kết quả sẽ được tính trên {size} phần tử; sửa danh mục cho đủ {den} phần tử, "
                           f"hoặc viết «percent: …» nếu kế hoạch không nêu số cụ thể.", severity="warning")
    if isinstance(ind.measure, Assessment):
        yield doc.diag(loc, "bad-target", "chỉ tiêu đánh giá định tính không có ngưỡng số.",
                       "Bỏ «target»; kết quả đạt được xác định bởi «met_values».")


def _registry_size(plan: Plan, rid: str, filters) -> int:
    reg = plan.registries[rid]
    return sum(1 for m in reg.members
               if all(any(m.attrs.get(f.field) == v for v in f.values) for f in filters))


def _check_registry_ref(plan: Plan, doc: Document, loc: tuple, rid: str) -> Iterator[Diagnostic]:
    if rid not in plan.registries:
        yield _unknown(doc, loc, "danh mục", rid, plan.registries)


def _check_selector(plan: Plan, doc: Document, loc: tuple, sel: ActivitySelector) -> Iterator[Diagnostic]:
    for ki, kid in enumerate(sel.kinds):
        if kid not in plan.activity_kinds:
            yield _unknown(doc, loc + ("kinds", ki), "loại hoạt động", kid, plan.activity_kinds)
    for fi, flt in enumerate(sel.where):
        yield from _check_has_field(plan, doc, loc + ("where", fi, "field"), sel, flt.field)


def _check_has_field(plan: Plan, doc: Document, loc: tuple, sel: ActivitySelector, fid: str) -> Iterator[Diagnostic]:
    for kid in sel.kinds:
        kind = plan.activity_kinds.get(kid)
        if kind is not None and fid not in kind.fields:
            yield doc.diag(loc, "unknown-ref", f"loại hoạt động «{kid}» không có trường «{fid}».",
                           _suggest(fid, kind.fields))


def _check_int_field(plan: Plan, doc: Document, loc: tuple, sel: ActivitySelector, fid: str) -> Iterator[Diagnostic]:
    for kid in sel.kinds:
        kind = plan.activity_kinds.get(kid)
        if kind is not None and not isinstance(kind.fields.get(fid), IntegerField):
            yield doc.diag(loc, "bad-measure", f"loại hoạt động «{kid}» không có trường số nguyên «{fid}».",
                           _suggest(fid, [f for f, s in kind.fields.items() if isinstance(s, IntegerField)]))


def _check_member_filters(plan: Plan, doc: Document, loc: tuple, rid: str, filters) -> Iterator[Diagnostic]:
    reg = plan.registries.get(rid)
    if reg is None:
        return
    for fi, flt in enumerate(filters):
        if flt.field not in reg.attributes:
            yield _unknown(doc, loc + (fi, "field"), "thuộc tính", flt.field, reg.attributes)


def check_money_and_phrasing(plan: Plan, doc: Document) -> Iterator[Diagnostic]:
    """Budgets name known units; a kind's cost is a whole-number field, spent from a declared budget; its
    phrasing counts a reference field, sums whole-number fields and names only its own fields."""
    import string

    unit_ids = [u.id for u in plan.units]
    budget_ids = [b.id for b in plan.funding.budgets]
    for bi, budget in enumerate(plan.funding.budgets):
        if budget.unit and budget.unit not in unit_ids:
            yield _unknown(doc, ("funding", "budgets", bi, "unit"), "đơn vị", budget.unit, unit_ids)
    for kid, kind in plan.activity_kinds.items():
        loc = ("activity_kinds", kid)
        ints = [f for f, s in kind.fields.items() if isinstance(s, IntegerField)]
        if kind.cost_field and kind.cost_field not in ints:
            yield doc.diag(loc + ("cost_field",), "bad-measure",
                           f"loại hoạt động «{kid}» không có trường số nguyên «{kind.cost_field}» để ghi chi phí.",
                           _suggest(kind.cost_field, ints) or
                           f"Khai báo trường, ví dụ «{kind.cost_field}: {{type: integer, label: Chi phí (đồng)}}».")
        if kind.budget and kind.budget not in budget_ids:
            yield _unknown(doc, loc + ("budget",), "dòng dự toán", kind.budget, budget_ids)
        if kind.budget and not kind.cost_field:
            yield doc.diag(loc + ("budget",), "bad-measure",
                           f"loại hoạt động «{kid}» tính vào dự toán «{kind.budget}» nhưng không có «cost_field».",
                           "Thêm «cost_field: <trường số nguyên ghi chi phí>».")
        ph = kind.phrasing
        if ph is None:
            continue
        if ph.count and not isinstance(kind.fields.get(ph.count), RefField):
            yield doc.diag(loc + ("phrasing", "count"), "bad-measure",
                           f"loại hoạt động «{kid}» không có trường «{ph.count}» tham chiếu danh mục.",
                           _suggest(ph.count, [f for f, s in kind.fields.items() if isinstance(s, RefField)]))
        for si, fid in enumerate(ph.sum):
            if fid not in ints:
                yield doc.diag(loc + ("phrasing", "sum", si), "bad-measure",
                               f"loại hoạt động «{kid}» không có trường số nguyên «{fid}».", _suggest(fid, ints))
        try:
            names = {n for _, n, _, _ in string.Formatter().parse(ph.template) if n is not None}
        except ValueError:
            yield doc.diag(loc + ("phrasing", "template"), "bad-template",
                           "mẫu câu có dấu «{» hoặc «}» không khớp.", "Mỗi chỗ điền có dạng «{ten_truong}».")
            continue
        allowed = template_names(kind)
        for name in sorted(names - allowed):
            yield doc.diag(loc + ("phrasing", "template"), "bad-template",
                           f"mẫu câu dùng «{{{name}}}», nhưng loại hoạt động «{kid}» không có chỗ điền này.",
                           "Các chỗ điền: " + ", ".join(f"{{{n}}}" for n in sorted(allowed)) + ".")


def template_names(kind) -> set[str]:
    """What a phrasing template may name (render/prose.py fills them): {n}; every field (a number field's sum, a
    choice field's values, a registry field's members reached, a text field's values — not for a sensitive kind);
    {x_dem} for a choice field with counts; {x_tren_tong} for a registry field out of its registry."""
    names = {"n"}
    for fid, spec in kind.fields.items():
        if isinstance(spec, TextField) and kind.sensitive:
            continue
        names.add(fid)
        if isinstance(spec, RefField):
            names.add(f"{fid}_tren_tong")
        elif isinstance(spec, ChoiceField):
            names.add(f"{fid}_dem")
    return names


def check_journal_path(plan: Plan, doc: Document) -> Iterator[Diagnostic]:
    """The journal is a .jsonl file inside the plan's folder tree, unless the plan opts out explicitly."""
    import posixpath

    j = plan.journal
    if j is None:
        return
    if j.endswith((".yaml", ".yml")) or not j.strip():
        yield doc.diag(("journal",), "bad-path", f"đường dẫn nhật ký «{j}» không hợp lệ.",
                       "Nhật ký là tệp .jsonl riêng, không phải một tệp kế hoạch.")
        return
    path = j.replace("\\", "/")
    outside = path.startswith("/") or path.startswith("~") or (len(path) > 1 and path[1] == ":") \
        or posixpath.normpath(path).startswith("..")
    if outside and not plan.journal_outside_folder:
        yield doc.diag(("journal",), "journal-outside", f"nhật ký «{j}» nằm ngoài thư mục của tệp kế hoạch.",
                       "Để nhật ký trong thư mục của kế hoạch (ví dụ «2023.journal.jsonl»); nếu thật sự cần để "
                       "nơi khác, thêm «journal_outside_folder: true» vào kế hoạch.")
    elif plan.journal_outside_folder:
        yield doc.diag(("journal_outside_folder",), "journal-outside",
                       f"kế hoạch cho phép nhật ký nằm ngoài thư mục của nó (journal_outside_folder: true); "
                       f"nhật ký: «{j}».", severity="warning")


CHECKS: list[Check] = [
    check_unique_ids,
    check_unit_and_task_refs,
    check_activity_fields,
    check_registries,
    check_measures,
    check_filter_values,
    check_money_and_phrasing,
    check_journal_path,
]


def check_plan(plan: Plan, doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in CHECKS:
        out.extend(check(plan, doc))
    return out
