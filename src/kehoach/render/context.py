"""The report context: engine results + plan metadata + the officer's notes, as one plain dict.

Both templates (Markdown and DOCX) and any user template read this and nothing else.
Its keys are documented in docs/report-context.md.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from kehoach.base.text import format_date_long, format_number
from kehoach.engine.attainment import Result, gap_list
from kehoach.engine.status import Status
from kehoach.plan.lookup import kinds_of
from kehoach.plan.model import IntegerField, Plan, RefField

PLACEHOLDER = "[Cần bổ sung: {what} — ghi vào tệp --notes, mục «{key}»]"


def _placeholder(what: str, key: str) -> list[str]:
    return [PLACEHOLDER.format(what=what, key=key)]


def partial_date_text(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 3:
        return f"ngày {int(parts[2]):02d}/{int(parts[1])}/{parts[0]}"
    if len(parts) == 2:
        return f"tháng {int(parts[1])} năm {parts[0]}"
    return f"năm {parts[0]}"


def _sentence_done(plan: Plan, kind_id: str, acts) -> str:
    kind = plan.activity_kinds[kind_id]
    parts = [f"{kind.title}: {format_number(len(acts))} lượt"]
    for fid, spec in kind.fields.items():
        if isinstance(spec, IntegerField):
            total = sum(int(a.fields.get(fid) or 0) for a in acts)
            if total:
                parts.append(f"{spec.label.lower()}: {format_number(total)}")
        elif isinstance(spec, RefField):
            reached = {m for a in acts for m in (a.fields.get(fid) if isinstance(a.fields.get(fid), list)
                                                 else [a.fields.get(fid)]) if m}
            reg = plan.registries[spec.registry]
            total = len(reg.members)
            parts.append(f"{format_number(len(reached))}/{format_number(total)} {reg.member_label} được tiếp cận")
    return "; ".join(parts) + "."


def indicator_row(r: Result) -> dict:
    gaps = gap_list(r.gaps)
    pending = gap_list(r.pending)
    result = r.result_text
    in_period = r.in_period.get("result_text", "")
    sentence = f"Chỉ tiêu {r.id}: {r.text.rstrip('.')}. Kết quả lũy kế từ đầu năm: {result}"
    if r.target_text:
        sentence += f" (chỉ tiêu cả năm: {r.target_text})"
    sentence += f" — {r.status_vi}."
    if in_period:
        sentence += f" Trong kỳ: {in_period}."
    if r.gaps and r.status != "dat" and r.measure != "assessment":
        sentence += f" {r.gap_label or 'Còn thiếu'}: {gaps}."
    if r.pending:
        sentence += f" Đang xử lý: {pending}."
    if r.evidence:
        sentence += f" Minh chứng: {r.evidence}."
    counted = r.target is not None and r.target.get("unit") == "count"
    return {"id": r.id, "short": r.short, "text": r.text, "target": r.target_text or "—", "result": result,
            "value": r.value, "count_target": float(r.target["value"]) if counted else None,
            "in_period": in_period, "status": r.status, "status_vi": r.status_vi, "met": r.met, "percent": r.percent_capped,
            "gap_label": r.gap_label, "gaps": gaps, "pending": pending, "evidence": r.evidence,
            "sentence": sentence}


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
    activities = [a for a in status.activities if period_start <= a.date <= status.cutoff]
    by_kind: dict[str, list] = defaultdict(list)
    for a in activities:
        by_kind[a.kind].append(a)
    areas = []
    for area in plan.areas:
        results = by_area.get(area.id, [])
        task_ids = {t.id for t in area.tasks}
        kinds: list[str] = []
        for ind in area.indicators:
            kinds += [k for k in sorted(kinds_of(ind)) if k not in kinds]
        kinds += [k for k, kind in plan.activity_kinds.items() if task_ids & set(kind.tasks) and k not in kinds]
        done = [_sentence_done(plan, k, by_kind[k]) for k in kinds if by_kind.get(k)]
        if not done:
            done = ["Trong kỳ chưa ghi nhận hoạt động nào thuộc lĩnh vực này."]
        areas.append({"id": area.id, "title": area.title, "heading": f"{area.id}. {area.title}",
                      "done": done, "notes": notes["ket_qua"].get(area.id, []),
                      "indicators": [indicator_row(r) for r in results]})
    indicators = [indicator_row(r) for r in status.results]
    met = [i for i in indicators if i["status"] == "dat"]
    unmet = [i for i in indicators if i["status"] in ("chua_dat", "cham_tien_do")]
    nodata = [i for i in indicators if i["status"] == "chua_co_du_lieu"]
    uu_diem = ([f"Đạt {len(met)}/{len(indicators)} chỉ tiêu: " + "; ".join(f"{i['id']} ({i['short']})" for i in met) + "."]
               if met else [])
    ton_tai = []
    if unmet:
        ton_tai.append(f"{len(unmet)} chỉ tiêu chưa đạt hoặc chậm tiến độ: "
                       + "; ".join(f"{i['id']} ({i['short']}: {i['result']})" for i in unmet) + ".")
    if nodata:
        ton_tai.append("Chưa có số liệu: " + "; ".join(f"{i['id']} ({i['short']})" for i in nodata) + ".")
    next_tasks = []
    for r in status.results:
        if r.status in ("dat",) or not (r.gaps or r.pending):
            continue
        label = (r.gap_label or "còn thiếu").lower()
        names = ", ".join(g.name for g in r.gaps) if r.gaps else ""
        if r.measure == "assessment":
            target = ", ".join(r.target_text.split(", ")) if r.target_text else ""
            next_tasks.append(f"Chỉ tiêu {r.id} ({r.short}) — phấn đấu đạt mức: {target} (hiện: {r.result_text}).")
        elif names:
            next_tasks.append(f"Chỉ tiêu {r.id} ({r.short}) — {label}: {names}.")
        if r.pending:
            next_tasks.append(f"Chỉ tiêu {r.id}: hoàn thành xử lý " + ", ".join(g.name for g in r.pending) + ".")
    recipients = plan.reporting.recipients or [f"{plan.reporting.recipient} (b/c)", "Lưu: VT"]
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
            "parent_body": meta.parent_body.upper(), "issuer": meta.issuer.upper(), "issuer_short": meta.issuer_short,
            "number": number or f"…/{kind_code}", "place": meta.place,
            "date": report_date.isoformat(), "date_long": format_date_long(report_date),
            "date_short": f"{report_date:%d/%m/%Y}",
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
                   "start_vi": f"{period.start:%d/%m/%Y}", "end_vi": f"{period.end:%d/%m/%Y}",
                   "rule": period.rule},
        "as_of": f"{status.cutoff:%d/%m/%Y}",
        "plan_year": {"start_vi": f"{year.start:%d/%m/%Y}", "end_vi": f"{year.end:%d/%m/%Y}",
                      "start": year.start.isoformat(), "end": year.end.isoformat()},
        "areas": areas,
        "indicators": indicators,
        "summary": {"total": len(indicators), "met": counts.get("dat", 0), "on_track": counts.get("dung_tien_do", 0),
                    "behind": counts.get("cham_tien_do", 0), "not_met": counts.get("chua_dat", 0),
                    "no_data": counts.get("chua_co_du_lieu", 0), "activities": len(activities)},
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
        "chart_caption": f"Biểu đồ 1. Mức đạt lũy kế các chỉ tiêu {period.title} (% chỉ tiêu cả năm)",
        "annex_ref": "kết quả từng chỉ tiêu tại Phụ lục kèm theo Báo cáo này"
                     + (" (bảng và Biểu đồ 1)" if (chart is not None if has_chart is None else has_chart) else ""),
    }


def count_placeholders(context: dict) -> int:
    """How many «[Cần bổ sung: …]» places the officer still has to write."""
    marker = PLACEHOLDER.split("{", 1)[0]
    paragraphs = [p for v in context["assessment"].values() for p in v] + context["next_notes"] + context["proposals"]
    return sum(1 for p in paragraphs if p.startswith(marker))
