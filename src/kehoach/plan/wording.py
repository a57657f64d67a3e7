"""The words and money of a plan: the issuer's level and the nouns the outputs use about its units,
per-kind phrasing for reports, and the budgets of «IV. Kinh phí». No I/O here."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from . import shapes as _s
from .common import Id, Model, Text

Level = Literal["xa", "huyen", "tinh", "trung_uong"]

# The nouns of each level, used where a plan does not name its own (`meta.terms`).
LEVEL_TERMS: dict[str, dict[str, str]] = {
    "xa": {"locality": "xã", "subdivision": "thôn", "agencies": "ban, ngành, đoàn thể xã"},
    "huyen": {"locality": "huyện", "subdivision": "xã, thị trấn", "agencies": "phòng, ban, ngành, đoàn thể huyện"},
    "tinh": {"locality": "tỉnh", "subdivision": "xã, phường", "agencies": "sở, ban, ngành, đoàn thể"},
    "trung_uong": {"locality": "toàn quốc", "subdivision": "tỉnh, thành phố", "agencies": "bộ, ngành, đoàn thể"},
}


class Terms(_s.Terms, Model):
    """The nouns the outputs use about the issuer and its units, as the plan says them."""

    locality: str | None = Field(None, description="Địa bàn của cơ quan ban hành, như trong «trên địa bàn …»: "
                                                    "«xã», «thành phố», «tỉnh», «toàn quốc»")
    subdivision: str | None = Field(None, description="Các đơn vị hành chính cấp dưới: «thôn», «xã, phường», "
                                                       "«huyện, thị xã, thành phố»")
    agencies: str | None = Field(None, description="Các cơ quan phối hợp: «ban, ngành, đoàn thể xã», «sở, ban, ngành»")


class Phrasing(_s.Phrasing, Model):
    """How a report sums up the activities of one kind: «kiểm tra 04 cơ sở», «tập huấn cho 03 người»."""

    verb: str = Field("", description="Động từ, ví dụ «kiểm tra», «tập huấn cho», «tuyên truyền cho»")
    unit_word: str = Field("", description="Danh từ đơn vị của con số, ví dụ «cơ sở», «người», «lượt»")
    count: Id | None = Field(None, description="Trường tham chiếu danh mục: đếm số phần tử khác nhau "
                                               "(«kiểm tra 04 cơ sở»); bỏ trống thì đếm số hoạt động")
    sum: list[Id] = Field(default_factory=list, description="Các trường số được cộng lại, ví dụ [so_nguoi]")
    template: str = Field("", description="Mẫu câu, ví dụ «tập huấn cho {so_nguoi} người»; {n} là con số đếm được")


class Budget(_s.Budget, Model):
    """One line of «IV. Kinh phí»: a budget (dự toán) of one source or unit, in đồng."""

    id: Id
    label: Text = Field(description="Tên dòng dự toán, ví dụ «Ngân sách xã», «Công an xã»")
    amount: int = Field(ge=0, description="Dự toán (đồng), ví dụ 15000000")
    source: str = Field("", description="Nguồn kinh phí, ví dụ «Ngân sách nhà nước», «Xã hội hoá»")
    unit: Id | None = Field(None, description="Đơn vị sử dụng dự toán (nếu có)")


class Funding(_s.Funding, Model):
    """«IV. Kinh phí»: the plan's words and, if it states them, the budgets."""

    text: str = Field("", description="Nguyên văn mục kinh phí của kế hoạch")
    budgets: list[Budget] = Field(default_factory=list, description="Dự toán theo nguồn hoặc đơn vị (đồng)")
