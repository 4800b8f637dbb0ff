"""The notice's parts as Word paragraphs and tables (issue 22): scope, main problems, rankings by
kind of unit, follow-up of the last notice, escalation with the units summoned, indicator changes and
tasks, the closing (contact, signature, 抄送 / 印发) and the attachment by point."""
from __future__ import annotations

import io

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, RGBColor

from cocreate.present.i18n import fmt_date, t

from .notice_layout import RED, Doc, pct, tight

LIST_WORDS = {"red": "prob_list_red", "black": "prob_list_black"}
TREND_WORDS = {"up": "prob_trend_up", "down": "prob_trend_down", "same": "prob_trend_same", "new": "prob_trend_new"}
SOURCE_KEYS = {"暗访": "nt_src_visit", "巡查": "nt_src_patrol", "12345热线": "nt_src_hotline", "随手拍": "nt_src_photo"}
THUMB_CM = 1.6
GREY = RGBColor(0x59, 0x59, 0x59)


def _sep(lang):
    return "、" if lang == "zh" else ", "


def scope_text(data, lang: str) -> str:
    """The period's scope: points, point types, sources with counts, units, problems."""
    s = data.scope
    if not s or not s.get("problems"):
        return t("nt_scope_none", lang)
    sources = _sep(lang).join(t("nt_source_n", lang, n=n, source=t(SOURCE_KEYS[src], lang) if src in SOURCE_KEYS else src)
                              for src, n in s["sources"])
    return t("nt_scope", lang, sources=sources, points=s["points"], point_types=s["point_types"],
             units=s["units"], problems=s["problems"])


def main_problems(d: Doc, data) -> None:
    lang = d.lang
    d.heading(t("nt_s_main", lang))
    c = data.categories
    if c.empty:
        d.para(t("nt_scope_none", lang), indent=True)
        return
    d.para(t("nt_main_intro", lang), indent=True)
    rows = [[r["name"], r["problems"], r["points"],
             _sep(lang).join(t("nt_worst_item", lang, point=pt, n=n) for pt, n in r["worst"])]
            for r in c.to_dict("records")]
    d.table([t(k, lang) for k in ("nt_th_category", "nt_th_problems", "nt_th_points", "nt_th_worst")],
            rows, [3, 0.3, 0.3, 6], size=9)


def rankings(d: Doc, data) -> None:
    """One table per kind of unit, each with its red and black list under it."""
    lang = d.lang
    d.heading(t("nt_s_rank", lang))
    d.para(t("nt_group_note", lang), indent=True, keep=True)
    none = t("prob_nt_none", lang)
    header = [t(k, lang) for k in ("nt_th_rank", "nt_th_unit", "nt_th_found", "nt_th_due", "nt_th_fixed",
                                   "nt_th_on_time", "nt_th_overdue", "nt_th_rate", "nt_th_on_time_pct",
                                   "nt_th_repeat", "nt_th_trend", "nt_th_list")]
    for g in data.groups:
        p = d.para(t(f"nt_group_{g['kind']}", lang), bold=True, font="heading", keep=True)
        p.paragraph_format.space_before = 6
        recs = g["ranking"].to_dict("records")
        rows = [[x["rank"], x["unit_name"], x["found"], x["due"], x["rectified"], x["rectified_on_time"],
                 x["overdue_open"], pct(x["rate_pct"]), pct(x["on_time_pct"]), pct(x["repeat_pct"]),
                 t(TREND_WORDS[x["trend"]], lang) if x.get("trend") else "—",
                 t(LIST_WORDS[x["list"]], lang) if x["list"] else ""] for x in recs]
        shade = ["FDE9E7" if x["list"] == "red" else "E7E6E6" if x["list"] == "black" else None for x in recs]
        d.table(header, rows, [0.2, 3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.4, 0.3], size=8, shade=shade)
        pr = d.para(indent=True)
        d.run(pr, t("prob_nt_red", lang, units=_sep(lang).join(g["red"]) or none, k=g["k"]), bold=True, colour=RED)
        pb = d.para(indent=True)
        d.run(pb, t("prob_nt_black", lang, units=_sep(lang).join(g["black"]) or none, k=g["k"]), bold=True)
    d.para(t("prob_nt_rank_note", lang), size=9)


