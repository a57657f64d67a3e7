"""What an indicator measures and the threshold it must reach: measures (a union keyed on `kind`),
targets with an operator, baselines (a number typed for an earlier period) and several targets under one
verbatim sentence. No I/O here."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, model_validator

from . import shapes as _s
from .common import Id, Model, Text


class Filter(_s.Filter, Model):
    """Keeps the activities (or members) whose field (or attribute) has one of the values."""

    field: Id
    values: list[Any] = Field(min_length=1)


class ActivitySelector(_s.ActivitySelector, Model):
    kinds: list[Id] = Field(min_length=1, description="Các loại hoạt động được tính")
    where: list[Filter] = Field(default_factory=list)


class Coverage(_s.Coverage, Model):
    """Share of a registry's members reached by qualifying activities."""

    kind: Literal["coverage"]
    registry: Id
    activities: ActivitySelector
    field: Id = Field(description="Trường tham chiếu tới danh mục trong các hoạt động")
    min_events: int = Field(1, ge=1, description="Số hoạt động tối thiểu cho mỗi phần tử")
    every: Literal["month", "quarter"] | None = Field(
        None, description="«duy trì thường xuyên»: phải có hoạt động trong mọi tháng/quý đã qua")
    members_where: list[Filter] = Field(default_factory=list, description="Chỉ tính các phần tử có thuộc tính này")


class Frequency(_s.Frequency, Model):
    """Sub-periods (months, quarters) with at least k qualifying activities."""

    kind: Literal["frequency"]
    activities: ActivitySelector
    per: Literal["month", "quarter"]
    min_events: int = Field(1, ge=1)


class Count(_s.Count, Model):
    """Number of activities, or the sum of a whole-number field, against an absolute threshold."""

    kind: Literal["count"]
    activities: ActivitySelector
    sum_field: Id | None = Field(None, description="Cộng trường số này; bỏ trống thì đếm số hoạt động")


class ActivityQuantity(_s.ActivityQuantity, Model):
    source: Literal["activities"]
    activities: ActivitySelector
    sum_field: Id | None = None
    distinct_field: Id | None = Field(None, description="Đếm số giá trị khác nhau của trường này")


class RegistryQuantity(_s.RegistryQuantity, Model):
    source: Literal["registry"]
    registry: Id
    sum_attribute: Id | None = Field(None, description="Cộng thuộc tính số này; bỏ trống thì đếm phần tử")
    members_where: list[Filter] = Field(default_factory=list)


Quantity = Annotated[Union[ActivityQuantity, RegistryQuantity], Field(discriminator="source")]


class Ratio(_s.Ratio, Model):
    kind: Literal["ratio"]
    numerator: Quantity
    denominator: Quantity


class Timeliness(_s.Timeliness, Model):
    """Items received (one kind) handled (another kind, referring to the item) within a limit."""

    kind: Literal["timeliness"]
    received: Id = Field(description="Loại hoạt động ghi nhận việc tiếp nhận")
    handled: Id = Field(description="Loại hoạt động ghi nhận việc xử lý (có trường kiểu entry trỏ tới mục tiếp nhận)")
    link_field: Id = Field(description="Trường kiểu entry của loại «handled»")
    limit_days: int = Field(ge=0, description="Thời hạn xử lý (ngày) tính từ ngày tiếp nhận")
    limit_by: "LimitBy | None" = Field(None, description="Thời hạn riêng theo giá trị một trường của mục tiếp nhận")


class LimitBy(_s.LimitBy, Model):
    """Per-category limits, e.g. complaints (khiếu nại) 30 days, crime reports 20 days."""

    field: Id = Field(description="Trường kiểu choice của loại «received»")
    days: dict[str, Annotated[int, Field(ge=0)]] = Field(min_length=1)


class Assessment(_s.Assessment, Model):
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


Operator = Literal[">=", ">", "<=", "<", "="]


class Baseline(_s.Baseline, Model):
    """The number a relative target is compared with: typed by the officer (last year's figure, say)."""

    value: float = Field(ge=0, description="Số liệu gốc, ví dụ số vụ của năm trước (cán bộ nhập từ báo cáo năm trước)")
    period: Literal["previous_year", "previous_period"] | None = Field(
        None, description="Số liệu gốc thuộc kỳ nào: previous_year = năm trước, previous_period = kỳ trước; "
                          "bỏ trống nếu là một con số cho sẵn")
    label: str = Field("", description="Tên kỳ gốc dùng trong báo cáo, ví dụ «năm 2020»")


class Target(_s.Target, Model):
    """The threshold: exactly one of percent, count, fraction or baseline, with an operator."""

    op: Operator = Field(
        ">=", description="«ít nhất» ≥, «trên» >, «không quá» ≤, «dưới»/«giảm so với» <, «không để phát sinh» = 0")
    percent: float | None = Field(None, ge=0, le=100)
    count: float | None = Field(None, ge=0)
    fraction: str | None = Field(None, pattern=r"^\d+/\d+$", description="Phân số, ví dụ «10/10»")
    baseline: Baseline | None = Field(None, description="So với một số liệu gốc («giảm so với năm trước»)")
    change_percent: float | None = Field(
        None, ge=-100, description="Mức thay đổi so với số liệu gốc, theo %: «giảm ít nhất 5%» là -5 (chỉ dùng với baseline)")

    @model_validator(mode="after")
    def _one_of(self) -> "Target":
        given = [x for x in (self.percent, self.count, self.fraction, self.baseline) if x is not None]
        if len(given) != 1:
            raise ValueError("target_one_of")
        if self.fraction is not None:
            a, b = (int(x) for x in self.fraction.split("/"))
            if b == 0 or a > b:
                raise ValueError("target_fraction")
        if self.change_percent is not None and self.baseline is None:
            raise ValueError("change_without_baseline")
        return self


class Part(_s.Part, Model):
    """One of several targets stated in one verbatim sentence («…; tổ chức kiểm tra ít nhất 80% số cơ sở»)."""

    id: Id | None = Field(None, description="Mã riêng; mặc định là mã chỉ tiêu thêm «-1», «-2»…")
    label: Text = Field(description="Tên ngắn của vế này (hiển thị trong bảng), ví dụ «Cơ sở được kiểm tra»")
    measure: Measure
    target: Target | None = Field(None, description="Ngưỡng; bỏ trống với vế đánh giá định tính")
    unit_label: str = Field("", description="Đơn vị tính; mặc định lấy của chỉ tiêu")
    gap_label: str = Field("", description="Nhãn danh sách còn thiếu; mặc định lấy của chỉ tiêu")

    @model_validator(mode="after")
    def _target_needed(self) -> "Part":
        if self.target is None and self.measure.kind != "assessment":
            raise ValueError("target_required")
        return self
