"""Activities as rows for tables, JSON and CSV; one activity with its history."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kehoach.base.errors import KehoachError
from kehoach.base.files import relpath
from kehoach.base.periods import Period
from kehoach.journal.recording import summary
from kehoach.journal.store import Activity
from kehoach.journal.values import display
from kehoach.plan.lookup import Named, ValueProblem, accept_partial, find_kind, match_named, period_of, unit_option
from kehoach.plan.shapes import Plan, RefField

_err = KehoachError.cli


def filter_activities(plan: Plan, acts: list[Activity], period: str | None, kind: str | None,
                      unit: str | None, member: str | None) -> tuple[list[Activity], Period | None]:
    p = period_of(plan, period) if period else None
    kind_id = find_kind(plan, kind, accept_partial) if kind else None
    unit_id = unit_option(plan, unit)
    member_ref = None
    if member:
        items, home = [], {}
        for rid, reg in plan.registries.items():
            for m in reg.members:
                if m.id not in home:
                    home[m.id] = rid
                    items.append(Named(m.id, m.name, tuple(m.aliases)))
        try:
            found = match_named(items, member, "phần tử danh mục", accept_partial).id
            member_ref = (home[found], found)
        except ValueProblem as exc:
            raise _err("unknown-member", f"--member: {exc.message}", exc.hint) from None
    out = []
    for a in acts:
        if p and not p.contains(a.date):
            continue
        if kind_id and a.kind != kind_id:
            continue
        if unit_id and a.unit != unit_id:
            continue
        if member_ref and not _mentions(plan, a, *member_ref):
            continue
        out.append(a)
    out.sort(key=lambda a: (a.date, a.line))
    return out, p


def _mentions(plan: Plan, act: Activity, registry: str, member_id: str) -> bool:
    kind = plan.activity_kinds.get(act.kind)
    if kind is None:
        return False
    for fid, spec in kind.fields.items():
        if isinstance(spec, RefField) and spec.registry == registry:
            v = act.fields.get(fid)
            if v == member_id or (isinstance(v, list) and member_id in v):
                return True
    return False


def _unit_name(plan: Plan, uid: str | None) -> str:
    u = plan.unit(uid) if uid else None
    return u.name if u else (uid or "")


def activity_rows(plan: Plan, acts: list[Activity]) -> list[dict]:
    rows = []
    for a in acts:
        kind = plan.activity_kinds.get(a.kind)
        rows.append({
            "id": a.id, "date": a.date.isoformat(), "date_vi": f"{a.date:%d/%m/%Y}", "kind": a.kind,
            "kind_title": kind.title if kind else a.kind, "unit": a.unit, "unit_name": _unit_name(plan, a.unit),
            "fields": a.fields, "summary": summary(plan, a.kind, a.fields), "note": a.note, "by": a.by,
            "logged_at": a.at, "amended": a.amended, "carried": a.carried,
        })
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell that a spreadsheet would run as a formula («=HYPERLINK(…)», «@SUM(…)», a leading tab or CR) is
    written with a leading apostrophe, as OWASP recommends: it shows as text, nothing is lost."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def field_columns(plan: Plan, acts: list[Activity]) -> list[tuple[str, str]]:
    """(field id, label) of every field that any of the activities has, in the plans' order: the columns of a
    table of activities (CSV, XLSX)."""
    cols: list[tuple[str, str]] = []
    for a in acts:
        kind = plan.activity_kinds.get(a.kind)
        for fid, spec in (kind.fields.items() if kind else []):
            if (fid, spec.label) not in cols and fid in a.fields:
                cols.append((fid, spec.label))
    return cols


def csv_text(plan: Plan, acts: list[Activity], sep: str = ",") -> str:
    """One row an activity; one column per field that any listed activity has, with display values.
    Every cell is neutralised against formulas (csv_cell). `sep` «;» is for Excel set to Vietnamese, whose list
    separator is the semicolon."""
    field_cols = field_columns(plan, acts)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow([csv_cell(c) for c in ("Mã", "Ngày", "Loại hoạt động", "Đơn vị", "Nội dung",
                                      *[label for _, label in field_cols], "Ghi chú", "Người ghi", "Thời điểm ghi")])
    for a in acts:
        kind = plan.activity_kinds.get(a.kind)
        vals = []
        for fid, _ in field_cols:
            spec = kind.fields.get(fid) if kind else None
            vals.append(display(spec, a.fields.get(fid), plan) if spec else "")
        w.writerow([csv_cell(c) for c in (a.id, f"{a.date:%d/%m/%Y}", kind.title if kind else a.kind,
                                          _unit_name(plan, a.unit), summary(plan, a.kind, a.fields), *vals,
                                          a.note, a.by, a.at)])
    return buf.getvalue()


_OPS = {"add": "ghi", "amend": "sửa", "void": "huỷ"}


def _short_time(stamp: str) -> str:
    from datetime import datetime

    try:
        return f"{datetime.fromisoformat(stamp):%d/%m/%Y %H:%M}"
    except (TypeError, ValueError):
        return str(stamp)


def activity_detail(plan: Plan, act: Activity, path: Path) -> dict:
    kind = plan.activity_kinds.get(act.kind)
    fields = []
    for fid, spec in (kind.fields.items() if kind else []):
        if fid in act.fields:
            fields.append({"id": fid, "label": spec.label, "value": act.fields[fid],
                           "display": display(spec, act.fields[fid], plan)})
    history = []
    for rec in act.history:
        d = rec.data
        if d.get("op") == "add":
            what = summary(plan, d.get("kind", ""), d.get("fields") or {})
        elif d.get("op") == "amend":
            changes = d.get("set") or {}
            parts = [f"{k}={v}" for k, v in changes.items() if k != "fields"]
            parts += [f"{k}={'(xoá)' if v is None else display(kind.fields.get(k) if kind else None, v, plan)}"
                      for k, v in (changes.get("fields") or {}).items()]
            what = ", ".join(parts) + f" — lý do: {d.get('reason', '')}"
        else:
            what = f"lý do: {d.get('reason', '')}"
        history.append({"line": rec.line, "id": d.get("id"), "op": d.get("op"), "op_vi": _OPS.get(d.get("op"), "?"),
                        "at": d.get("at", ""), "at_vi": _short_time(d.get("at", "")), "by": d.get("by", ""), "what": what})
    void = next((rec.data for rec in act.history if rec.data.get("op") == "void"), None)
    carried = next((rec.data.get("carried_from") for rec in act.history if rec.data.get("op") == "add"), None)
    return {"id": act.id, "kind": act.kind, "kind_title": kind.title if kind else act.kind,
            "void": {"record": void.get("id"), "reason": void.get("reason", ""), "by": void.get("by", ""),
                     "at": void.get("at", "")} if void else None,
            "carried_from": carried,
            "date": act.date.isoformat(), "date_vi": f"{act.date:%d/%m/%Y}", "unit": act.unit,
            "unit_name": _unit_name(plan, act.unit), "voided": act.voided, "fields": fields, "note": act.note,
            "journal": relpath(path), "history": history}


def locate(acts: dict[str, Activity], text: str) -> tuple[Activity, str | None]:
    """The activity with this id; or, for the id of a correction (the «bản ghi» that `void` and `amend` print),
    the activity it corrects and that record's id."""
    from kehoach.journal.recording import find_activity
    from kehoach.journal.values import normalise_entry_id

    try:
        return find_activity(acts, text), None
    except KehoachError:
        ident = normalise_entry_id(text)
        for act in acts.values():
            for rec in act.history:
                if ident and rec.data.get("id") == ident and rec.data.get("op") != "add":
                    return act, ident
        raise
