"""A new year's plan from last year's: the pure part of `kehoach init`.

The YAML text is edited in place, value by value (found by their positions in the node tree), so that the
officer's comments, order and layout survive. What changes:
- `meta.year`; `meta.date` becomes the bare new year (the day of issue is not known yet) and `meta.effective_from`
  the first day of the reporting year (the new plan continues last year's); the year in the title;
- the number, the signer's name, the basis documents and the opening sentence become visible placeholders
  «[Cần bổ sung: …]» (last year's are wrong for the new plan), which `kehoach check` warns about;
- a `journal:` key is pointed at the new journal;
- recipients that name a district (no district exists since 1/7/2025) are replaced by what the officer says,
  never guessed.
Registries, indicators, units and activity kinds are kept as they are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from kehoach.base.text import fold

from .coherence import PLACEHOLDER
from .model import Plan
from .sources import compose_for_editing

NO_DISTRICT_FROM = 2025  # Nghị quyết 202/2025/QH15: two-level local government from 1/7/2025

_DISTRICT = re.compile(r"\b(huyen|(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan) (quan|thi xa))\b")


def names_district(text: str) -> bool:
    """True when the text names a district-level body («UBND huyện Cao Lộc», «UBND HUYỆN …», «UBND quận …»)."""
    return bool(_DISTRICT.search(fold(text)))


@dataclass
class DistrictMention:
    where: str  # the YAML path, e.g. «reporting.recipient»
    text: str


def district_mentions(plan: Plan) -> list[DistrictMention]:
    """Where the plan reports to, or names as its parent, a district-level body."""
    out = []
    if names_district(plan.meta.parent_body):
        out.append(DistrictMention("meta.parent_body", plan.meta.parent_body))
    if names_district(plan.reporting.recipient):
        out.append(DistrictMention("reporting.recipient", plan.reporting.recipient))
    for where, items in (("reporting.recipients", plan.reporting.recipients), ("meta.recipients", plan.meta.recipients)):
        out.extend(DistrictMention(f"{where}[{i}]", t) for i, t in enumerate(items) if names_district(t))
    return out


def needs_new_recipient(plan: Plan, year: int) -> bool:
    """A plan for `year` may not report to a district: from 2025 on (its second half has none)."""
    return year >= NO_DISTRICT_FROM and any(m.where != "meta.parent_body" for m in district_mentions(plan))


def needs_new_parent(plan: Plan, year: int) -> bool:
    return year >= NO_DISTRICT_FROM and names_district(plan.meta.parent_body)


@dataclass
class NewYear:
    text: str
    notes: list[str] = field(default_factory=list)  # what was changed, what the officer still has to fill in


def _get(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def shift_year(text: str, old: int, new: int) -> str:
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)


def reporting_year_start(year: int, rule: str) -> date:
    """The first day of a plan year's reporting: 15/12 of the year before (Nghị định 09/2019), or 1/1."""
    return date(year - 1, 12, 15) if rule == "nd09" else date(year, 1, 1)


def _dates(text: str, meta, plan: Plan, year: int, edits: list, notes: list) -> None:
    """`meta.date` becomes the bare year (the day of issue is not known yet); `meta.effective_from` the first day
    of the reporting year: a plan that continues last year's runs from where that one stopped, so that a case
    carried over and closed in January counts. The officer corrects both if the new plan says otherwise."""
    start = reporting_year_start(year, plan.reporting.period_rule)
    node = _get(meta, "date")
    line_end = text.find("\n", node.end_mark.index)
    line_end = len(text) if line_end == -1 else line_end
    indent = " " * _key_column(meta, "date")
    comment = "  # ngày ban hành: điền khi ký (được thiếu ngày: «%d-03»)" % year
    effective = _get(meta, "effective_from")
    if effective is not None:
        edits.append((node.start_mark.index, line_end, _quoted(str(year)) + comment))
        edits.append((effective.start_mark.index, effective.start_mark.index
                      + len(text[effective.start_mark.index:effective.end_mark.index].rstrip()), _quoted(start.isoformat())))
    else:
        edits.append((node.start_mark.index, line_end, _quoted(str(year)) + comment + "\n" + indent
                      + f"effective_from: {_quoted(start.isoformat())}  # kế hoạch tiếp nối năm trước: tính từ đầu kỳ báo cáo"))
    notes.append(f"Ngày ban hành để «{year}» (chưa ký); kế hoạch tính từ {start:%d/%m/%Y} («meta.effective_from»), "
                 "tiếp nối năm trước. Sửa nếu kế hoạch mới quy định khác.")


