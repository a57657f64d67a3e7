"""The report's sentences in the voice of a commune report, from the journal and the engine's results. Pure.

- What was done in the period, one sentence per activity kind: the plan's `phrasing.template` when it gives one
  («Tổ chức {n} buổi tuyên truyền tại {thon_tren_tong} ({hinh_thuc}), thu hút {so_nguoi} lượt người tham dự»),
  else «<tên loại>: 06 lượt; …». Template variables: `{n}` (activities, or distinct members of `phrasing.count`),
  every field of the kind — a number field is its sum, a choice field its values («họp thôn, loa truyền thanh»)
  and `{x_dem}` with counts («02 tin báo, 01 tố giác»), a registry field the members reached («05 thôn») and
  `{x_tren_tong}` out of the registry («05/07 thôn»), a text field its values in «…» (never for a sensitive kind).
- Counts under ten take a leading zero («06 buổi»), as administrative writing does; dates are written as
  Nghị định 30 writes them (a leading zero for days under ten and for January and February: 05/4/2023,
  05/01/2024); symbols become words («ít nhất 100%», «trên 90%»); cases are described by kind and date, never by
  their journal id.
"""

from __future__ import annotations

import string
from datetime import date

from kehoach.base.text import format_number, format_percent
from kehoach.engine.attainment import Result
from kehoach.journal.digest import Gathered
from kehoach.plan.shapes import ChoiceField, EntryField, IndicatorField, IntegerField, Plan, RefField, TextField

OP_WORDS = {">=": "ít nhất", ">": "trên", "<=": "không quá", "<": "dưới", "=": "bằng"}
STATUS_WORDS = {"dat": "đạt", "dung_tien_do": "đúng tiến độ", "cham_tien_do": "chậm tiến độ",
                "chua_dat": "chưa đạt", "chua_co_du_lieu": "chưa có dữ liệu để đánh giá"}


def count_word(n: int | float) -> str:
    """06, 12, 1.029: a whole count under ten with a leading zero."""
    if float(n).is_integer() and 0 < n < 10:
        return f"{int(n):02d}"
    return format_number(n)


