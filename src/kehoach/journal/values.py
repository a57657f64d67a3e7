"""Field values: typed from what an officer types, checked when read back, and shown by name.

Names are matched as plan/lookup.py says: exactly, without case or diacritics; a partial name
only when the officer confirms it on a terminal (`Context.confirm`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kehoach.base.dates import DATE_FORMATS_HINT, DateInputError, parse_date
from kehoach.base.text import fold, format_number
from kehoach.plan.lookup import Named, ValueProblem, choice_items, match_named, registry_items
from kehoach.plan.shapes import (
    ChoiceField,
    DateField,
    EntryField,
    IndicatorField,
    IntegerField,
    Plan,
    RefField,
    TextField,
    YesNoField,
)

from .store import format_id, is_record_id

_YES = {"co", "yes", "true", "1", "x", "dung", "c", "y"}
_NO = {"khong", "no", "false", "0", "sai", "k", "n"}
_INT = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")
MAX_INT = 10**9  # the largest count the journal holds (docs/journal-format.md); larger is a typo


class Context:
    """What parsing needs beyond the field itself: the plan, today, the journal's activities."""

    def __init__(self, plan: Plan, today: date | None = None, activities: dict | None = None,
                 confirm=None) -> None:
        self.plan = plan
        self.today = today or date.today()
        self.activities = activities  # id → Activity, loaded only when an entry field needs it
        self.confirm = confirm  # asks the officer about a partial name (on a terminal only)


def parse_input(spec, text: str, ctx: Context) -> Any:
    """Turn typed text into the value stored in the journal, or raise ValueProblem."""
    text = text.strip()
    if isinstance(spec, IntegerField):
        compact = text.replace(" ", "")
        if not _INT.match(compact):
            raise ValueProblem(f"«{text}» không phải số nguyên không âm.", "Ví dụ: 45, hoặc 5.300.")
        if len(compact) > 13:
            raise ValueProblem(f"«{text}» quá lớn (tối đa {format_number(MAX_INT)}).",
                               "Kiểm tra lại số đã gõ (thừa chữ số?).")
        value = int(compact.replace(".", ""))
        _check_int_range(spec, value)
        return value
    if isinstance(spec, DateField):
        try:
            return parse_date(text, ctx.today).isoformat()
        except DateInputError as exc:
            raise ValueProblem(str(exc), DATE_FORMATS_HINT) from None
    if isinstance(spec, YesNoField):
        key = fold(text)
        if key in _YES:
            return True
        if key in _NO:
            return False
        raise ValueProblem(f"«{text}» không phải có/không.", "Gõ «có» hoặc «không».")
    if isinstance(spec, ChoiceField):
        return match_named(choice_items(spec.choices), text, "lựa chọn", ctx.confirm).id
    if isinstance(spec, RefField):
        reg = ctx.plan.registries[spec.registry]
        parts = [p for p in (s.strip() for s in text.split(",")) if p] if spec.multiple else [text]
        if not parts:
            raise ValueProblem(f"chưa chọn {reg.member_label} nào.")
        ids: list[str] = []
        for part in parts:
            mid = match_named(registry_items(reg), part, reg.member_label, ctx.confirm).id
            if mid not in ids:
                ids.append(mid)
        return ids if spec.multiple else ids[0]
    if isinstance(spec, EntryField):
        return _parse_entry(spec, text, ctx)
    if isinstance(spec, IndicatorField):
        items = [Named(i.id, i.short) for i in ctx.plan.indicators()]
        return match_named(items, text, "chỉ tiêu", ctx.confirm).id
    if isinstance(spec, TextField):
        if spec.max_length and len(text) > spec.max_length:
            raise ValueProblem(f"dài quá {spec.max_length} ký tự.")
        return text
    raise ValueProblem("kiểu trường không được hỗ trợ.")  # pragma: no cover


def _check_int_range(spec: IntegerField, value: int) -> None:
    if value > MAX_INT:
        raise ValueProblem(f"{format_number(value)} quá lớn (tối đa {format_number(MAX_INT)}).",
                           "Kiểm tra lại số đã gõ (thừa chữ số?).")
    if value < spec.min:
        raise ValueProblem(f"{format_number(value)} nhỏ hơn giá trị tối thiểu {format_number(spec.min)}.")
    if spec.max is not None and value > spec.max:
        raise ValueProblem(f"{format_number(value)} lớn hơn giá trị tối đa {format_number(spec.max)}.")


def normalise_entry_id(text: str) -> str | None:
    raw = text.strip().upper()
    if raw.isdigit():
        return format_id(int(raw))
    m = re.fullmatch(r"HD0*(\d+)", raw)
    return format_id(int(m.group(1))) if m else None


