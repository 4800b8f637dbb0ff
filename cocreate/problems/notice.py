"""The weekly notice as a Word document (python-docx), laid out as a creation office sends it:
red-header office name, issue number, title, period, addressees, the basis (rules by document
number), the scope and summary, main problems by category, the rankings of districts and of city
departments each with its red and black list, the follow-up of the last notice's overdue problems,
escalated problems and the units summoned, indicators that changed status, overdue tasks, what is
asked, contact, signature, 抄送 / 印发, and the attachment of this round's problems by point
(landscape section). Layout helpers: notice_layout; the parts' tables: notice_sections."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from docx.enum.text import WD_ALIGN_PARAGRAPH

from cocreate.present.i18n import fmt_date, t

from . import notice_sections as sec
from .notice_data import NoticeData
from .notice_layout import RED, Doc, set_fonts  # noqa: F401  (set_fonts: kept importable from here)


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
    """The notice as .docx bytes: the notice, then the attachment in a landscape section."""
    d = Doc(lang)
    p = data.period
    city = data.city_row.get(f"name_{lang}") or data.city_row.get("name_zh")
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
    basis = data.settings.get(f"basis_{lang}") or t("nt_no_settings_basis", lang)
    d.para(t("nt_intro_basis", lang, basis=basis, period_word=t(f"prob_nt_period_{p.kind}", lang)), indent=True)

    d.heading(t("nt_s_total", lang))
    d.para(sec.scope_text(data, lang), indent=True)
    d.para(summary_text(data, lang), indent=True)
    sec.main_problems(d, data)
    sec.rankings(d, data)
    sec.follow_up(d, data)
    sec.escalated(d, data)
    sec.changes_and_tasks(d, data)
    d.para(closed_unmet_line(data, lang), indent=True)   # tasks closed while their indicator is not met

    d.heading(t("nt_s_asked", lang))
    reply = p.end + dt.timedelta(days=1 + int(data.settings.get("reply_days") or 5))
    d.para(t("prob_nt_demands", lang) + ("" if lang == "zh" else " ") + t("nt_reply", lang, date=fmt_date(reply, lang)),
           indent=True, keep=True)
    sec.closing(d, data, city, p.end + dt.timedelta(days=1))
    sec.attachment(d, data, reply)
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
    """A short markdown text for a group robot: the headline figures and the red and black lists as
    the notice gives them (one pair per kind of unit: districts, city departments)."""
    p = data.period
    city = data.city_row.get(f"name_{lang}") or data.city_row.get("name_zh")
    sep = "、" if lang == "zh" else ", "
    none = t("prob_nt_none", lang)
    lines = [f"### {city} · {t('prob_nt_title_week', lang)} · {p.code}",
             summary_text(data, lang)]
    groups = data.groups or [{"kind": None, "red": data.red, "black": data.black, "k": data.list_places}]
    for g in groups:
        head = f"**{t('nt_group_short_' + g['kind'], lang)}** " if g["kind"] else ""
        lines.append("> " + head + t("prob_nt_red", lang, units=sep.join(g["red"]) or none, k=g["k"]))
        lines.append("> " + head + t("prob_nt_black", lang, units=sep.join(g["black"]) or none, k=g["k"]))
    if data.illustrative:
        lines.append(t("prob_nt_illustrative", lang))
    return "\n\n".join(lines)
