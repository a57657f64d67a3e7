"""The plan model (pydantic v2): everything a plan of this family holds. No I/O here.

Keys are English identifiers; every `description` (shown by editors through the
JSON Schema) and every value a user reads is Vietnamese.
"""

from __future__ import annotations

import re
from datetime import date

Day = date  # for fields declared after a field named «date», which hides the type in the class body
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64,
                          description="Mã định danh: chữ không dấu, số, «_», «-», «.»")]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


# ---------------------------------------------------------------- dates

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """'2023' → (2023, None, None); '2023-03' → (2023, 3, None); raises ValueError with a code."""
    m = _PARTIAL_DATE.match(value.strip())
    if not m:
        raise ValueError("partial_date_format")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError("partial_date_impossible")
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise ValueError("partial_date_impossible") from None
    return year, month, day


def _partial_date(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("partial_date_format")
    parse_partial_date(value)
    return value.strip()


PartialDateField = Annotated[
    str,
    Field(pattern=r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$",
          description="Ngày có thể thiếu ngày hoặc tháng: «2023», «2023-03», «2023-03-02»"),
]


# ---------------------------------------------------------------- metadata

class Signer(Model):
    authority: str = Field("", description="Thẩm quyền ký, ví dụ «KT. CHỦ TỊCH» (để trống nếu ký trực tiếp)")
    position: Text = Field(description="Chức vụ người ký, ví dụ «PHÓ CHỦ TỊCH»")
    name: Text = Field(description="Họ và tên người ký")


class Basis(Model):
    """A document the plan implements (căn cứ)."""

    text: Text = Field(description="Trích dẫn văn bản căn cứ như trong kế hoạch")
    number: str = Field("", description="Số, ký hiệu, ví dụ «101/KH-UBND»")
    date: PartialDateField | None = Field(None, description="Ngày ban hành")
    issuer: str = Field("", description="Cơ quan ban hành")

    @field_validator("date", mode="before")
    @classmethod
    def _check_date(cls, v: Any) -> Any:
        return None if v is None else str(_partial_date(v))


class Meta(Model):
    number: str = Field("", description="Số, ký hiệu kế hoạch, ví dụ «…/KH-UBND»; để trống nếu chưa có số")
    parent_body: Text = Field(description="Cơ quan chủ quản, ví dụ «UBND HUYỆN CAO LỘC»")
    issuer: Text = Field(description="Cơ quan ban hành, ví dụ «ỦY BAN NHÂN DÂN XÃ HỒNG PHONG»")
    issuer_short: Text = Field(description="Tên ngắn của cơ quan ban hành, ví dụ «UBND xã Hồng Phong»")
    place: Text = Field(description="Địa danh ghi ở dòng ngày tháng, ví dụ «Hồng Phong»")
    date: PartialDateField = Field(description="Ngày ban hành; được thiếu ngày: «2023-03»")
    effective_from: Day | None = Field(
        None, description="Ngày kế hoạch bắt đầu có hiệu lực, nếu khác ngày ban hành (mặc định: ngày ban hành; "
                          "thiếu ngày thì tính từ đầu tháng)")
    year: int = Field(ge=2000, le=2100, description="Năm của kế hoạch")
    doc_type: Text = Field("KẾ HOẠCH", description="Loại văn bản")
    title: Text = Field(description="Trích yếu (tên) kế hoạch")
    short_title: Text = Field(description="Tên ngắn dùng trong báo cáo, ví dụ «Kế hoạch phòng, chống mại dâm»")
    basis: list[Basis] = Field(default_factory=list, description="Văn bản căn cứ")
    preamble: str = Field("", description="Câu mở đầu của kế hoạch")
    signer: Signer
    recipients: list[Text] = Field(default_factory=list, description="Nơi nhận, mỗi dòng một nơi")
    template: Text | None = Field(None, description="Mã của mẫu kế hoạch chung mà cấp trên giao (để tổng hợp), "
                                                    "ví dụ «lang-son/phong-chong-mai-dam/2023»")

    @field_validator("date", mode="before")
    @classmethod
    def _check_date(cls, v: Any) -> Any:
        return str(_partial_date(v))


class Purpose(Model):
    id: Id
    text: Text


# ---------------------------------------------------------------- registries

AttrType = Literal["text", "integer", "number", "yesno", "date", "choice"]


class AttributeSpec(Model):
    type: AttrType = Field(description="Kiểu thuộc tính")
    label: Text = Field(description="Tên hiển thị")
    choices: list[Text] | None = Field(None, description="Các giá trị được chọn (kiểu choice)")
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _choices(self) -> "AttributeSpec":
        if self.type == "choice" and not self.choices:
            raise ValueError("choices_required")
        return self


class Member(Model):
    id: Id
    name: Text = Field(description="Tên hiển thị")
    aliases: list[Text] = Field(default_factory=list, description="Tên gọi khác")
    active_from: date | None = Field(None, description="Đưa vào danh mục từ ngày (thêm giữa năm)")
    active_until: date | None = Field(None, description="Rút khỏi danh mục từ sau ngày")
    attrs: dict[str, Any] = Field(default_factory=dict, description="Thuộc tính theo khai báo của danh mục")


class Registry(Model):
    title: Text = Field(description="Tên danh mục, ví dụ «Thôn»")
    member_label: Text = Field(description="Tên một phần tử, số ít, viết thường: «thôn», «cơ sở»")
    sample: bool = Field(False, description="Dữ liệu mẫu: phải thay bằng danh mục thực tế")
    note: str = ""
    attributes: dict[Id, AttributeSpec] = Field(default_factory=dict)
    members: list[Member] = Field(default_factory=list)


# ---------------------------------------------------------------- activity kinds

class FieldBase(Model):
    label: Text = Field(description="Tên trường hiển thị cho người dùng")
    required: bool = False
    help: str = ""


class TextField(FieldBase):
    type: Literal["text"]
    max_length: int | None = Field(None, ge=1)


class IntegerField(FieldBase):
    type: Literal["integer"]
    min: int = Field(0, description="Giá trị nhỏ nhất (mặc định 0)")
    max: int | None = None


class DateField(FieldBase):
    type: Literal["date"]


class YesNoField(FieldBase):
    type: Literal["yesno"]


class ChoiceField(FieldBase):
    type: Literal["choice"]
    choices: list[Text] = Field(min_length=1)


class RefField(FieldBase):
    type: Literal["ref"]
    registry: Id = Field(description="Danh mục được tham chiếu")
    multiple: bool = Field(False, description="Cho phép nhiều phần tử, cách nhau bằng dấu phẩy")


class EntryField(FieldBase):
    """A reference to an earlier journal entry of another kind (a case being handled)."""

    type: Literal["entry"]
    kind: Id = Field(description="Loại hoạt động của mục được tham chiếu")


class IndicatorField(FieldBase):
    type: Literal["indicator"]


FieldSpec = Annotated[
    Union[TextField, IntegerField, DateField, YesNoField, ChoiceField, RefField, EntryField, IndicatorField],
    Field(discriminator="type"),
]


class ActivityKind(Model):
    title: Text = Field(description="Tên loại hoạt động")
    unit: Id | None = Field(None, description="Đơn vị thường thực hiện (mặc định khi ghi nhật ký)")
    sensitive: bool = Field(False, description="Liên quan đến người (dữ liệu cá nhân nhạy cảm): chỉ ghi số lượng và mã ẩn danh")
    fields: dict[Id, FieldSpec] = Field(default_factory=dict)
    tasks: list[Id] = Field(default_factory=list, description="Các nhiệm vụ hoạt động này phục vụ")
    summary: str = Field("", description="Mẫu câu tóm tắt, ví dụ «Tuyên truyền tại {thon}»")


# ---------------------------------------------------------------- measures

class Filter(Model):
    """Keeps the activities (or members) whose field (or attribute) has one of the values."""

    field: Id
    values: list[Any] = Field(min_length=1)


class ActivitySelector(Model):
    kinds: list[Id] = Field(min_length=1, description="Các loại hoạt động được tính")
    where: list[Filter] = Field(default_factory=list)


class Coverage(Model):
    """Share of a registry's members reached by qualifying activities."""

    kind: Literal["coverage"]
    registry: Id
    activities: ActivitySelector
    field: Id = Field(description="Trường tham chiếu tới danh mục trong các hoạt động")
    min_events: int = Field(1, ge=1, description="Số hoạt động tối thiểu cho mỗi phần tử")
    every: Literal["month", "quarter"] | None = Field(
        None, description="«duy trì thường xuyên»: phải có hoạt động trong mọi tháng/quý đã qua")
    members_where: list[Filter] = Field(default_factory=list, description="Chỉ tính các phần tử có thuộc tính này")


class Frequency(Model):
    """Sub-periods (months, quarters) with at least k qualifying activities."""

    kind: Literal["frequency"]
    activities: ActivitySelector
    per: Literal["month", "quarter"]
    min_events: int = Field(1, ge=1)


class Count(Model):
    """Number of activities, or the sum of a whole-number field, against an absolute threshold."""

    kind: Literal["count"]
    activities: ActivitySelector
    sum_field: Id | None = Field(None, description="Cộng trường số này; bỏ trống thì đếm số hoạt động")


class ActivityQuantity(Model):
    source: Literal["activities"]
    activities: ActivitySelector
    sum_field: Id | None = None
    distinct_field: Id | None = Field(None, description="Đếm số giá trị khác nhau của trường này")


class RegistryQuantity(Model):
    source: Literal["registry"]
    registry: Id
    sum_attribute: Id | None = Field(None, description="Cộng thuộc tính số này; bỏ trống thì đếm phần tử")
    members_where: list[Filter] = Field(default_factory=list)


Quantity = Annotated[Union[ActivityQuantity, RegistryQuantity], Field(discriminator="source")]


class Ratio(Model):
    kind: Literal["ratio"]
    numerator: Quantity
    denominator: Quantity


class Timeliness(Model):
    """Items received (one kind) handled (another kind, referring to the item) within a limit."""

    kind: Literal["timeliness"]
    received: Id = Field(description="Loại hoạt động ghi nhận việc tiếp nhận")
    handled: Id = Field(description="Loại hoạt động ghi nhận việc xử lý (có trường kiểu entry trỏ tới mục tiếp nhận)")
    link_field: Id = Field(description="Trường kiểu entry của loại «handled»")
    limit_days: int = Field(ge=0, description="Thời hạn xử lý (ngày) tính từ ngày tiếp nhận")
    limit_by: "LimitBy | None" = Field(None, description="Thời hạn riêng theo giá trị một trường của mục tiếp nhận")


class LimitBy(Model):
    """Per-category limits, e.g. complaints (khiếu nại) 30 days, crime reports 20 days."""

    field: Id = Field(description="Trường kiểu choice của loại «received»")
    days: dict[str, Annotated[int, Field(ge=0)]] = Field(min_length=1)


class Assessment(Model):
    """A qualitative judgement logged with its evidence."""

    kind: Literal["assessment"]
    activity: Id = Field(description="Loại hoạt động ghi nhận đánh giá")
    indicator_field: Id = Field(description="Trường kiểu indicator chỉ chỉ tiêu được đánh giá")
    rating_field: Id = Field(description="Trường kiểu choice chứa kết quả đánh giá")
    met_values: list[Text] = Field(min_length=1, description="Những kết quả được coi là đạt")
    evidence_field: Id | None = None


Measure = Annotated[
    Union[Coverage, Frequency, Count, Ratio, Timeliness, Assessment], Field(discriminator="kind")
]


class Target(Model):
    """The threshold: exactly one of percent, count or fraction, with an operator."""

    op: Literal[">=", ">", "<=", "="] = Field(
        ">=", description="«ít nhất» ≥, «trên» >, «không quá» ≤, «không để phát sinh» = 0")
    percent: float | None = Field(None, ge=0, le=100)
    count: float | None = Field(None, ge=0)
    fraction: str | None = Field(None, pattern=r"^\d+/\d+$", description="Phân số, ví dụ «10/10»")

    @model_validator(mode="after")
    def _one_of(self) -> "Target":
        given = [x for x in (self.percent, self.count, self.fraction) if x is not None]
        if len(given) != 1:
            raise ValueError("target_one_of")
        if self.fraction is not None:
            a, b = (int(x) for x in self.fraction.split("/"))
            if b == 0 or a > b:
                raise ValueError("target_fraction")
        return self


class Indicator(Model):
    id: Id = Field(description="Số hiệu như trong kế hoạch, ví dụ «1.1.a»")
    text: Text = Field(description="Nguyên văn chỉ tiêu")
    short: Text = Field(description="Tên ngắn (hiển thị trong bảng)")
    measure: Measure
    target: Target | None = Field(None, description="Ngưỡng; bỏ trống với chỉ tiêu đánh giá định tính")
    unit_label: str = Field("", description="Đơn vị tính hiển thị, ví dụ «thôn», «người»")
    gap_label: str = Field("", description="Nhãn danh sách còn thiếu, ví dụ «Chưa tuyên truyền»")
    units: list[Id] = Field(default_factory=list, description="Các đơn vị chịu trách nhiệm")

    @model_validator(mode="after")
    def _target_needed(self) -> "Indicator":
        if self.target is None and self.measure.kind != "assessment":
            raise ValueError("target_required")
        return self


class Task(Model):
    id: Id
    text: Text


class Area(Model):
    id: Id
    title: Text
    indicators: list[Indicator] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)


