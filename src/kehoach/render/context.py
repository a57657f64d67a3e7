"""The report context: engine results + plan metadata + the officer's notes, as one plain dict.

Both templates (Markdown and DOCX) and any user template read this and nothing else.
Its keys are documented in docs/report-context.md.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from kehoach.base.text import format_date_long
from kehoach.engine.attainment import Result, gap_list
from kehoach.engine.status import Status
from kehoach.plan.lookup import kinds_of
from kehoach.plan.shapes import Assessment, Plan

from .funding import funding_lines
from .prose import (activity_sentence, count_word, figure_words, never_reached, statement_sentence, target_words,
                    vn_date)

PLACEHOLDER = "[Cần bổ sung: {what} — ghi vào tệp --notes, mục «{key}»]"


def _placeholder(what: str, key: str) -> list[str]:
    return [PLACEHOLDER.format(what=what, key=key)]


def partial_date_text(value: str) -> str:
    """«ngày 02/3/2023»; a date without its day keeps a place for it: «ngày … tháng 3 năm 2023»."""
    parts = value.split("-")
    if len(parts) == 3:
        return "ngày " + vn_date(date(int(parts[0]), int(parts[1]), int(parts[2])))
    if len(parts) == 2:
        return f"ngày … tháng {int(parts[1])} năm {parts[0]}"
    return f"năm {parts[0]}"


def indicator_row(r: Result) -> dict:
    """One row of the annex (and of the chart): a target as judged, in short."""
    counted = r.target is not None and r.target.get("unit") == "count"
    return {"id": r.id, "short": r.short, "text": r.text, "target": r.target_text or "—", "result": r.result_text,
            "value": r.value, "count_target": float(r.target["value"]) if counted else None,
            "in_period": r.in_period.get("result_text", ""), "status": r.status, "status_vi": r.status_vi,
            "met": r.met, "percent": r.percent_capped, "gap_label": r.gap_label, "gaps": gap_list(r.gaps),
            "pending": gap_list(r.pending), "evidence": r.evidence}


def _area_kinds(plan: Plan, area) -> list[str]:
    """The activity kinds an area reports: those its indicators count and those serving its tasks, less the
    bookkeeping of qualitative assessments."""
    bookkeeping = {i.measure.activity for i in plan.indicators() if isinstance(i.measure, Assessment)}
    task_ids = {t.id for t in area.tasks}
    kinds: list[str] = []
    for ind in area.indicators:
        kinds += [k for k in sorted(kinds_of(ind)) if k not in kinds]
    kinds += [k for k, kind in plan.activity_kinds.items() if task_ids & set(kind.tasks) and k not in kinds]
    return [k for k in kinds if k not in bookkeeping]


def build_context(status: Status, notes: dict, number: str | None, report_date: date,
                  chart: str | None = None, has_chart: bool | None = None) -> dict:
    plan = status.plan
    meta = plan.meta
    period = status.period
    by_area: dict[str, list[Result]] = defaultdict(list)
    for r in status.results:
        by_area[r.area].append(r)
    year = status.plan_year
    period_start = max(period.start, year.start)
    by_kind = status.digest.gather(period_start, status.cutoff)
    shown = {r.id: r for r in status.results}
    areas = []
    for area in plan.areas:
        done = [activity_sentence(plan, k, by_kind[k]) for k in _area_kinds(plan, area) if by_kind.get(k)]
        if not done:
            done = ["Trong kỳ chưa ghi nhận hoạt động nào thuộc lĩnh vực này."]
        sentences = []
        for statement in area.statements:
            results = [shown[p.id] for p in statement.parts() if p.id in shown]
            if results:
                sentences.append({"id": statement.id, "sentence": statement_sentence(statement, results, plan)})
        areas.append({"id": area.id, "title": area.title, "heading": f"{area.id}. {area.title}",
                      "done": done, "notes": notes["ket_qua"].get(area.id, []), "indicators": sentences})
    placed = {k for area in plan.areas for k in _area_kinds(plan, area)}
    bookkeeping = {i.measure.activity for i in plan.indicators() if isinstance(i.measure, Assessment)}
    other_done = [activity_sentence(plan, k, by_kind[k]) for k in plan.activity_kinds
                  if by_kind.get(k) and k not in placed and k not in bookkeeping]
    indicators = [indicator_row(r) for r in status.results]
    met = [r for r in status.results if r.status == "dat"]
    unmet = [r for r in status.results if r.status in ("chua_dat", "cham_tien_do")]
    nodata = [r for r in status.results if r.status == "chua_co_du_lieu"]
    total = len(status.results)
    split = [s for s in plan.statements() if len(s.parts()) > 1]
    note = (" (" + "; ".join(f"chỉ tiêu {s.id} gồm {count_word(len(s.parts()))} vế, tính riêng từng vế" for s in split)
            + ")") if split else ""
    summary_line = (f"Lũy kế đến ngày {vn_date(status.cutoff)}, {count_word(len(met)) if met else 'chưa có'} "
                    f"chỉ tiêu đạt trên tổng số {count_word(total)} chỉ tiêu của kế hoạch{note}.")
    uu_diem = (["Các chỉ tiêu đã đạt: " + "; ".join(f"{r.short} (chỉ tiêu {r.id}): {figure_words(_ytd(r), r)}"
                                                      for r in met) + "."] if met else [])
    ton_tai = []
    if unmet:
        ton_tai.append("Các chỉ tiêu chưa đạt hoặc chậm tiến độ: " + "; ".join(
            f"{r.short} (chỉ tiêu {r.id}): {figure_words(_ytd(r), r)}, chỉ tiêu {target_words(r, plan)}"
            for r in unmet) + ".")
    unjudged = [r for r in nodata if r.denominator != 0]  # 0/0 is «nothing arose», not a shortcoming
    if unjudged:
        ton_tai.append("Chưa có số liệu để đánh giá: " + "; ".join(f"{r.short} (chỉ tiêu {r.id})" for r in unjudged)
                       + ".")
    next_tasks = _next_tasks(status)
    funding = funding_lines(plan, status.digest.gather(year.start, status.cutoff), by_kind)
    if funding is None:
        funding = notes["kinh_phi"] or _placeholder("kinh phí đã sử dụng trong kỳ và lũy kế", "kinh_phi")
    else:
        funding = funding + notes["kinh_phi"]
    recipients = list(plan.reporting.recipients or [f"{plan.reporting.recipient} (b/c)", "Lưu: VT"])
    drafting = plan.reporting.drafting_unit.strip()
    if drafting and recipients[-1].rstrip(";. ") == "Lưu: VT":
        recipients[-1] = f"Lưu: VT, {drafting}"  # Nghị định 30: the copy kept by the clerk and by the drafting unit
    recipients = [f"{x.rstrip(';.')};" for x in recipients[:-1]] + [f"{recipients[-1].rstrip(';.')}."]
    kind_code = plan.reporting.report_type
    title_line = f"Kết quả thực hiện {meta.short_title} {period.title}"
    plan_ref = f"Kế hoạch số {meta.number}" if meta.number.strip() else "Kế hoạch"
    opening = (f"Thực hiện {plan_ref} {partial_date_text(meta.date)} của {meta.issuer_short} về "
               f"{meta.title[0].lower() + meta.title[1:]}, {meta.issuer_short} báo cáo kết quả thực hiện "
               f"{period.title} như sau:")
    counts = status.counts
    return {
        "doc": {
            "parent_body": (meta.parent_body or "").upper(), "issuer": meta.issuer.upper(), "issuer_short": meta.issuer_short,
            "number": number or f"…/{kind_code}", "place": meta.place,
            "date": report_date.isoformat(), "date_long": format_date_long(report_date),
            "date_short": vn_date(report_date),
            "date_line": f"{meta.place}, {format_date_long(report_date)}",
            "type": "BÁO CÁO", "summary": title_line, "recipient": plan.reporting.recipient,
            "opening": opening,
            "closing": f"Trên đây là báo cáo kết quả thực hiện {meta.short_title} {period.title} "
                       f"của {meta.issuer_short}./.",
        },
        "plan": {"number": meta.number, "date": partial_date_text(meta.date), "title": meta.title,
                 "short_title": meta.short_title, "year": meta.year, "issuer_short": meta.issuer_short},
        "period": {"code": period.code, "kind": period.kind, "title": period.title,
                   "title_upper": period.title.upper(),
                   "start": period.start.isoformat(), "end": period.end.isoformat(),
                   "start_vi": vn_date(period.start), "end_vi": vn_date(period.end),
                   "span": (f"từ ngày {vn_date(period_start)} (ngày kế hoạch có hiệu lực) đến hết ngày "
                            f"{vn_date(period.end)}" if period_start > period.start else
                            f"từ ngày {vn_date(period.start)} đến hết ngày {vn_date(period.end)}"),
                   "rule": period.rule},
        "as_of": vn_date(status.cutoff),
        "summary_line": summary_line,
        "funding": funding,
        "funding_heading": f"{len(plan.areas) + 1 + bool(other_done)}. Kinh phí thực hiện",
        "other_heading": f"{len(plan.areas) + 1}. Các hoạt động khác" if other_done else "",
        "other_done": other_done,
        "plan_year": {"start_vi": vn_date(year.start), "end_vi": vn_date(year.end),
                      "start": year.start.isoformat(), "end": year.end.isoformat()},
        "areas": areas,
        "indicators": indicators,
        "summary": {"total": len(indicators), "met": counts.get("dat", 0), "on_track": counts.get("dung_tien_do", 0),
                    "behind": counts.get("cham_tien_do", 0), "not_met": counts.get("chua_dat", 0),
                    "no_data": counts.get("chua_co_du_lieu", 0), "activities": sum(g.weight for g in by_kind.values())},
        "assessment": {
            "uu_diem": uu_diem + (notes["uu_diem"] or _placeholder("nhận xét về ưu điểm", "uu_diem")),
            "ton_tai": ton_tai + (notes["ton_tai"] or _placeholder("tồn tại, hạn chế", "ton_tai")),
            "nguyen_nhan": notes["nguyen_nhan"] or _placeholder("nguyên nhân của tồn tại, hạn chế", "nguyen_nhan"),
        },
        "next_tasks": next_tasks,
        "next_notes": notes["phuong_huong"] or _placeholder("phương hướng, nhiệm vụ trọng tâm kỳ tới", "phuong_huong"),
        "proposals": notes["de_xuat"] or _placeholder("đề xuất, kiến nghị với cấp trên", "de_xuat"),
        "recipients": recipients,
        "signer": {"authority": meta.signer.authority.upper(), "position": meta.signer.position.upper(),
                   "name": meta.signer.name},
        "chart": chart,
        # what a bar is: the rate reached for a rate, the share of the number to reach for a count; the tick, the target
        "chart_caption": f"Biểu đồ 1. Kết quả lũy kế các chỉ tiêu {period.title} (tỷ lệ đạt được; chỉ tiêu số lượng "
                         "tính bằng % số phải đạt cả năm; vạch đen: mức phải đạt)",
        "annex_ref": "kết quả từng chỉ tiêu tại Phụ lục kèm theo Báo cáo này"
                     + (" (bảng và Biểu đồ 1)" if (chart is not None if has_chart is None else has_chart) else ""),
    }


def placeholder_keys(context: dict) -> list[str]:
    """The «[Cần bổ sung: …]» places the officer still has to write: the key of the notes file that fills each."""
    import re

    marker = PLACEHOLDER.split("{", 1)[0]
    paragraphs = ([p for v in context["assessment"].values() for p in v] + context["next_notes"]
                  + context["proposals"] + context["funding"])
    keys = [re.search(r"mục «([^»]*)»", p) for p in paragraphs if p.startswith(marker)]
    return [m.group(1) if m else "?" for m in keys]


def _ytd(r: Result) -> dict:
    return {"numerator": r.numerator, "denominator": r.denominator, "percent": r.percent, "result_text": r.result_text}


def _next_tasks(status: Status) -> list[str]:
    """III. Phương hướng: only what can still be done — places never reached, the month or quarter running, open
    cases (overdue first); never a month already past, which cannot be made up."""
    out: list[str] = []
    year_over = status.cutoff >= status.plan_year.end
    carried = False
    for r in status.results:
        if r.measure == "assessment":
            if r.status != "dat" and r.target_text:
                out.append(f"Phấn đấu đạt mức «{r.target_text}» đối với chỉ tiêu {r.id} ({r.short}).")
            continue
        missing = [g.name for g in never_reached(r)] if r.measure not in ("frequency", "timeliness") else []
        if missing and r.status != "dat":
            out.append(f"Thực hiện tại những nơi còn thiếu ({(r.gap_label or 'còn thiếu').lower()}): "
                       f"{', '.join(missing)} (chỉ tiêu {r.id}).")
        names = ", ".join(g.name for g in r.due_soon if g.name not in missing) if r.measure != "frequency" else ""
        if r.due_soon and (names or r.measure == "frequency"):  # a place never reached is listed once, above
            f = r.due_soon[0].facts
            where = f" tại: {names}" if names else ""
            out.append(f"Trong {f['window']} (đến hết ngày {vn_date(f['ends'])}), bảo đảm có hoạt động{where} "
                       f"(chỉ tiêu {r.id}).")
        if r.measure == "timeliness":
            for g in r.gaps + r.pending:
                f = g.facts
                if not f or f.get("handled") is not None:
                    continue
                what = f"{f.get('label') or 'vụ việc'} tiếp nhận ngày {vn_date(f['received'])}"
                if f.get("days_left") is None:
                    out.append(f"Khẩn trương xử lý dứt điểm {what}, đã quá hạn {f['late_days']} ngày "
                               f"(chỉ tiêu {r.id}).")
                else:
                    out.append(f"Xử lý {what} chậm nhất ngày {vn_date(f['deadline'])} (chỉ tiêu {r.id}).")
                carried = carried or year_over
            if any(g.facts and g.facts.get("handled") is not None for g in r.gaps):
                out.append(f"Rút kinh nghiệm việc xử lý chậm các vụ việc quá hạn (chỉ tiêu {r.id}).")
    if carried:
        out.append(f"Các vụ việc chưa xử lý xong được chuyển sang theo dõi, xử lý trong kế hoạch năm "
                   f"{status.plan.meta.year + 1}.")
    return out
