"""The weekly notice as a Word document (python-docx), laid out as a creation office sends it:
red-header office name, issue number, period, summary, the unit ranking, red and black lists,
escalated overdue problems, indicators that changed status, overdue tasks, what is asked.
Chinese text gets an East Asian font (w:eastAsia: 仿宋 body, 黑体 headings, 宋体 title); where
those fonts are missing, Word, WPS and LibreOffice substitute (Noto Serif/Sans CJK on Linux)."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cocreate.present.i18n import fmt_date, t

from .notice_data import NoticeData

RED = RGBColor(0xC0, 0x00, 0x00)
FONTS = {"zh": {"body": "仿宋", "heading": "黑体", "title": "宋体", "latin": "Times New Roman"},
         "en": {"body": "Calibri", "heading": "Calibri", "title": "Calibri", "latin": "Calibri"}}
LIST_WORDS = {"red": "prob_list_red", "black": "prob_list_black"}
TREND_WORDS = {"up": "prob_trend_up", "down": "prob_trend_down", "same": "prob_trend_same", "new": "prob_trend_new"}


def set_fonts(rpr_owner, east_asia: str, latin: str) -> None:
    """Give a run or style both a Latin and an East Asian font (w:rFonts ascii/hAnsi/eastAsia),
    dropping theme fonts, which would otherwise win in Word."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), value)
    fonts.set(qn("w:hint"), "eastAsia")


class _Doc:
    def __init__(self, lang: str):
        self.lang = lang
        self.f = FONTS[lang]
        self.doc = Document()
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height, sec.orientation = Cm(21.0), Cm(29.7), WD_ORIENT.PORTRAIT
        sec.left_margin = sec.right_margin = Cm(2.2)
        sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(12 if lang == "zh" else 11)
        set_fonts(normal.element, self.f["body"], self.f["latin"])
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.3
        lang_el = OxmlElement("w:lang")
        lang_el.set(qn("w:val"), "en-GB")
        lang_el.set(qn("w:eastAsia"), "zh-CN")
        normal.element.get_or_add_rPr().append(lang_el)

    def para(self, text="", size=None, bold=False, colour=None, align=None, font="body", indent=False):
        p = self.doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent and self.lang == "zh":
            p.paragraph_format.first_line_indent = Pt(24)
        if text:
            self.run(p, text, size, bold, colour, font)
        return p

    def run(self, p, text, size=None, bold=False, colour=None, font="body"):
        r = p.add_run(text)
        set_fonts(r._r, self.f[font], self.f["latin"])
        r.bold = bold
        if size:
            r.font.size = Pt(size)
        if colour is not None:
            r.font.color.rgb = colour
        return r

    def heading(self, text):
        p = self.para(text, size=14 if self.lang == "zh" else 13, bold=True, font="heading")
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        return p

    def red_rule(self):
        """The red line under a red-header document (a bottom border on an empty paragraph)."""
        p = self.doc.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
            bottom.set(qn(k), v)
        bdr.append(bottom)
        ppr.append(bdr)

    def table(self, header: list[str], rows: list[list], widths_cm: list[float], size=9, shade=None):
        tbl = self.doc.add_table(rows=1, cols=len(header))
        tbl.style = "Table Grid"
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, h in enumerate(header):
            cell = tbl.rows[0].cells[i]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(cell.paragraphs[0], h, size, True, font="heading")
            _shade(cell, "D9D9D9")
        _repeat_header(tbl.rows[0])
        for k, row in enumerate(rows):
            cells = tbl.add_row().cells
            for i, v in enumerate(row):
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if isinstance(v, str) and i > 0 \
                    and len(v) > 6 else WD_ALIGN_PARAGRAPH.CENTER
                self.run(cells[i].paragraphs[0], _cell(v), size)
                if shade and shade[k]:
                    _shade(cells[i], shade[k])
        # Word and WPS lay a table out from its grid columns, LibreOffice from the cells: set both, no autofit
        tbl.autofit = False
        for i, w in enumerate(widths_cm):
            tbl.columns[i].width = Cm(w)
        for row in tbl.rows:
            for i, w in enumerate(widths_cm):
                row.cells[i].width = Cm(w)
        return tbl


