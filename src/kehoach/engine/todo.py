"""What is left to do, unit by unit: the gaps of each indicator not yet met, open cases by days left, duties with
no activity yet in the period, and the next report with its deadline. Pure: built from a Status."""

from __future__ import annotations

from dataclasses import dataclass, field

from .attainment import Result
from .status import Status

NO_UNIT = ""


@dataclass
class Item:
    kind: str  # "indicator" | "case" | "duty"
    text: str  # what to do, in Vietnamese
    indicator: str = ""
    status: str = ""
    names: list[str] = field(default_factory=list)  # villages, months, establishments still missing
    days_left: int | None = None  # for an open case: days to its limit (negative: overdue)
    deadline: str = ""  # ISO date

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "indicator": self.indicator, "status": self.status,
                "names": self.names, "days_left": self.days_left, "deadline": self.deadline}


@dataclass
class UnitTodo:
    id: str
    name: str
    items: list[Item] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "items": [i.to_dict() for i in self.items]}


def _indicator_items(r: Result) -> list[Item]:
    out = []
    # only what can still be done: places never reached, the month or quarter running; a month already past is
    # not a task (it is in the report's «tồn tại»)
    never = [g.name for g in r.gaps if not (g.facts and g.facts.get("missed"))] \
        if r.measure not in ("frequency", "timeliness") else []
    if r.status != "dat" and never:
        label = r.gap_label or "Còn thiếu"
        out.append(Item("indicator", f"Chỉ tiêu {r.id} ({r.short}), {r.status_vi}: {label.lower()}: "
                                     + ", ".join(never) + ".", r.id, r.status, never))
    names = [g.name for g in r.due_soon if g.name not in never] if r.measure != "frequency" else []
    if r.due_soon and (names or r.measure == "frequency"):  # a place never reached is listed once, above
        f = r.due_soon[0].facts
        where = (": " + ", ".join(names)) if names else ""
        out.append(Item("indicator", f"Chỉ tiêu {r.id} ({r.short}): trong {f['window']}, đến hết ngày "
                                     f"{f['ends']:%d/%m/%Y}, chưa có hoạt động{where}.", r.id, r.status, names,
                        deadline=f["ends"].isoformat()))
    elif r.status not in ("dat", "chua_co_du_lieu") and not never and r.measure not in ("timeliness", "frequency") \
            and not r.gaps:
        out.append(Item("indicator", f"Chỉ tiêu {r.id} ({r.short}), {r.status_vi}: {r.result_text}.", r.id,
                        r.status))
    for g in r.gaps if r.measure == "timeliness" else []:
        f = g.facts
        what = f"{f.get('label') or 'vụ việc'} tiếp nhận ngày {f['received']:%d/%m/%Y}"
        if f.get("handled") is None:  # still open and overdue: the most urgent
            out.append(Item("case", f"Xử lý ngay {what} ({g.id}): đã quá hạn {f['late_days']} ngày.", r.id,
                            r.status, days_left=-(f["late_days"] or 0), deadline=f["deadline"].isoformat()))
    for g in r.pending:
        f = g.facts
        if not f:
            continue
        what = f"{f.get('label') or 'vụ việc'} tiếp nhận ngày {f['received']:%d/%m/%Y}"
        left = f.get("days_left")
        text = (f"Xử lý {what} ({g.id}): còn {left} ngày, hạn {f['deadline']:%d/%m/%Y}." if left is not None else
                f"Xử lý ngay {what} ({g.id}): đã quá hạn {f['late_days']} ngày.")
        out.append(Item("case", text, r.id, r.status, days_left=left if left is not None else -(f["late_days"] or 0),
                        deadline=f["deadline"].isoformat()))
    return out


def todo(status: Status) -> list[UnitTodo]:
    """Per unit (in the plan's order; indicators with no unit last), what is left; units with nothing left omitted."""
    plan = status.plan
    owners = {i.id: list(i.units) for i in plan.indicators()}
    by_unit: dict[str, UnitTodo] = {u.id: UnitTodo(u.id, u.name) for u in plan.units}
    by_unit[NO_UNIT] = UnitTodo(NO_UNIT, "Chỉ tiêu chưa giao đơn vị")
    for r in status.results:
        for item in _indicator_items(r):
            for uid in owners.get(r.id) or [NO_UNIT]:
                by_unit.setdefault(uid, UnitTodo(uid, uid)).items.append(item)
    for progress in status.units:
        for duty in progress.duties_idle:
            by_unit[progress.id].items.append(
                Item("duty", f"Nhiệm vụ {duty['id']} chưa có hoạt động trong kỳ: {duty['text']}"))
    out = []
    for unit in by_unit.values():
        unit.items.sort(key=lambda i: ({"case": 0, "indicator": 1, "duty": 2}[i.kind],
                                       i.days_left if i.days_left is not None else 0))
        if unit.items:
            out.append(unit)
    return out