def follow_up(d: Doc, data) -> None:
    lang = d.lang
    d.heading(t("nt_s_follow", lang))
    f = data.follow_up
    prev = data.period.previous().code
    if f.empty:
        d.para(t("nt_follow_none", lang, prev=prev), indent=True)
        return
    n = {s: int((f["state"] == s).sum()) for s in ("verified", "rectified", "overdue")}
    d.para(t("nt_follow_line", lang, prev=prev, n=len(f), **n), indent=True)
    rows = [[r["problem_id"], r["unit"], r["point_name"], r["category_name"], r["deadline"], r["days_before"],
             r["level_name"], t(f"nt_state_{r['state']}", lang), "—" if r["days_now"] is None or r["days_now"] != r["days_now"]
             else int(r["days_now"])] for r in f.to_dict("records")]
    shade = ["FDE9E7" if r["state"] == "overdue" else None for r in f.to_dict("records")]
    d.table([t(k, lang) for k in ("prob_th_id", "nt_th_unit", "prob_th_point", "nt_th_category", "prob_th_deadline",
                                  "nt_th_days_before", "nt_th_level_before", "nt_th_state", "nt_th_days_now")],
            rows, [0.3, 1, 1.5, 1, 0.2, 0.2, 0.3, 0.3, 0.2], size=8, shade=shade)


def escalated(d: Doc, data) -> None:
    lang = d.lang
    d.heading(t("nt_s_escalate", lang))
    d.para(t("prob_nt_escalation_note", lang, supervision=data.thresholds.get("supervision", 7),
             talk=data.thresholds.get("talk", 15)), indent=True)
    if data.escalated.empty:
        d.para(t("prob_nt_no_escalation", lang), indent=True)
    else:
        e = data.escalated
        d.table([t(k, lang) for k in ("prob_th_id", "nt_th_unit", "prob_th_point", "nt_th_category",
                                      "prob_th_deadline", "prob_th_days_overdue", "prob_th_level")],
                e[["problem_id", "unit", "point", "category", "deadline", "days_overdue", "level"]].values.tolist(),
                [0.3, 1, 1.5, 1, 0.2, 0.2, 0.4], size=8)
        if data.extra.get("escalated"):
            d.para(t("prob_nt_more", lang, n=data.extra["escalated"]), size=9)
    s = data.summoned
    if s.empty:
        d.para(t("nt_summoned_none", lang), indent=True)
    else:
        units = _sep(lang).join(t("nt_summoned_unit", lang, unit=r["unit"], n=r["problems"], days=r["longest"])
                                for r in s.to_dict("records"))
        p = d.para(indent=True)
        d.run(p, t("nt_summoned", lang, units=units), bold=True)


def changes_and_tasks(d: Doc, data) -> None:
    _table_part(d, "nt_s_changes", data.indicator_changes, "prob_nt_no_changes",
                ("prob_th_title", "prob_th_indicator", "prob_th_before", "prob_th_after"), [1, 3, 0.5, 0.5],
                data.extra.get("changes"))
    _table_part(d, "nt_s_tasks", data.tasks_overdue, "prob_nt_no_tasks",
                ("prob_th_task", "prob_th_department", "prob_th_task_due", "prob_th_days_overdue"), [3, 1, 0.3, 0.2],
                data.extra.get("tasks"))


def _table_part(d: Doc, heading: str, rows, none_key: str, header_keys: tuple, widths: list, more) -> None:
    """A part that is a table, or a line saying there is nothing; `more` rows left out are counted under it."""
    lang = d.lang
    d.heading(t(heading, lang))
    if rows.empty:
        d.para(t(none_key, lang), indent=True)
        return
    d.table([t(k, lang) for k in header_keys], rows.values.tolist(), widths)
    if more:
        d.para(t("prob_nt_more", lang, n=more), size=9)


