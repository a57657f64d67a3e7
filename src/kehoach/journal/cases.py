"""Cases (items received, then handled) and guards against recording the same thing twice.

A case is an activity of the `received` kind of a timeliness indicator; it is closed by an activity of the
`handled` kind whose `link_field` names it. Open cases are listed by `log`'s prompt and carried into next
year's journal by `kehoach init`.

The guards used by `log` search the journal's bytes for the few lines that matter (a date, a case id) instead
of reading every record, so that logging stays fast on a large journal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from kehoach.plan.shapes import Plan, Timeliness

from .store import Activity, records_matching


@dataclass(frozen=True)
class CaseLink:
    received: str
    handled: str
    link_field: str


def case_links(plan: Plan) -> list[CaseLink]:
    """The (received, handled, link field) triples of the plan's timeliness indicators, each once."""
    out: list[CaseLink] = []
    for ind in plan.indicators():
        m = ind.measure
        if isinstance(m, Timeliness):
            link = CaseLink(m.received, m.handled, m.link_field)
            if link not in out:
                out.append(link)
    return out


def open_cases(plan: Plan, activities: Iterable[Activity], kind: str | None = None) -> list[Activity]:
    """Received items (not voided) that no handling activity (not voided) names, oldest first.

    `kind` limits them to one received kind."""
    acts = [a for a in activities if not a.voided]
    out: list[Activity] = []
    for link in case_links(plan):
        if kind is not None and link.received != kind:
            continue
        closed = {a.fields.get(link.link_field) for a in acts if a.kind == link.handled}
        out.extend(a for a in acts if a.kind == link.received and a.id not in closed and a not in out)
    return sorted(out, key=lambda a: (a.date, a.line))


# ---------------------------------------------------------------- guards on the journal's bytes

def _lines_with(raw: bytes, key: str, value: str) -> list[dict]:
    """The records whose line holds `"key": "value"` (a byte search, then only those lines parsed)."""
    pattern = re.compile(rb'"' + re.escape(key.encode()) + rb'"\s*:\s*"' + re.escape(value.encode("utf-8")) + rb'"')
    return [data for _, data in records_matching(raw, pattern)]


_TARGET = re.compile(rb'"target"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _corrections(raw: bytes) -> dict[str, list[dict]]:
    """Every correction record (amend, void) by the id it targets, in journal order: one byte search for all of
    them (corrections are about 1% of a journal), instead of one search of the whole journal per activity."""
    out: dict[str, list[dict]] = {}
    for m, data in records_matching(raw, _TARGET):
        out.setdefault(m.group(1).decode("utf-8", "replace"), []).append(data)
    return out


def _corrected(raw: bytes, add: dict, corrections: dict[str, list[dict]] | None = None) -> dict | None:
    """An add record with its amendments applied; None when voided."""
    state = {"date": add.get("date"), "unit": add.get("unit"), "fields": dict(add.get("fields") or {})}
    found = corrections.get(str(add.get("id")), []) if corrections is not None else \
        _lines_with(raw, "target", str(add.get("id")))
    for c in found:
        if c.get("op") == "void":
            return None
        changes = c.get("set") if c.get("op") == "amend" else None
        if isinstance(changes, dict):
            for key in ("date", "unit"):
                if key in changes:
                    state[key] = changes[key]
            for k, v in (changes.get("fields") or {}).items():
                if v is None:
                    state["fields"].pop(k, None)
                else:
                    state["fields"][k] = v
    return state


def likely_duplicates(raw: bytes, record: dict) -> list[str]:
    """Ids of activities already in the journal with the same kind, date and fields as `record`."""
    out: list[str] = []
    corrections = None
    for d in _lines_with(raw, "date", str(record["date"])):
        if d.get("op") != "add" or d.get("kind") != record["kind"] or d.get("id") in out:
            continue
        if corrections is None:
            corrections = _corrections(raw)
        state = _corrected(raw, d, corrections)
        if state is not None and state["date"] == record["date"] and state["fields"] == record["fields"]:
            out.append(d["id"])
    return out


def already_closed(plan: Plan, raw: bytes, kind: str, fields: dict) -> list[tuple[str, str]]:
    """For a handling activity about to be logged: (case id, id of the activity that already handled it)."""
    out = []
    for link in case_links(plan):
        target = fields.get(link.link_field)
        if link.handled != kind or not isinstance(target, str):
            continue
        for d in _lines_with(raw, link.link_field, target):
            if d.get("op") == "add" and d.get("kind") == link.handled:
                state = _corrected(raw, d)
                if state is not None and state["fields"].get(link.link_field) == target:
                    out.append((target, str(d.get("id"))))
    return out


def case_label(plan: Plan, act: Activity) -> str:
    """One line for a case in a prompt: «HD0039 · 01/12/2023 · Tin báo qua đường dây nóng»."""
    from .recording import summary

    return f"{act.id} · {act.date:%d/%m/%Y} · {summary(plan, act.kind, act.fields)}"