def _key_column(mapping, key: str) -> int:
    for k, _ in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k.start_mark.column
    return 2


def new_year_plan(text: str, plan: Plan, year: int, journal_name: str | None = None,
                  recipient: str | None = None, parent_body: str | None = None, source: str = "") -> NewYear:
    """The new plan's text. `recipient` and `parent_body` replace the district they name when given."""
    root = compose_for_editing(text)
    meta = _get(root, "meta")
    reporting = _get(root, "reporting")
    old = plan.meta.year
    edits: list[tuple[int, int, str]] = []
    notes: list[str] = []

    def put(node, value: str) -> None:
        if node is None:
            return
        start, end = node.start_mark.index, node.end_mark.index
        end = start + len(text[start:end].rstrip())
        edits.append((start, end, value))

    put(_get(meta, "year"), str(year))
    _dates(text, meta, plan, year, edits, notes)
    for key in ("title", "short_title"):
        value = getattr(plan.meta, key)
        if str(old) in value:
            put(_get(meta, key), _quoted(shift_year(value, old, year)))
    suffix = plan.meta.number[plan.meta.number.find("/"):] if "/" in plan.meta.number else "/KH-UBND"
    put(_get(meta, "number"), _quoted(PLACEHOLDER.format("số") + suffix))
    put(_get(_get(meta, "signer"), "name"), _quoted(PLACEHOLDER.format("họ tên người ký")))
    notes.append("Số kế hoạch và họ tên người ký để trống «[Cần bổ sung: …]»: điền khi ban hành.")
    if plan.meta.basis:
        put(_get(meta, "basis"), "[{\"text\": " + _quoted(PLACEHOLDER.format(f"văn bản căn cứ năm {year}")) + "}]")
        notes.append(f"Văn bản căn cứ của năm {old} đã bỏ: ghi văn bản căn cứ năm {year} vào «meta.basis».")
    if plan.meta.preamble.strip():
        put(_get(meta, "preamble"), _quoted(PLACEHOLDER.format(f"câu mở đầu, thực hiện văn bản nào năm {year}")))
    if plan.journal and journal_name:
        put(_get(root, "journal"), _quoted(journal_name))
    if parent_body and names_district(plan.meta.parent_body):
        put(_get(meta, "parent_body"), _quoted(parent_body))
        notes.append(f"Cơ quan chủ quản: «{plan.meta.parent_body}» → «{parent_body}».")
    if recipient:
        if names_district(plan.reporting.recipient):
            put(_get(reporting, "recipient"), _quoted(recipient))
            notes.append(f"Nơi nhận báo cáo: «{plan.reporting.recipient}» → «{recipient}».")
        for owner, key, items in ((reporting, "recipients", plan.reporting.recipients),
                                  (meta, "recipients", plan.meta.recipients)):
            seq = _get(owner, key)
            if not isinstance(seq, yaml.SequenceNode):
                continue
            for node, item in zip(seq.value, items):
                if names_district(item):
                    tail = re.search(r"\s*\([^)]*\)\s*;?$", item)
                    put(node, _quoted(recipient + (tail.group(0) if tail else "")))
    out = text
    for start, end, value in sorted(edits, reverse=True):
        out = out[:start] + value + out[end:]
    header = (f"# Kế hoạch năm {year}, tạo bằng «kehoach init {year}»"
              + (f" từ {source}" if source else "") + ". Thay mọi chỗ «[Cần bổ sung: …]» rồi chạy «kehoach check».\n")
    if out.startswith("# yaml-language-server"):  # the editor's modeline stays first
        first, _, rest = out.partition("\n")
        return NewYear(first + "\n" + header + rest, notes)
    return NewYear(header + out, notes)
