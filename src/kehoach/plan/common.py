"""The pieces every plan model shares: the strict base model, identifiers, non-empty text."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64,
                          description="Mã định danh: chữ không dấu, số, «_», «-», «.»")]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True, allow_inf_nan=False)
