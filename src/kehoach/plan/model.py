"""The plan model (pydantic v2): everything a plan of this family holds. No I/O here.

Keys are English identifiers; every `description` (shown by editors through the
JSON Schema) and every value a user reads is Vietnamese.
"""

from __future__ import annotations

from datetime import date

Day = date  # for fields declared after a field named «date», which hides the type in the class body
from typing import Annotated, Any, Literal, Union

from pydantic import ConfigDict, Field, PrivateAttr, field_validator, model_validator

from . import shapes as _s
from .common import ID_PATTERN, Id, Model, Text  # noqa: F401  (ID_PATTERN re-exported for the loader)
from .measures import (  # noqa: F401  (re-exported: later stages import the measures from here)
    ActivityQuantity,
    ActivitySelector,
    Assessment,
    Baseline,
    Count,
    Coverage,
    Filter,
    Frequency,
    LimitBy,
    Measure,
    Part,
    Quantity,
    Ratio,
    RegistryQuantity,
    Target,
    Timeliness,
)
from .wording import LEVEL_TERMS, Budget, Funding, Level, Phrasing, Terms  # noqa: F401

# ---------------------------------------------------------------- dates

parse_partial_date = _s.parse_partial_date  # re-exported: the loader and the rules use it here


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

class Signer(_s.Signer, Model):
    authority: str = Field("", description="Thẩm quyền ký, ví dụ «KT. CHỦ TỊCH» (để trống nếu ký trực tiếp)")
    position: Text = Field(description="Chức vụ người ký, ví dụ «PHÓ CHỦ TỊCH»")
    name: str = Field("", description="Họ và tên người ký; để trống nếu chưa biết (báo cáo để chỗ trống)")


class Basis(_s.Basis, Model):
    """A document the plan implements (căn cứ)."""

    text: Text = Field(description="Trích dẫn văn bản căn cứ như trong kế hoạch")
    number: str = Field("", description="Số, ký hiệu, ví dụ «101/KH-UBND»")
    date: PartialDateField | None = Field(None, description="Ngày ban hành")
    issuer: str = Field("", description="Cơ quan ban hành")

    @field_validator("date", mode="before")
    @classmethod
    def _check_date(cls, v: Any) -> Any:
        return None if v is None else str(_partial_date(v))


class Meta(_s.Meta, Model):
    number: str = Field("", description="Số, ký hiệu kế hoạch, ví dụ «…/KH-UBND»; để trống nếu chưa có số")
    parent_body: str = Field("", description="Cơ quan chủ quản, ví dụ «UBND HUYỆN CAO LỘC»; để trống nếu không có "
                                             "(UBND tỉnh, thành phố không ghi cơ quan chủ quản)")
    level: Level = Field("xa", description="Cấp của cơ quan ban hành: xa, huyen, tinh (cả thành phố trực thuộc "
                                           "trung ương), trung_uong (bộ, ngành, ban chỉ đạo quốc gia)")
    terms: Terms = Field(default_factory=Terms, description="Cách kế hoạch gọi địa bàn và các đơn vị cấp dưới; "
                                                            "mặc định theo «level»")
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

    @model_validator(mode="after")
    def _terms_of_level(self) -> "Meta":
        for key, word in LEVEL_TERMS[self.level].items():
            if getattr(self.terms, key) is None:
                setattr(self.terms, key, word)
        return self


class Purpose(_s.Purpose, Model):
    id: Id
    text: Text


# ---------------------------------------------------------------- registries

AttrType = Literal["text", "integer", "number", "yesno", "date", "choice"]


class AttributeSpec(_s.AttributeSpec, Model):
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


class Member(_s.Member, Model):
    id: Id
    name: Text = Field(description="Tên hiển thị")
    aliases: list[Text] = Field(default_factory=list, description="Tên gọi khác")
    active_from: date | None = Field(None, description="Đưa vào danh mục từ ngày (thêm giữa năm)")
    active_until: date | None = Field(None, description="Rút khỏi danh mục từ sau ngày")
    attrs: dict[str, Any] = Field(default_factory=dict, description="Thuộc tính theo khai báo của danh mục")


