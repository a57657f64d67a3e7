"""What a commune sends up: its results for one period, with the plan's identity, and no free text.

Pure: a `Status` in, a plain dict out (the format is documented in docs/export-format.md). The figures are the
very values `status --json` computes; what officers typed (notes, titles, summaries, evidence, the names of people,
villages or establishments still missing) never leaves the commune: only counts do.
"""

from __future__ import annotations

import hashlib
import json

from kehoach import __version__
from kehoach.plan.shapes import Plan, as_json

from .frame import STATUS_VI
from .status import Status

FORMAT = "kehoach-export"
VERSION = 1
# the keys of one indicator copied as they are from `status --json`
FIGURES = ("value", "numerator", "denominator", "percent", "percent_capped", "met", "status", "status_vi")
STATUSES = tuple(STATUS_VI)
IN_PERIOD = ("numerator", "denominator", "percent", "result_text")


def indicator_definition(ind) -> dict:
    """What makes two communes' indicators the same indicator: its id, measure and target (not its wording)."""
    return {"id": ind.id, "measure": as_json(ind.measure),
            "target": None if ind.target is None else as_json(ind.target)}


def _sha(obj) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


def definition_hashes(plan: Plan) -> tuple[str, dict[str, str]]:
    """The SHA-256 of all the indicator definitions of a plan, and of each one (first 16 hex digits)."""
    defs = [indicator_definition(i) for i in plan.indicators()]
    return _sha(defs), {d["id"]: _sha(d)[:16] for d in defs}


def template_of(plan: Plan) -> str | None:
    return getattr(plan.meta, "template", None)


def build_export(status: Status) -> dict:
    """The export of one commune for the status's period (see docs/export-format.md)."""
    plan = status.plan
    meta = plan.meta
    whole, each = definition_hashes(plan)
    indicators = []
    for r in status.results:
        ip = r.in_period or {}
        indicators.append({
            "id": r.id, "area": r.area, "short": r.short, "measure": r.measure, "target": r.target,
            "target_text": r.target_text, "definition": each[r.id],
            **{k: getattr(r, k) for k in FIGURES},
            "result_text": r.result_text,
            "in_period": {k: ip[k] for k in IN_PERIOD if k in ip},
            "gaps": len(r.gaps), "pending": len(r.pending),
        })
    by_kind = status.activity_counts(max(status.period.start, status.plan_year.start), status.cutoff)
    return {
        "format": FORMAT, "version": VERSION, "generator": f"kehoach {__version__}",
        "plan": {"template": template_of(plan), "definitions_sha256": whole, "issuer": meta.issuer,
                 "issuer_short": meta.issuer_short, "parent_body": meta.parent_body, "year": meta.year,
                 "number": meta.number, "short_title": meta.short_title,
                 "period_rule": plan.reporting.period_rule},
        "plan_year": status.plan_year.to_dict(),
        "period": status.period.to_dict(),
        "as_of": status.cutoff.isoformat(),
        "indicators": indicators,
        "summary": {"total": len(status.results), **status.counts},
        "activities": {"in_period": sum(by_kind.values()), "by_kind": dict(sorted(by_kind.items()))},
        "units": [{"id": u.id, "activities": u.activities, "duties_idle": len(u.duties_idle)}
                  for u in status.units],
    }


def _line_of(raw: bytes, key: str) -> int | None:
    at = raw.find(f'"{key}"'.encode("utf-8"))
    return None if at < 0 else raw.count(b"\n", 0, at) + 1


_TOP = {"plan": dict, "plan_year": dict, "period": dict, "as_of": str, "indicators": list}
_PLAN = {"issuer": str, "issuer_short": str, "year": int, "definitions_sha256": str}
_INDICATOR = {"id": str, "area": str, "short": str, "measure": str, "definition": str, "status": str,
              "in_period": dict, "target_text": str}


def check_export(data, raw: bytes, name: str) -> list:
    """Structural problems of an export read from `name` (an empty list when it can be rolled up)."""
    from kehoach.base.errors import Diagnostic

    def problem(message: str, key: str | None = None, hint: str | None = None):
        return Diagnostic(code="export-invalid", file=name, line=_line_of(raw, key) if key else None,
                          message=message, hint=hint)

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [problem("không phải tệp xuất số liệu của kehoach (thiếu «\"format\": \"kehoach-export\"»).",
                        hint="Tệp này do xã tạo bằng «kehoach export --period … -o TỆP.json».")]
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        return [problem(f"tệp xuất phiên bản {version}, phiên bản kehoach này đọc được đến {VERSION}.", "version",
                        "Cập nhật kehoach, hoặc xã xuất lại bằng phiên bản cùng với tỉnh.")]
    out = [problem(f"thiếu mục «{k}» hoặc sai kiểu.", k) for k, t in _TOP.items() if not isinstance(data.get(k), t)]
    if out:
        return out
    out += [problem(f"plan: thiếu mục «{k}» hoặc sai kiểu.", k) for k, t in _PLAN.items()
            if not isinstance(data["plan"].get(k), t)]
    for n, ind in enumerate(data["indicators"], 1):
        if not isinstance(ind, dict):
            out.append(problem(f"indicators[{n}]: không phải một chỉ tiêu.", "indicators"))
            continue
        bad = [k for k, t in _INDICATOR.items() if not isinstance(ind.get(k), t)]
        if bad or ind["status"] not in STATUSES:
            where = ind.get("id") if isinstance(ind.get("id"), str) else f"thứ {n}"
            out.append(problem(f"chỉ tiêu {where}: thiếu hoặc sai mục " + ", ".join(f"«{k}»" for k in
                                                                                   (bad or ["status"])) + ".",
                               ind.get("id") if isinstance(ind.get("id"), str) else "indicators"))
    return out