def _parse_entry(spec: EntryField, text: str, ctx: Context) -> str:
    ident = normalise_entry_id(text)
    kind = ctx.plan.activity_kinds[spec.kind]
    acts = ctx.activities if ctx.activities is not None else {}
    if ident is None or ident not in acts:
        open_items = [a for a in acts.values() if a.kind == spec.kind and not a.voided]
        hint = None
        if open_items:
            hint = "Các mục «" + kind.title + "» gần nhất: " + ", ".join(a.id for a in open_items[-5:]) + "."
        raise ValueProblem(f"không có mục nhật ký «{text}».", hint)
    act = acts[ident]
    if act.voided:
        raise ValueProblem(f"mục {ident} đã bị huỷ.")
    if act.kind != spec.kind:
        raise ValueProblem(f"mục {ident} là «{ctx.plan.activity_kinds.get(act.kind).title if act.kind in ctx.plan.activity_kinds else act.kind}», "
                           f"không phải «{kind.title}».")
    return ident


def compile_checker(spec, plan: Plan):
    """A fast function (value, activities) → why the stored value does not fit its field, or None.

    Built once per field so that reading a journal of 100,000 records stays linear and cheap.
    """
    if isinstance(spec, IntegerField):
        lo, hi = spec.min, spec.max

        def check_int(value, acts):
            if type(value) is float and value.is_integer() and value > MAX_INT:  # beyond 64 bits, read as a float
                return f"số quá lớn, vượt giới hạn {format_number(MAX_INT)} của nhật ký"
            if type(value) is not int:
                return f"cần số nguyên, có «{value}»"
            if value > MAX_INT:
                return f"{format_number(value)} vượt giới hạn {format_number(MAX_INT)} của nhật ký"
            if value < lo or (hi is not None and value > hi):
                return f"{format_number(value)} nằm ngoài khoảng cho phép"
            return None
        return check_int
    if isinstance(spec, DateField):
        def check_date(value, acts):
            try:
                date.fromisoformat(value)
            except (TypeError, ValueError):
                return f"ngày «{value}» không hợp lệ (YYYY-MM-DD)"
            return None
        return check_date
    if isinstance(spec, YesNoField):
        return lambda value, acts: None if type(value) is bool else f"cần true/false, có «{value}»"
    if isinstance(spec, ChoiceField):
        choices = frozenset(spec.choices)
        listing = ", ".join(spec.choices)
        return lambda value, acts: None if type(value) is str and value in choices else \
            f"«{value}» không thuộc các lựa chọn: {listing}"
    if isinstance(spec, RefField):
        reg = plan.registries[spec.registry]
        known = frozenset(m.id for m in reg.members)
        label, rid, multiple = reg.member_label, spec.registry, spec.multiple

        def check_ref(value, acts):
            if multiple:
                if type(value) is not list:
                    return f"cần danh sách mã {label}, có «{value}»"
                values = value
            else:
                values = (value,)
            for v in values:
                if type(v) is not str or v not in known:
                    bad = [str(x) for x in values if type(x) is not str or x not in known]
                    return f"không có {label} mã «{', '.join(bad)}» trong danh mục «{rid}»"
            return None
        return check_ref
    if isinstance(spec, EntryField):
        kind = spec.kind

        def check_entry(value, acts):
            if not is_record_id(value):
                return f"«{value}» không phải mã mục nhật ký"
            if acts is not None:
                act = acts.get(value)  # value is a record id (text) here
                if act is None:
                    return f"không có mục nhật ký «{value}» trước dòng này"
                if act.kind != kind:
                    return f"mục {value} không phải loại «{kind}»"
            return None
        return check_entry
    if isinstance(spec, IndicatorField):
        ids = frozenset(i.id for i in plan.indicators())
        return lambda value, acts: None if type(value) is str and value in ids else f"không có chỉ tiêu «{value}»"
    if isinstance(spec, TextField):
        limit = spec.max_length

        def check_text(value, acts):
            if type(value) is not str:
                return f"cần văn bản, có «{value}»"
            if limit is not None and len(value) > limit:
                return f"dài quá {limit} ký tự"
            return None
        return check_text
    return lambda value, acts: None  # pragma: no cover


def display(spec, value: Any, plan: Plan) -> str:
    """A value as an officer reads it: names for references, Vietnamese numbers and dates."""
    if value is None:
        return ""
    if isinstance(spec, RefField):
        names = plan.member_names(spec.registry)
        values = value if isinstance(value, list) else [value]
        return ", ".join(names.get(v, str(v)) for v in values)
    if isinstance(spec, IntegerField) and isinstance(value, int):
        return format_number(value)
    if isinstance(spec, YesNoField):
        return "có" if value else "không"
    if isinstance(spec, DateField):
        try:
            d = date.fromisoformat(value)
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def bound_problems(kind, fields: dict) -> list[str]:
    """A number greater than the one the plan says it cannot exceed in the same activity («at_most»: 3 people
    supported of 2 in need would make «150%» of a ratio): each as a sentence."""
    from kehoach.base.text import format_number
    from kehoach.plan.shapes import IntegerField

    out = []
    for fid, spec in kind.fields.items():
        other = getattr(spec, "at_most", None) if isinstance(spec, IntegerField) else None
        if other is None or other not in kind.fields:
            continue
        v, w = fields.get(fid), fields.get(other)
        if type(v) is int and type(w) is int and v > w:
            out.append(f"«{fid}» là {format_number(v)}, lớn hơn «{other}» là {format_number(w)} "
                       f"({spec.label.lower()} không thể nhiều hơn {kind.fields[other].label.lower()})")
    return out