class SolutionItem(Model):
    id: Id
    text: Text


class Solution(Model):
    id: Id
    title: Text
    items: list[SolutionItem] = Field(min_length=1)


class Duty(Model):
    id: Id
    text: Text
    tasks: list[Id] = Field(default_factory=list, description="Các nhiệm vụ mà nhiệm vụ của đơn vị phục vụ")
    kinds: list[Id] = Field(default_factory=list, description="Các loại hoạt động trực tiếp thực hiện nhiệm vụ này")


class Unit(Model):
    id: Id
    name: Text
    heading: str = Field("", description="Tiêu đề mục như trong kế hoạch, nếu khác tên")
    duties: list[Duty] = Field(default_factory=list)


class Reporting(Model):
    recipient: Text = Field(description="Cơ quan nhận báo cáo (Kính gửi)")
    period_rule: Literal["nd09", "calendar"] = Field(
        "nd09", description="nd09: chốt số liệu theo Nghị định 09/2019 (15/12 → 14/6); calendar: theo năm dương lịch")
    due_days: int = Field(3, ge=1, le=60, description="Số ngày sau ngày chốt số liệu phải gửi báo cáo")
    periods: list[Literal["month", "quarter", "half", "year"]] = Field(
        default_factory=lambda: ["half", "year"], description="Các kỳ phải báo cáo")
    report_type: str = Field("BC-UBND", description="Ký hiệu số báo cáo")
    recipients: list[Text] = Field(default_factory=list, description="Nơi nhận của báo cáo")