class Registry(_s.Registry, Model):
    title: Text = Field(description="Tên danh mục, ví dụ «Thôn»")
    member_label: Text = Field(description="Tên một phần tử, số ít, viết thường: «thôn», «cơ sở»")
    sample: bool = Field(False, description="Dữ liệu mẫu: phải thay bằng danh mục thực tế")
    note: str = ""
    attributes: dict[Id, AttributeSpec] = Field(default_factory=dict)
    members: list[Member] = Field(default_factory=list)


# ---------------------------------------------------------------- activity kinds

class FieldBase(_s.FieldBase, Model):
    label: Text = Field(description="Tên trường hiển thị cho người dùng")
    required: bool = False
    help: str = ""


class TextField(_s.TextField, FieldBase):
    type: Literal["text"]
    max_length: int | None = Field(None, ge=1)


class IntegerField(_s.IntegerField, FieldBase):
    type: Literal["integer"]
    min: int = Field(0, description="Giá trị nhỏ nhất (mặc định 0)")
    max: int | None = None
    at_most: Id | None = Field(None, description="Không được lớn hơn trường số nguyên này của cùng hoạt động, ví dụ "
                                                 "«so_co_nhu_cau» cho «so_duoc_ho_tro» (số được hỗ trợ không thể "
                                                 "nhiều hơn số có nhu cầu)")


class DateField(_s.DateField, FieldBase):
    type: Literal["date"]


class YesNoField(_s.YesNoField, FieldBase):
    type: Literal["yesno"]


class ChoiceField(_s.ChoiceField, FieldBase):
    type: Literal["choice"]
    choices: list[Text] = Field(min_length=1)


class RefField(_s.RefField, FieldBase):
    type: Literal["ref"]
    registry: Id = Field(description="Danh mục được tham chiếu")
    multiple: bool = Field(False, description="Cho phép nhiều phần tử, cách nhau bằng dấu phẩy")


class EntryField(_s.EntryField, FieldBase):
    """A reference to an earlier journal entry of another kind (a case being handled)."""

    type: Literal["entry"]
    kind: Id = Field(description="Loại hoạt động của mục được tham chiếu")


class IndicatorField(_s.IndicatorField, FieldBase):
    type: Literal["indicator"]


FieldSpec = Annotated[
    Union[TextField, IntegerField, DateField, YesNoField, ChoiceField, RefField, EntryField, IndicatorField],
    Field(discriminator="type"),
]


class ActivityKind(_s.ActivityKind, Model):
    title: Text = Field(description="Tên loại hoạt động")
    unit: Id | None = Field(None, description="Đơn vị thường thực hiện (mặc định khi ghi nhật ký)")
    sensitive: bool = Field(False, description="Liên quan đến người (dữ liệu cá nhân nhạy cảm): chỉ ghi số lượng và mã ẩn danh")
    fields: dict[Id, FieldSpec] = Field(default_factory=dict)
    tasks: list[Id] = Field(default_factory=list, description="Các nhiệm vụ hoạt động này phục vụ")
    summary: str = Field("", description="Mẫu câu tóm tắt, ví dụ «Tuyên truyền tại {thon}»")
    phrasing: Phrasing | None = Field(None, description="Cách báo cáo tổng hợp các hoạt động loại này")
    cost_field: Id | None = Field(None, description="Trường số nguyên ghi chi phí của mỗi hoạt động (đồng)")
    budget: Id | None = Field(None, description="Dòng dự toán («funding.budgets») mà chi phí được tính vào")


