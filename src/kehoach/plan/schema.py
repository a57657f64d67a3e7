"""The JSON Schema of the plan file, generated from the pydantic models."""

from __future__ import annotations

import json

from .model import Plan


def plan_schema() -> dict:
    schema = Plan.model_json_schema()
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Kế hoạch (kehoach)",
        "description": "Tệp kế hoạch YAML của kehoach: mục đích, chỉ tiêu, nhiệm vụ, đơn vị, danh mục, loại hoạt động.",
    }
    out.update({k: v for k, v in schema.items() if k not in ("title", "description")})
    return out


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
