"""What can be logged: each activity kind with its fields (required or not, type, choices) and an example line.

Pure: `kehoach kinds`, `kehoach log` without a kind and the log prompts read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class FieldInfo:
    id: str
    label: str
    required: bool
    type_vi: str  # what to type, in words
    choices: list[str] = field(default_factory=list)
    example: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "required": self.required, "type": self.type_vi,
                "choices": self.choices, "example": self.example}


@dataclass
class KindInfo:
    id: str
    title: str
    unit: str | None
    unit_name: str
    sensitive: bool
    fields: list[FieldInfo]
    example: str

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "unit": self.unit, "unit_name": self.unit_name,
                "sensitive": self.sensitive, "fields": [f.to_dict() for f in self.fields], "example": self.example}


def _quote(text: str) -> str:
    if text == "…":
        return '"…"'
    return f'"{text}"' if any(c in text for c in " ,;&|<>()'") else text


def field_info(plan: Plan, fid: str, spec) -> FieldInfo:
    year = plan.meta.year
    choices: list[str] = []
    if isinstance(spec, RefField):
        reg = plan.registries.get(spec.registry)
        label = reg.member_label if reg else spec.registry
        names = [m.name for m in reg.members] if reg else []
        choices = names
        type_vi = f"tên {label} trong danh mục «{spec.registry}»" + (
            " (nhiều: cách nhau dấu phẩy)" if spec.multiple else "")
        example = names[0] if names else "…"
    elif isinstance(spec, ChoiceField):
        choices = list(spec.choices)
        type_vi = "một trong các lựa chọn"
        example = spec.choices[0]
    elif isinstance(spec, IntegerField):
        bound = f" từ {spec.min}" + (f" đến {spec.max}" if spec.max is not None else "")
        type_vi = "số nguyên" + bound
        example = str(max(spec.min, 10) if spec.max is None else spec.min)
    elif isinstance(spec, DateField):
        type_vi = "ngày (12/4/" + str(year) + ")"
        example = f"12/4/{year}"
    elif isinstance(spec, YesNoField):
        type_vi = "có hoặc không"
        example = "có"
    elif isinstance(spec, EntryField):
        kind = plan.activity_kinds.get(spec.kind)
        type_vi = f"mã mục «{kind.title if kind else spec.kind}» đã ghi (HD…)"
        example = "HD0001"
    elif isinstance(spec, IndicatorField):
        inds = [i.id for i in plan.indicators()]
        type_vi = "mã chỉ tiêu"
        example = inds[0] if inds else "1.1.a"
    elif isinstance(spec, TextField):
        type_vi = "văn bản" + (f" (tối đa {spec.max_length} ký tự)" if spec.max_length else "")
        example = "NBD-01" if spec.max_length and spec.max_length <= 20 else "…"
    else:  # pragma: no cover - every field type is listed above
        type_vi, example = "giá trị", "…"
    return FieldInfo(fid, spec.label, spec.required, type_vi, choices, example)


def kind_info(plan: Plan, kind_id: str) -> KindInfo:
    kind = plan.activity_kinds[kind_id]
    fields = [field_info(plan, fid, spec) for fid, spec in kind.fields.items()]
    unit = plan.unit(kind.unit) if kind.unit else None
    parts = [f"{f.id}={_quote(f.example)}" for f in fields if f.required or f.example not in ("…",)]
    example = f"kehoach log {kind_id} " + " ".join(parts) + f" --date 12/4/{plan.meta.year}"
    return KindInfo(kind_id, kind.title, kind.unit, unit.name if unit else "—", bool(getattr(kind, "sensitive", False)),
                    fields, example)


def all_kinds(plan: Plan) -> list[KindInfo]:
    return [kind_info(plan, kid) for kid in plan.activity_kinds]