def _cell(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _pct(v, lang) -> str:
    return "—" if v is None or pd.isna(v) else f"{v:.1f}%"


def summary_text(data: NoticeData, lang: str = "zh") -> str:
    """The headline sentence: found, due, put right, rates, and the overdue count at the end of the
    period's last day (report.overdue_open, the same rule as the page's card and overdue list)."""
    s = data.summary
    return t("prob_nt_summary", lang, found=s["found"], due=s["due"], rectified=s["rectified"],
             rate=_pct(100 * s["rectified"] / s["due"] if s["due"] else None, lang),
             on_time=_pct(100 * s["rectified_on_time"] / s["due"] if s["due"] else None, lang),
             overdue=s["overdue_open"], supervision=s["supervision"], talk=s["talk"],
             end=fmt_date(data.period.end, lang))


def build_docx(data: NoticeData, lang: str = "zh") -> bytes:
    """The notice as .docx bytes."""
    d = _Doc(lang)
    p = data.period
    city = data.city_row.get(f"name_{lang}") or data.city_row.get("name_zh")
    sep = "、" if lang == "zh" else ", "
    # red header
    d.para(t("prob_nt_office", lang, city=city), size=20 if lang == "zh" else 16, bold=True, colour=RED,
           align=WD_ALIGN_PARAGRAPH.CENTER, font="title")
    issue = p.code.split("W")[-1].lstrip("0") if p.kind == "week" else p.code[5:]
    d.para(t("prob_nt_issue", lang, year=p.start.isocalendar()[0] if p.kind == "week" else p.start.year, n=issue),
           align=WD_ALIGN_PARAGRAPH.CENTER)
    d.red_rule()
    d.para(t("prob_nt_title_week", lang), size=18 if lang == "zh" else 15, bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER, font="title")
    d.para(t("prob_nt_period", lang, start=fmt_date(p.start, lang), end=fmt_date(p.end, lang), code=p.code),
           align=WD_ALIGN_PARAGRAPH.CENTER)
    d.para(t("prob_nt_to", lang))
    d.para(t("prob_nt_intro", lang, period_word=t(f"prob_nt_period_{p.kind}", lang)), indent=True)

    d.heading(t("prob_nt_s1", lang))
    d.para(summary_text(data, lang), indent=True)

    d.heading(t("prob_nt_s2", lang))
    r = data.ranking
    header = [t(k, lang) for k in ("prob_th_rank", "prob_th_unit", "prob_th_found", "prob_th_due",
                                   "prob_th_rectified", "prob_th_on_time", "prob_th_overdue_open",
                                   "prob_th_rate", "prob_th_on_time_pct", "prob_th_repeat", "prob_th_trend",
                                   "prob_th_list")]
    rows = [[_cell(x["rank"]), x["unit_name"], x["found"], x["due"], x["rectified"], x["rectified_on_time"],
             x["overdue_open"], _pct(x["rate_pct"], lang), _pct(x["on_time_pct"], lang), _pct(x["repeat_pct"], lang),
             t(TREND_WORDS[x["trend"]], lang) if x.get("trend") else "—",
             t(LIST_WORDS[x["list"]], lang) if x["list"] else ""] for x in r.to_dict("records")]
    shade = ["FDE9E7" if x["list"] == "red" else "E7E6E6" if x["list"] == "black" else None for x in r.to_dict("records")]
    d.table(header, rows, [1.1, 3.4, 1.2, 1.0, 1.2, 1.2, 1.3, 1.5, 1.5, 1.4, 1.3, 1.3], size=8, shade=shade)
    d.para(t("prob_nt_rank_note", lang), size=9)

    d.heading(t("prob_nt_s3", lang))
    none = t("prob_nt_none", lang)
    pr = d.para(indent=True)
    d.run(pr, t("prob_nt_red", lang, units=sep.join(data.red) or none, k=data.list_places), bold=True, colour=RED)
    pb = d.para(indent=True)
    d.run(pb, t("prob_nt_black", lang, units=sep.join(data.black) or none, k=data.list_places), bold=True)

    d.heading(t("prob_nt_s4", lang))
    d.para(t("prob_nt_escalation_note", lang, supervision=data.thresholds.get("supervision", 7),
             talk=data.thresholds.get("talk", 15)), indent=True)
    if data.escalated.empty:
        d.para(t("prob_nt_no_escalation", lang), indent=True)
    else:
        e = data.escalated
        d.table([t(k, lang) for k in ("prob_th_id", "prob_th_unit", "prob_th_point", "prob_th_category",
                                      "prob_th_deadline", "prob_th_days_overdue", "prob_th_level")],
                e[["problem_id", "unit", "point", "category", "deadline", "days_overdue", "level"]].values.tolist(),
                [2.6, 2.6, 3.6, 3.0, 2.2, 1.4, 1.4])
        if data.extra.get("escalated"):
            d.para(t("prob_nt_more", lang, n=data.extra["escalated"]), size=9)

    d.heading(t("prob_nt_s5", lang))
    if data.indicator_changes.empty:
        d.para(t("prob_nt_no_changes", lang), indent=True)
    else:
        d.table([t(k, lang) for k in ("prob_th_title", "prob_th_indicator", "prob_th_before", "prob_th_after")],
                data.indicator_changes.values.tolist(), [3.0, 8.0, 2.8, 2.8])
        if data.extra.get("changes"):
            d.para(t("prob_nt_more", lang, n=data.extra["changes"]), size=9)

    d.heading(t("prob_nt_s6", lang))
    if data.tasks_overdue.empty:
        d.para(t("prob_nt_no_tasks", lang), indent=True)
    else:
        d.table([t(k, lang) for k in ("prob_th_task", "prob_th_department", "prob_th_task_due", "prob_th_days_overdue")],
                data.tasks_overdue.values.tolist(), [8.6, 3.4, 2.4, 2.2])
        if data.extra.get("tasks"):
            d.para(t("prob_nt_more", lang, n=data.extra["tasks"]), size=9)

    d.para(closed_unmet_line(data, lang), indent=True)   # tasks closed while their indicator is not met

    d.heading(t("prob_nt_s7", lang))
    d.para(t("prob_nt_demands", lang), indent=True)
    d.para()
    d.para(t("prob_nt_office", lang, city=city), align=WD_ALIGN_PARAGRAPH.RIGHT)
    d.para(fmt_date(p.end + dt.timedelta(days=1), lang), align=WD_ALIGN_PARAGRAPH.RIGHT)
    if data.illustrative:
        d.para(t("prob_nt_illustrative", lang), size=9, colour=RGBColor(0x59, 0x59, 0x59))
    buf = io.BytesIO()
    d.doc.core_properties.title = t("prob_nt_title_week", lang) + " " + p.code
    d.doc.save(buf)
    return buf.getvalue()


def closed_unmet_line(data: NoticeData, lang: str = "zh") -> str:
    """One line: how many tasks are closed while an indicator they name is still not met, listed."""
    rows = data.tasks_closed_unmet
    sep = "；" if lang == "zh" else "; "
    items = sep.join(f"{r['task_id']} {r['task']}（{r['indicators']}）" if lang == "zh"
                     else f"{r['task_id']} {r['task']} ({r['indicators']})" for r in rows.to_dict("records"))
    return t("task_nt_closed_unmet", lang, n=len(rows),
             items=t("task_nt_closed_unmet_items", lang, items=items) if len(rows) else ("。" if lang == "zh" else "."))


def summary_markdown(data: NoticeData, lang: str = "zh") -> str:
    """A short markdown text for a group robot: the headline figures and the two lists."""
    p = data.period
    city = data.city_row.get(f"name_{lang}") or data.city_row.get("name_zh")
    sep = "、" if lang == "zh" else ", "
    none = t("prob_nt_none", lang)
    lines = [f"### {city} · {t('prob_nt_title_week', lang)} · {p.code}",
             summary_text(data, lang),
             "> " + t("prob_nt_red", lang, units=sep.join(data.red) or none, k=data.list_places),
             "> " + t("prob_nt_black", lang, units=sep.join(data.black) or none, k=data.list_places)]
    if data.illustrative:
        lines.append(t("prob_nt_illustrative", lang))
    return "\n\n".join(lines)