class Plan(Model):
    schema_version: Literal[1] = 1
    meta: Meta
    purposes: list[Purpose] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)
    solutions: list[Solution] = Field(default_factory=list)
    funding: str = ""
    closing: str = ""
    units: list[Unit] = Field(default_factory=list)
    registries: dict[Id, Registry] = Field(default_factory=dict)
    activity_kinds: dict[Id, ActivityKind] = Field(default_factory=dict)
    reporting: Reporting
    journal: str | None = Field(
        None, description="Đường dẫn tệp nhật ký (.jsonl), tương đối với tệp kế hoạch và nằm trong thư mục của nó; "
                          "mặc định <tên kế hoạch>.journal.jsonl")
    journal_outside_folder: bool = Field(
        False, description="Cho phép tệp nhật ký nằm ngoài thư mục của tệp kế hoạch (lệnh check sẽ nhắc)")

    _names: dict = PrivateAttr(default_factory=dict)

    # --- lookups used by every later stage
    def member_names(self, registry: str) -> dict[str, str]:
        """id → name of a registry's members (built once)."""
        names = self._names.get(registry)
        if names is None:
            reg = self.registries.get(registry)
            names = self._names[registry] = {m.id: m.name for m in reg.members} if reg else {}
        return names

    def indicators(self) -> list[Indicator]:
        return [i for a in self.areas for i in a.indicators]

    def tasks(self) -> list[Task]:
        return [t for a in self.areas for t in a.tasks]

    def unit(self, ident: str) -> Unit | None:
        return next((u for u in self.units if u.id == ident), None)