def vn_date(d: date) -> str:
    """05/4/2023, 14/12/2023, 05/01/2024: a leading zero for days under ten and for months 1 and 2."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


# ---------------------------------------------------------------- what was done



def _listing(items: list[str]) -> str:
    return ", ".join(dict.fromkeys(items))


def lower_first(text: str) -> str:
    """«Họp thôn» → «họp thôn», but «HIV/AIDS» stays: only a capital followed by a small letter is lowered."""
    if text and text[0].isupper() and (len(text) == 1 or not text[1].isupper()):
        return text[0].lower() + text[1:]
    return text


def kind_variables(plan: Plan, kind_id: str, acts: Gathered) -> dict[str, str]:
    """The words of a kind's activities (gathered from the journal's digest: each value once, in the order it first
    appears, with the times it was recorded)."""
    kind = plan.activity_kinds[kind_id]
    ph = kind.phrasing
    out: dict[str, str] = {}
    # free text is said only where a template names it, or in a default sentence on three activities at most
    texts = {name for _, name, _, _ in string.Formatter().parse(ph.template) if name} if ph and ph.template else \
        (None if acts.weight <= 3 else set())
    for fid, spec in kind.fields.items():
        if isinstance(spec, TextField) and texts is not None and fid not in texts:
            continue
        values = acts.values(fid) if not isinstance(spec, IntegerField) else []
        if isinstance(spec, IntegerField):
            out[fid] = count_word(acts.total(fid))
        elif isinstance(spec, RefField):
            reg = plan.registries[spec.registry]
            reached = len({v for v, _ in values})
            out[fid] = f"{count_word(reached)} {reg.member_label}"
            out[f"{fid}_tren_tong"] = f"{count_word(reached)}/{count_word(len(reg.members))} {reg.member_label}"
        elif isinstance(spec, ChoiceField):
            words = [(lower_first(str(v)), n) for v, n in values]
            out[fid] = _listing([w for w, _ in words])
            counts: dict[str, int] = {}
            for w, n in words:
                counts[w] = counts.get(w, 0) + n
            out[f"{fid}_dem"] = ", ".join(f"{count_word(c)} {v}" for v, c in counts.items())
        elif isinstance(spec, TextField):
            out[fid] = "" if kind.sensitive else _listing([f"«{v}»" for v, _ in values])
        elif not isinstance(spec, (EntryField, IndicatorField)):  # journal ids never reach a report
            out[fid] = _listing([str(v) for v, _ in values])
    n = len({v for v, _ in acts.values(ph.count)}) if ph and ph.count else acts.weight
    out["n"] = count_word(n)
    return out


class _Vars(dict):
    def __missing__(self, key):  # a field nothing was recorded in: left out rather than failing the report
        return ""


def activity_sentence(plan: Plan, kind_id: str, acts: Gathered) -> str:
    """One sentence for the activities of a kind in the period."""
    kind = plan.activity_kinds[kind_id]
    ph = kind.phrasing
    values = kind_variables(plan, kind_id, acts)
    if ph and ph.template:
        text = string.Formatter().vformat(ph.template, (), _Vars(values))
        text = " ".join(text.replace("()", "").split())
        return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
    if ph and ph.verb:
        head = f"{ph.verb[0].upper()}{ph.verb[1:]} {values['n']} {ph.unit_word or 'lượt'}"
    else:
        head = f"{kind.title}: {values['n']} lượt"
    parts = [head]
    for fid, spec in kind.fields.items():
        if ph and fid == ph.count:
            continue
        v = values.get(f"{fid}_tren_tong") or values.get(fid)
        if not v or (isinstance(spec, IntegerField) and v == "0"):
            continue
        if isinstance(spec, TextField) and acts.weight > 3:
            continue  # a long list of free text belongs in the officer's notes, not in a summary line
        parts.append(v if isinstance(spec, RefField) else f"{lower_first(spec.label)}: {v}")
    return "; ".join(parts) + "."


# ---------------------------------------------------------------- indicators in words

def target_words(r: Result, plan: Plan) -> str:
    t = r.target
    if t is None:
        return "mức «" + r.target_text + "»" if r.target_text else "theo kế hoạch"
    op, unit = t["operator"], r.unit_label
    if t["unit"] == "percent":
        return f"{OP_WORDS[op]} {format_percent(t['value'])}"
    if t["unit"] == "fraction":
        return f"{OP_WORDS[op]} {t['value']} {unit}".strip()
    if op == "=" and not t["value"]:
        return "không để phát sinh"
    words = f"{OP_WORDS[op]} {format_number(t['value'])} {unit}".strip()
    if t.get("baseline"):
        b = t["baseline"]
        change = t.get("change_percent") or 0
        how = f"{'giảm' if change < 0 else 'tăng'} {format_number(abs(change))}% " if change else ""
        words += f" ({how}so với {b['label'] or 'số liệu gốc'}: {format_number(b['value'])} {unit})".replace(" )", ")")
    return words


def figure_words(fig: dict, r: Result) -> str:
    """«đạt 71,4% (05/07 thôn)», «350 người», «không phát sinh»."""
    num, den = fig.get("numerator"), fig.get("denominator")
    text = fig.get("result_text", "")
    if r.measure == "assessment":
        return f"được đánh giá «{text}»" if text and text != "chưa đánh giá" else "chưa được đánh giá"
    if den is None:
        return f"{count_word(num or 0)} {r.unit_label}".strip() if num is not None else text
    if not den:
        return "không phát sinh"
    label = text.split(" · ")[0].split(" ", 1)[1] if " " in text.split(" · ")[0] else ""
    return f"đạt {format_percent(fig['percent'])} ({count_word(num)}/{count_word(den)} {label})".replace(" )", ")")


def case_words(g) -> str:
    """A case by its kind and date: «tố giác tiếp nhận ngày 05/4/2023, xử lý ngày 10/5/2023 (sau 35 ngày,
    quá hạn 15 ngày so với thời hạn 20 ngày)»."""
    f = g.facts
    what = f"{f['label'] or 'vụ việc'} tiếp nhận ngày {vn_date(f['received'])}"
    if f.get("days_left") is not None:
        return f"{what}, còn {f['days_left']} ngày (hạn {vn_date(f['deadline'])})"
    if f.get("handled") is not None:
        days = (f["handled"] - f["received"]).days
        return (f"{what}, xử lý ngày {vn_date(f['handled'])} (sau {days} ngày, quá hạn {f['late_days']} ngày so với "
                f"thời hạn {f['limit']} ngày)")
    return f"{what}, chưa xử lý, quá hạn {f['late_days']} ngày (thời hạn {f['limit']} ngày)"


def never_reached(r: Result) -> list:
    """Members with nothing at all recorded (not those reached but missing a month or quarter)."""
    return [g for g in r.gaps if not (g.facts and g.facts.get("missed"))]


def not_kept_up(r: Result) -> list:
    return [g for g in r.gaps if g.facts and g.facts.get("missed")]


def gap_words(r: Result) -> str:
    """What is still missing, in words («Chưa tuyên truyền: Thôn 3, Thôn 6.»); cases without their ids."""
    out = []
    if r.gaps and r.status != "dat" and r.measure != "assessment":
        if r.measure == "timeliness":
            items = "; ".join(case_words(g) for g in r.gaps)
        elif r.measure == "frequency":
            items = ", ".join(g.name for g in r.gaps)
        else:
            items = ", ".join(g.name for g in never_reached(r))
        if items:
            out.append(f"{r.gap_label or 'Còn thiếu'}: {items}.")
        kept = not_kept_up(r)
        if kept:
            out.append("Có thực hiện nhưng không duy trì đủ: " + "; ".join(
                f"{g.name} (không có trong {', '.join(g.facts['missed'])})" for g in kept) + ".")
    if r.pending:
        out.append("Đang xử lý: " + "; ".join(case_words(g) if g.facts else g.text() for g in r.pending) + ".")
    return " ".join(out)


def scope_words(plan: Plan, part) -> str:
    """Why a registry figure counts fewer members than were reached: «chỉ tính cơ sở dễ phát sinh tệ nạn mại dâm»."""
    m = part.measure
    registry, filters = None, []
    if getattr(m, "kind", "") == "coverage":
        registry, filters = m.registry, m.members_where
    elif getattr(m, "kind", "") == "ratio" and getattr(m.denominator, "source", "") == "registry":
        registry, filters = m.denominator.registry, m.denominator.members_where
    if not registry or not filters:
        return ""
    reg = plan.registries[registry]
    words = []
    for f in filters:
        spec = reg.attributes.get(f.field)
        label = lower_first(spec.label) if spec else f.field
        if spec is not None and spec.type == "yesno":
            words.append(label if True in f.values else f"không {label}")
        else:
            words.append(f"{label}: {', '.join(str(v) for v in f.values)}")
    return f"chỉ tính {reg.member_label} " + "; ".join(words)


def judged_words(r: Result, plan: Plan, part=None) -> str:
    """«lũy kế từ đầu năm đạt 71,4% (05/07 thôn), so với chỉ tiêu ít nhất 100%: chậm tiến độ; trong kỳ 05/07 thôn»."""
    if r.measure == "assessment":
        rated = r.result_text and r.result_text != "chưa đánh giá"
        got = f"được đánh giá «{r.result_text}»" if rated else "chưa được đánh giá"
        return f"{got}, so với chỉ tiêu {target_words(r, plan)}: {STATUS_WORDS[r.status]}"
    if r.denominator == 0 and r.status == "chua_co_du_lieu":
        return f"từ đầu năm đến nay không phát sinh {r.unit_label or 'trường hợp'} nào để đánh giá"
    if r.result_text.startswith("kế hoạch có hiệu lực"):
        return f"chưa đánh giá ({r.result_text})"
    ytd = figure_words({"numerator": r.numerator, "denominator": r.denominator, "percent": r.percent,
                        "result_text": r.result_text}, r)
    scope = scope_words(plan, part) if part is not None else ""
    if scope:
        ytd = ytd[:-1] + f", {scope})" if ytd.endswith(")") else f"{ytd} ({scope})"
    words = f"lũy kế từ đầu năm {ytd}, so với chỉ tiêu {target_words(r, plan)}: {STATUS_WORDS[r.status]}"
    period = r.in_period
    if period and period.get("result_text") and r.measure != "assessment":
        same = (period.get("numerator"), period.get("denominator")) == (r.numerator, r.denominator)
        if not same:
            words += f"; trong kỳ {figure_words(period, r)}"
    return words


def statement_sentence(statement, results: list[Result], plan: Plan) -> str:
    """One sentence for an indicator as the plan writes it, each of its targets judged («a) …; b) …»)."""
    text = statement.text.rstrip(".")
    parts = {p.id: p for p in statement.parts()}
    if len(results) == 1:
        r = results[0]
        sentence = f"Chỉ tiêu {statement.id}: {text}. Kết quả: {judged_words(r, plan, parts.get(r.id))}."
        extra = gap_words(r)
        return sentence + (f" {extra}" if extra else "") + (f" Minh chứng: {r.evidence}." if r.evidence else "")
    lines = []
    for letter, r in zip("abcdefghijklmnopqrstuvwxyz", results):
        line = f"{letter}) {r.short}: {judged_words(r, plan, parts.get(r.id))}"
        extra = gap_words(r)
        lines.append(line + (f". {extra.rstrip('.')}" if extra else ""))
    return f"Chỉ tiêu {statement.id}: {text}. Kết quả: " + "; ".join(lines) + "."