class Indicator(_s.Indicator, Model):
    """One indicator as the plan writes it: a verbatim sentence with one target (measure + target) or several
    (`targets:`, each judged on its own). `parts()` gives what is judged, one per target."""

    id: Id = Field(description="Số hiệu như trong kế hoạch, ví dụ «1.1.a»")
    text: Text = Field(description="Nguyên văn chỉ tiêu")
    short: Text = Field(description="Tên ngắn (hiển thị trong bảng)")
    measure: Measure | None = Field(None, description="Cách đo; dùng «targets» thay thế khi câu có nhiều chỉ tiêu")
    target: Target | None = Field(None, description="Ngưỡng; bỏ trống với chỉ tiêu đánh giá định tính")
    targets: list[Part] | None = Field(
        None, min_length=1, description="Nhiều chỉ tiêu trong cùng một câu: mỗi vế có nhãn, cách đo và ngưỡng riêng")
    unit_label: str = Field("", description="Đơn vị tính hiển thị, ví dụ «thôn», «người»")
    gap_label: str = Field("", description="Nhãn danh sách còn thiếu, ví dụ «Chưa tuyên truyền»")
    units: list[Id] = Field(default_factory=list, description="Các đơn vị chịu trách nhiệm")

    _parent: str | None = PrivateAttr(None)
    _label: str = PrivateAttr("")

    @model_validator(mode="after")
    def _shape(self) -> "Indicator":
        if self.targets is not None:
            if self.measure is not None or self.target is not None:
                raise ValueError("targets_and_measure")
            return self
        if self.measure is None:
            raise ValueError("measure_required")
        if self.target is None and self.measure.kind != "assessment":
            raise ValueError("target_required")
        return self

    def _derive(self, **values: Any) -> "Indicator":
        return Indicator.model_construct(**values)


class Task(_s.Task, Model):
    id: Id
    text: Text


class Area(_s.Area, Model):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True, allow_inf_nan=False)

    id: Id
    title: Text
    statements: list[Indicator] = Field(
        default_factory=list, alias="indicators",
        description="Các chỉ tiêu như kế hoạch viết; một câu có thể chứa nhiều chỉ tiêu («targets»)")
    tasks: list[Task] = Field(default_factory=list)


class SolutionItem(_s.SolutionItem, Model):
    id: Id
    text: Text


class Solution(_s.Solution, Model):
    id: Id
    title: Text
    items: list[SolutionItem] = Field(min_length=1)


class Duty(_s.Duty, Model):
    id: Id
    text: Text
    tasks: list[Id] = Field(default_factory=list, description="Các nhiệm vụ mà nhiệm vụ của đơn vị phục vụ")
    kinds: list[Id] = Field(default_factory=list, description="Các loại hoạt động trực tiếp thực hiện nhiệm vụ này")


class Unit(_s.Unit, Model):
    id: Id
    name: Text
    heading: str = Field("", description="Tiêu đề mục như trong kế hoạch, nếu khác tên")
    duties: list[Duty] = Field(default_factory=list)


class Reporting(_s.Reporting, Model):
    recipient: Text = Field(description="Cơ quan nhận báo cáo (Kính gửi)")
    period_rule: Literal["nd09", "calendar"] = Field(
        "nd09", description="nd09: chốt số liệu theo Nghị định 09/2019 (15/12 → 14/6); calendar: theo năm dương lịch")
    due_days: int = Field(3, ge=1, le=60, description="Số ngày sau ngày chốt số liệu phải gửi báo cáo")
    periods: list[Literal["month", "quarter", "half", "year"]] = Field(
        default_factory=lambda: ["half", "year"], description="Các kỳ phải báo cáo")
    report_type: str = Field("BC-UBND", description="Ký hiệu số báo cáo")
    recipients: list[Text] = Field(default_factory=list, description="Nơi nhận của báo cáo")
    drafting_unit: str = Field("", description="Đơn vị soạn thảo, viết tắt, ghi sau «Lưu: VT,», ví dụ «VHXH»")


class Plan(_s.Plan, Model):
    schema_version: Literal[1, 2] = Field(
        2, description="Phiên bản định dạng; tệp viết cho phiên bản 1 vẫn dùng được nguyên như cũ")
    meta: Meta
    purposes: list[Purpose] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)
    solutions: list[Solution] = Field(default_factory=list)
    funding: Funding | str = Field(
        default_factory=Funding, description="IV. Kinh phí: một đoạn văn, hoặc {text, budgets} khi có dự toán")
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

    _canonical: list = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _canonical_choices(self) -> "Plan":
        from .filters import canonicalise

        self._canonical = canonicalise(self)
        return self

    @field_validator("funding", mode="after")
    @classmethod
    def _funding_text(cls, v: Any) -> Any:
        return Funding(text=v) if isinstance(v, str) else v
