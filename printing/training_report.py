"""The trainee report of a practice run (培训练习报告).

What the trainer files and talks through with the trainee: who practised, when, with which
trainer; each scenario with its score, the time taken and the hints used; then for each
scenario every mistake as a sentence and what a good clerk does (the scenario's debrief).
A4 portrait vector PDF, CJK subset embedded, always in Chinese, with the training mark on
every page: it is a training document, never a counter one.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from printing import fonts, page
from printing.page import TRAINING_RGB

OUTCOMES = {"accepted": "受理", "notified": "一次性告知", "refused": "不予受理"}
DOCUMENTS = {"receipt": "受理回执", "notice": "一次性告知书", "refusal": "不予受理决定书"}

# A sentence per mistake code (workstation.training.Mistake); {names} from its detail.
MISTAKES = {
    "no_case": "本情景没有办结任何案件（未受理、未告知也未拒绝）。",
    "wrong_item": "选错了事项：办成了“{chosen}”。",
    "wrong_applicant": "申请人信息有误：应为“{expected}”，录入的是“{recorded}”。",
    "agent_missing": "未登记代理人“{expected}”。",
    "agent_unexpected": "申请人本人办理，却登记了代理人“{recorded}”。",
    "wrong_agent": "代理人信息有误：应为“{expected}”，录入的是“{recorded}”。",
    "wrong_answer": "情形“{question}”应选“{expected}”，选了“{chosen}”。",
    "material_not_recorded": "申请人已提交“{material}”，但未勾选收到。",
    "material_wrongly_flagged": "“{material}”符合要求，却被标为有缺陷、容缺或电子证照。",
    "material_not_brought": "申请人没有提交“{material}”，却记为已收到。",
    "defect_missed": "“{material}”有问题（{note}），却当作合格材料收下。",
    "licence_not_used": "“{material}”可用电子证照代替（Ctrl+L），未使用。",
    "tolerance_not_used": "“{material}”可以容缺受理，应勾选容缺并填写补交日期。",
    "wrong_outcome": "办理结果应为“{expected}”，实际为“{chosen}”。",
    "notice_omits": "一次性告知书漏列了“{material}”。",
    "notice_extra": "一次性告知书多列了“{material}”（该材料并不欠缺）。",
    "refusal_reason": "不予受理的理由未说明要点（{keywords}）。",
    "document_not_printed": "未打印{document}交给申请人。",
    "hints_used": "使用了 {count} 次提示。",
    "over_time": "用时约 {minutes} 分钟，超过了 {limit} 分钟的时限。",
}


def mistake_sentence(code: str, detail: Mapping[str, str]) -> str:
    """The report's sentence for a mistake (an unknown code: the code itself)."""
    values = dict(detail)
    for key in ("expected", "chosen"):
        if values.get(key) in OUTCOMES:
            values[key] = OUTCOMES[values[key]]
    if "document" in values:
        values["document"] = DOCUMENTS.get(values["document"], values["document"])
    values.setdefault("note", "")
    try:
        return MISTAKES[code].format(**values)
    except (KeyError, IndexError):
        return code


@dataclass(frozen=True)
class ScenarioLine:
    title: str
    score: int | None  # None: not reached (the run was stopped)
    seconds: float
    hints: int
    case_number: str
    mistakes: Sequence[tuple[str, str, int]]  # (code, sentence, points lost)
    debrief: str


@dataclass(frozen=True)
class Report:
    trainee: str
    trainer: str
    started_at: dt.datetime  # local time
    finished_at: dt.datetime | None
    total: int | None
    lines: Sequence[ScenarioLine]
    planned: int  # scenarios chosen for the run


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}分{rest:02d}秒"


def render(report: Report, *, watermark: str) -> bytes:
    """The report as PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = fonts.register()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=13)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=1)
    heading = ParagraphStyle("heading", parent=body, fontSize=12.5, leading=20,
                             spaceBefore=8)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(page.escape(text), style)

    ended = (f"{report.finished_at:%Y-%m-%d %H:%M}" if report.finished_at is not None
             else "未结束")
    total = "—" if report.total is None else f"{report.total} 分"
    story: list[Any] = [
        p("培训练习报告", title), Spacer(1, 4 * mm),
        p(f"学员：{report.trainee}　　培训老师：{report.trainer or '—'}"),
        p(f"开始：{report.started_at:%Y-%m-%d %H:%M}　　结束：{ended}"),
        p(f"完成情景：{sum(1 for x in report.lines if x.score is not None)} / "
          f"{report.planned}　　总分（按全部情景平均）：{total}"),
        Spacer(1, 5 * mm),
    ]
    rows = [[p("序号", small), p("情景", small), p("得分", small), p("用时", small),
             p("提示", small), p("案件编号", small)]]
    for number, line in enumerate(report.lines, 1):
        rows.append([p(str(number), small), p(line.title, small),
                     p("—" if line.score is None else str(line.score), small),
                     p(_duration(line.seconds), small), p(str(line.hints), small),
                     p(line.case_number or "—", small)])
    table = Table(rows, colWidths=[11 * mm, 62 * mm, 14 * mm, 21 * mm, 12 * mm, 50 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(table)
    for number, line in enumerate(report.lines, 1):
        score = "未完成" if line.score is None else f"{line.score} 分"
        story.append(p(f"{number}. {line.title}（{score}）", heading))
        if line.mistakes:
            story += [p(f"· {sentence}（扣 {points} 分）") for _, sentence, points in
                      line.mistakes]
        elif line.score is not None:
            story.append(p("· 全部正确。"))
        story.append(p(f"要点：{line.debrief}", small))
    story += [Spacer(1, 10 * mm), p("学员（签字）：　　　　　　　　培训老师（签字）：")]

    def decorate(canvas: Any, _doc: Any) -> None:
        page.diagonal_mark(canvas, font, watermark, rgb=TRAINING_RGB, size=54)

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=18 * mm, title="培训练习报告")
    pdf.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