def closing(d: Doc, data, city: str, issued) -> None:
    """Attachment line, contact, signature and date kept together with the last paragraph before
    them (never a signature alone on a page), then the 抄送 / 印发 block between two rules, kept with
    the signature too (never the block alone on a page: the whole closing moves together)."""
    lang, st = d.lang, data.settings
    block = bool(st.get(f"cc_{lang}") or st.get(f"issued_by_{lang}"))
    d.para(t("nt_attachment_line", lang), indent=True, keep=True)
    if st.get(f"contact_{lang}"):
        d.para(t("nt_contact", lang, contact=st[f"contact_{lang}"]), indent=True, keep=True)
    d.para(keep=True)
    d.para(t("prob_nt_office", lang, city=city), align=WD_ALIGN_PARAGRAPH.RIGHT, keep=True)
    d.para(fmt_date(issued, lang), align=WD_ALIGN_PARAGRAPH.RIGHT, keep=block)
    if data.illustrative:
        d.para(t("prob_nt_illustrative", lang), size=9, colour=GREY, keep=block)
    if st.get("demo"):
        d.para(t("nt_settings_demo", lang), size=9, colour=GREY, keep=block)
    if block:
        d.rule(keep=True)
        if st.get(f"cc_{lang}"):
            tight(d.para(t("nt_cc", lang, cc=st[f"cc_{lang}"]), size=11 if lang == "zh" else 10, keep=True))
        d.rule(keep=True, size=6)
        p = d.para(size=11 if lang == "zh" else 10, keep=True)
        tight(p)
        d.run(p, st.get(f"issued_by_{lang}") or "", size=11 if lang == "zh" else 10)
        d.run(p, "    " + t("nt_issued_date", lang, date=fmt_date(issued, lang)), size=11 if lang == "zh" else 10)
        d.rule()


def attachment(d: Doc, data, reply) -> None:
    """A landscape section: this round's problems by point, with the date to report back by."""
    lang = d.lang
    sec = d.doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    d.para(t("nt_att_title", lang), bold=True, font="heading")
    d.para(t("nt_att_heading", lang), size=16 if lang == "zh" else 14, bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER, font="title")
    a = data.attachment
    if a.empty:
        d.para(t("nt_att_none", lang), indent=True)
        return
    d.para(t("nt_att_note", lang, n=len(a), date=fmt_date(reply, lang)), indent=True)
    if lang == "en" and data.extra.get("points_as_registered"):   # a point the ledger names in Chinese only
        d.para(t("nt_att_points_registered", lang), size=9, colour=GREY)
    yes = t("nt_photo_yes", lang)
    recs = a.to_dict("records")
    thumbs = [r.get("thumb") for r in recs]
    rows = [[i + 1, r["point_name"], r["type_name"], r["category_name"], r["description"], r["unit"],
             r["problem_id"], r["deadline"], "" if thumbs[i] else yes if r["photo"] else "—"]
            for i, r in enumerate(recs)]
    photo_cm = THUMB_CM + 0.3 if any(thumbs) else 0
    tbl = d.table(["#" if lang == "en" else "序号"] + [t(k, lang) for k in (
        "prob_th_point", "nt_th_type", "nt_th_category", "prob_th_description", "nt_th_unit", "prob_th_id",
        "prob_th_deadline", "nt_th_photo")], rows, [0.1, 2, 1, 1.5, 3.5, 1.2, 0.3, 0.2, 0.1], size=9,
        least=[0] * 8 + [photo_cm])
    for i, png in enumerate(thumbs):
        if png:   # a thumbnail of the photo taken when the problem was found
            tbl.rows[i + 1].cells[8].paragraphs[0].add_run().add_picture(io.BytesIO(png), width=Cm(THUMB_CM))
