"""The roll-up of many communes' exports: per indicator of the shared template, each commune's value and status,
how many communes met it (count and share), the totals of counts, the communes behind; and the communes that
sent nothing or whose data is invalid. Pure: exports (plain dicts, see export.py) in, a `Rollup` out.

Indicators are matched by id. The reference definition of an indicator (measure and target) is the one most
communes have; a commune whose indicator of that id is defined otherwise is shown as «khác chỉ tiêu» and not
counted in the totals, and a commune without it as «không có». The reference period is likewise the one most
communes reported; an export of another period is refused (listed as invalid), never mixed in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kehoach.base.errors import Diagnostic

from .frame import STATUS_VI

BEHIND = ("cham_tien_do", "chua_dat")
CELL_KEYS = ("value", "numerator", "denominator", "percent", "percent_capped", "met", "status", "status_vi",
             "result_text", "in_period", "gaps", "pending")


@dataclass
class Commune:
    """One PATH of the roll-up: its export when it could be read or computed, else why not."""

    name: str  # the issuer's short name, else the path
    source: str  # the path as given
    export: dict | None = None
    problems: list[Diagnostic] = field(default_factory=list)  # why it is not counted
    warnings: list[Diagnostic] = field(default_factory=list)  # counted, but something was skipped
    empty: bool = False  # nothing was sent (no plan, no export): not an error in the data
    from_cache: bool = False

    @property
    def state(self) -> str:
        """ok (counted), empty (sent nothing) or invalid (data that cannot be used)."""
        if self.export is not None and not self.problems:
            return "ok"
        return "empty" if self.empty else "invalid"


@dataclass
class IndicatorRollup:
    id: str
    area: str
    short: str
    measure: str
    target: dict | None
    target_text: str
    definition: str
    cells: dict[str, dict] = field(default_factory=dict)  # commune source → its figures (reference definition)
    other: list[str] = field(default_factory=list)  # sources whose indicator of this id is defined otherwise
    missing: list[str] = field(default_factory=list)  # sources whose plan has no indicator of this id
    statuses: dict[str, int] = field(default_factory=dict)
    totals: dict = field(default_factory=dict)

    @property
    def counted(self) -> int:
        return len(self.cells)

    @property
    def met(self) -> int:
        return self.statuses.get("dat", 0)

    @property
    def share(self) -> float | None:
        return None if not self.counted else self.met * 100 / self.counted

    @property
    def behind(self) -> list[str]:
        return [s for s, c in self.cells.items() if c["status"] in BEHIND]

    def to_json(self, names: dict[str, str]) -> dict:
        return {
            "id": self.id, "area": self.area, "short": self.short, "measure": self.measure, "target": self.target,
            "target_text": self.target_text, "definition": self.definition,
            "communes_counted": self.counted, "communes_met": self.met, "share_met": self.share,
            "statuses": self.statuses, "totals": self.totals,
            "behind": [names[s] for s in self.behind],
            "other_definition": [names[s] for s in self.other], "missing": [names[s] for s in self.missing],
        }


@dataclass
class Rollup:
    communes: list[Commune]
    indicators: list[IndicatorRollup]
    period: dict | None  # the reference period (export["period"])
    plan_year: int | None

    @property
    def valid(self) -> list[Commune]:
        return [c for c in self.communes if c.state == "ok"]

    @property
    def failed(self) -> list[Commune]:
        return [c for c in self.communes if c.state != "ok"]

    def cell(self, ind: IndicatorRollup, c: Commune) -> dict:
        """What the matrix shows for one commune and one indicator: its figures, or «other» / «missing»."""
        if c.source in ind.cells:
            return ind.cells[c.source]
        if c.source in ind.other:
            return {"status": "other", "status_vi": "khác chỉ tiêu"}
        return {"status": "missing", "status_vi": "không có chỉ tiêu"}

    def to_json(self) -> dict:
        names = {c.source: c.name for c in self.communes}
        return {
            "period": self.period, "year": self.plan_year,
            "communes": [{
                "name": c.name, "source": c.source, "state": c.state,
                "template": (c.export or {}).get("plan", {}).get("template"),
                "definitions_sha256": (c.export or {}).get("plan", {}).get("definitions_sha256"),
                "as_of": (c.export or {}).get("as_of"),
                "problems": [d.to_dict() for d in c.problems], "warnings": [d.to_dict() for d in c.warnings],
                "indicators": {i.id: _public(self.cell(i, c)) for i in self.indicators} if c.state == "ok" else {},
            } for c in self.communes],
            "indicators": [i.to_json(names) for i in self.indicators],
            "summary": {"communes": len(self.communes), "valid": len(self.valid),
                        "invalid": sum(1 for c in self.communes if c.state == "invalid"),
                        "empty": sum(1 for c in self.communes if c.state == "empty")},
        }


def _public(cell: dict) -> dict:
    return {k: cell[k] for k in CELL_KEYS if k in cell}


def _sum(pairs: list[tuple]) -> dict:
    if not pairs or any(n is None for n, _ in pairs):
        return {"numerator": None, "denominator": None, "percent": None}
    num = sum(n for n, _ in pairs)
    den = sum(d for _, d in pairs) if all(d is not None for _, d in pairs) else None
    return {"numerator": num, "denominator": den, "percent": num * 100 / den if den else None}


def _totals(cells: list[dict]) -> dict:
    """Sums of the numerators and denominators over the communes counted (year to date and in the period);
    none for an assessment, whose figure is a rating."""
    ytd = _sum([(c.get("numerator"), c.get("denominator")) for c in cells])
    ip = _sum([((c.get("in_period") or {}).get("numerator"), (c.get("in_period") or {}).get("denominator"))
               for c in cells])
    return {**ytd, "in_period": ip}


def _period_key(p: dict | None) -> tuple | None:
    return None if p is None else (p.get("start"), p.get("end"))


def roll_up(communes: list[Commune]) -> Rollup:
    """Match every valid commune's indicators by id and count them (see the module's docstring)."""
    periods = Counter(_period_key(c.export.get("period")) for c in communes if c.state == "ok")
    ref_period = None
    if periods:
        key = periods.most_common(1)[0][0]
        for c in communes:
            if c.state == "ok" and _period_key(c.export.get("period")) == key:
                ref_period = c.export["period"]
                break
        for c in communes:
            if c.state == "ok" and _period_key(c.export.get("period")) != key:
                p = c.export.get("period") or {}
                c.problems.append(Diagnostic(
                    code="rollup-other-period", file=c.source,
                    message=f"số liệu của kỳ «{p.get('title', '?')}» ({p.get('start')} – {p.get('end')}), "
                            f"không phải kỳ «{ref_period['title']}» của bản tổng hợp.",
                    hint="Xã gửi lại bản xuất đúng kỳ («kehoach export --period …»)."))
    seen: dict[tuple, str] = {}
    for c in communes:
        if c.state != "ok":
            continue
        who = (c.export["plan"].get("issuer"), c.export["plan"].get("year"))
        if who in seen:
            c.problems.append(Diagnostic(
                code="rollup-duplicate", file=c.source,
                message=f"{c.name} đã có trong bản tổng hợp (từ «{seen[who]}»); không tính hai lần.",
                hint="Bỏ một trong hai đường dẫn (thư mục của xã hoặc tệp xuất của xã)."))
        else:
            seen[who] = c.source
    valid = [c for c in communes if c.state == "ok"]
    order: list[str] = []
    defs: dict[str, Counter] = {}
    first: dict[tuple[str, str], dict] = {}
    by_id = {c.source: {i["id"]: i for i in c.export["indicators"]} for c in valid}
    for c in valid:
        for ind in c.export["indicators"]:
            if ind["id"] not in defs:
                order.append(ind["id"])
                defs[ind["id"]] = Counter()
            defs[ind["id"]][ind["definition"]] += 1
            first.setdefault((ind["id"], ind["definition"]), ind)
    indicators = []
    for ident in order:
        ref = defs[ident].most_common(1)[0][0]
        model = first[(ident, ref)]
        out = IndicatorRollup(ident, model["area"], model["short"], model["measure"], model["target"],
                              model["target_text"], ref)
        for c in valid:
            mine = by_id[c.source].get(ident)
            if mine is None:
                out.missing.append(c.source)
            elif mine["definition"] != ref:
                out.other.append(c.source)
            else:
                out.cells[c.source] = mine
        counts = Counter(cell["status"] for cell in out.cells.values())
        out.statuses = {s: counts.get(s, 0) for s in STATUS_VI}
        out.totals = _totals(list(out.cells.values()))
        indicators.append(out)
    year = next((c.export["plan"]["year"] for c in valid), None)
    return Rollup(communes, indicators, ref_period, year)
