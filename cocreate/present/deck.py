"""The meeting deck (python -m cocreate deck): a 16:9 PPTX for an area, in Chinese or English.

Slides: a cover (city, date in China time, a demo-data notice when figures are illustrative), one
summary (per title: met x/n, status counts, days to inspection, veto items failing), one slide per
campaigned title (status bar drawn as shapes, the worst three indicators' trends as PNG images with
their figures), and the indicators behind across titles. A status is always a word and a colour.

The data part (`load`, `worst_indicators`, `facts`, `projector`) is shared with the presentation
page; nothing here imports streamlit.
"""
from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from cocreate.store import db
from cocreate.present.charts import STATUS_COLOURS, trend_chart, to_png
from cocreate.errors import CocreateError
from cocreate.present.i18n import fmt_date, pick, status_word, t
from cocreate.method.progress import check_area, check_title, title_progress, title_summary
from cocreate.method.status import STATUSES
from cocreate.present.tables import progress_display, sort_by_severity

CHINA_TZ = ZoneInfo("Asia/Shanghai")
CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT_EN = "Arial"
MAX_IMAGES = 15          # trend images per deck (3 each for 5 titles): ~0.3 s each, a deck in ~10 s
WORST_PER_TITLE = 3
BEHIND_ROWS_PER_SLIDE = 9
BEHIND = ("deteriorating", "off_track", "needs_acceleration")
# light fills need dark ink (the same rule as the app's status cells)
DARK_INK_STATUSES = {"on_track", "needs_acceleration", "insufficient_data"}
INK = "1F2A37"
MUTED = "6B7280"
ALERT = "C0392B"
# trend images: rendered at this size x3 and placed 4 in wide, so 20 px text reads as ~9 pt
IMG_W, IMG_H, IMG_SCALE = 640, 400, 3


def china_today() -> dt.date:
    """Today in China time, whatever the server's zone."""
    return dt.datetime.now(CHINA_TZ).date()


# ---------------------------------------------------------------- data (shared with the page)

@dataclass
class DeckData:
    area: dict
    titles: pd.DataFrame          # campaigns_for_area rows of the titles in the deck
    rated: pd.DataFrame           # rated title_progress rows for the area itself
    summary: pd.DataFrame         # title_summary of `rated`
    units: dict                   # indicator/measure code -> catalog row (gap in real units)
    latest_period: dt.date | None
    demo: bool
    today: dt.date
    as_of: dt.date | None = None
    series: dict = field(default_factory=dict)  # indicator code -> indicator_series frame


def load(con, area: str, title: str | None = None, as_of=None, today: dt.date | None = None) -> DeckData:
    """Everything the deck needs for an area (and one title, if given), from the named queries."""
    area = str(area)
    check_area(con, area)
    check_title(con, title)
    areas = db.run(con, "areas")
    area_row = areas[areas["code"] == area].iloc[0].to_dict()
    campaigns = db.run(con, "campaigns_for_area", area=area)
    titles = select_titles(campaigns, title)
    if title and titles.empty:
        raise CocreateError("pr_title_not_campaigned", title, title=title, area=area)
    rated = title_progress(con, area, title, as_of)
    rated = rated[(rated["area_code"] == area) & rated["title_code"].isin(titles["title_code"])]
    summary = title_summary(rated) if len(rated) else pd.DataFrame()
    bounds = db.run(con, "latest_period", area=area)
    latest = bounds["latest_period"].iloc[0] if len(bounds) else None
    latest = None if latest is None or pd.isna(latest) else pd.Timestamp(latest).date()
    if as_of is not None and latest is not None:
        latest = min(latest, pd.Timestamp(as_of).date())
    share = db.run(con, "demo_data_share")
    demo = bool(len(share) and int(share["n_illustrative"].iloc[0]) > 0)
    units = {r["code"]: r for r in db.run(con, "indicators").to_dict("records")}
    return DeckData(area=area_row, titles=titles, rated=rated, summary=summary, units=units,
                    latest_period=latest, demo=demo, today=today or china_today(),
                    as_of=pd.Timestamp(as_of).date() if as_of is not None else None)


def select_titles(campaigns: pd.DataFrame, title: str | None = None) -> pd.DataFrame:
    """The titles a deck covers: the one asked for, else every title (not benchmark) campaigned for."""
    if title:
        return campaigns[campaigns["title_code"] == title].reset_index(drop=True)
    return campaigns[campaigns["kind"] == "title"].reset_index(drop=True)


def worst_indicators(rated: pd.DataFrame, title_code: str, n: int = WORST_PER_TITLE) -> pd.DataFrame:
    """A title's indicators not met, worst first (deteriorating, off track, ...), at most n."""
    rows = rated[(rated["title_code"] == title_code) & (rated["status"] != "met") & rated["latest_value"].notna()]
    return sort_by_severity(rows).head(n)  # (an indicator with no figure at all has no trend to show)


def days_text(deadline, today: dt.date, lang: str) -> str:
    d = pd.Timestamp(deadline).date()
    days = (d - today).days
    return t("card_days", lang, days=days) if days >= 0 else t("card_days_past", lang, days=-days)


def _trim(text: str) -> str:
    """'≥ 36.00' -> '≥ 36' (thresholds read as the standard prints them)."""
    head, sep, tail = text.rpartition(" ")
    num = tail if sep else text
    if "." in num and num.replace(",", "").replace(".", "").isdigit():
        num = num.rstrip("0").rstrip(".")
    return f"{head} {num}" if sep else num


def facts(row: dict, units: dict, lang: str) -> dict:
    """The words of one indicator: value, threshold, status, projected date, gap (in real units)."""
    disp = progress_display(pd.DataFrame([row]), lang, units).iloc[0]
    unit = pick(row, "unit", lang)
    unit_sp = "" if not unit else (unit if unit in ("%", "‰") else " " + unit)
    value = disp[t("col_value", lang)]
    thr = _trim(disp[t("col_threshold", lang)])
    if row.get("direction") != "yes_no":
        value, thr = value + unit_sp, thr + unit_sp
    gap = disp[t("col_gap", lang)]
    return {
        "name": pick(row, "indicator_name", lang) + (" ★" if row.get("is_veto") else ""),
        "value": value,
        "threshold": thr,
        "period": disp[t("col_period", lang)],
        "status": row["status"],
        "status_word": status_word(row["status"], lang),
        "projected": disp[t("col_projected", lang)],
        "gap": "" if gap == "—" or row.get("direction") == "yes_no" else gap + unit_sp,
        "gap_units": disp[t("col_gap_units", lang)],
        "dept": pick(row, "lead_dept", lang),
    }


def projector(fig, *, font: int = 20, height: int | None = None, title: str | None = None):
    """Restyle a chart for a projector or a slide: bigger text, thicker lines, tighter margins."""
    fig.update_layout(font=dict(size=font), title=dict(text=title, font=dict(size=font + 4)) if title is not None else None,
                      legend=dict(font=dict(size=font - 3), y=-0.14),
                      margin=dict(l=70, r=24, t=70 if title else 46, b=80))
    if height:
        fig.update_layout(height=height)
    fig.update_annotations(font_size=font - 2)
    fig.update_xaxes(tickfont=dict(size=font - 2))
    fig.update_yaxes(tickfont=dict(size=font - 2), title_font=dict(size=font - 2))
    return fig


def trend_figure(con, data: DeckData, row: dict, lang: str, title: str | None = None, font: int = 20,
                 height: int | None = None):
    """The trend chart of one rated indicator row, styled for a slide (series cached on `data`)."""
    code = row["indicator_code"]
    if code not in data.series:
        data.series[code] = db.run(con, "indicator_series", indicator=code, areas=[data.area["code"]],
                                   as_of=data.as_of)
    series = data.series[code]
    if series.empty:
        return None
    fig = trend_chart(series, indicator=row, rated=row, lang=lang, title=title or "")
    return fit_trend_range(projector(fig, font=font, height=height, title=title), series, row)


def fit_trend_range(fig, series: pd.DataFrame, row: dict):
    """Time axis from the first figure to just past the inspection date (plotly's autorange runs
    years beyond it), with the inspection label on the inner side of its line so it is not cut."""
    deadline = row.get("deadline")
    if deadline is None or pd.isna(deadline) or series.empty:
        return fig
    end = max(pd.Timestamp(deadline), pd.Timestamp(series["period"].max())) + pd.DateOffset(months=4)
    start = pd.Timestamp(series["period"].min()) - pd.DateOffset(months=2)
    fig.update_xaxes(range=[start, end])
    dl_ms = pd.Timestamp(deadline).timestamp() * 1000
    for ann in fig.layout.annotations:
        if ann.x is not None and isinstance(ann.x, (int, float)) and abs(ann.x - dl_ms) < 1:
            ann.xanchor = "right"
    return fig


def allocate_images(counts: list[int], cap: int = MAX_IMAGES) -> list[int]:
    """How many trend images each title gets: round-robin over the titles' worst indicators, so
    the cap never leaves a title without its worst one while titles remain."""
    out = [0] * len(counts)
    left = cap
    while left > 0:
        moved = False
        for i, n in enumerate(counts):
            if left > 0 and out[i] < n:
                out[i] += 1
                left -= 1
                moved = True
        if not moved:
            break
    return out


def behind_across_titles(data: DeckData, lang: str) -> list[dict]:
    """One row per indicator behind in any title, worst status first, with each title's threshold."""
    r = data.rated[data.rated["status"].isin(BEHIND)]
    if r.empty:
        return []
    short = {x["title_code"]: pick(x, "short", lang) for x in data.titles.to_dict("records")}
    rows = []
    for code, g in sort_by_severity(r).groupby("indicator_code", sort=False):
        first = g.iloc[0].to_dict()  # the worst rating of this indicator
        titles = []
        for x in g.to_dict("records"):
            thr = facts(x, data.units, lang)["threshold"]
            titles.append(f"{short.get(x['title_code'], x['title_code'])} {thr}")
        f = facts(first, data.units, lang)
        f["titles"] = " · ".join(titles)
        rows.append(f)
    return rows


# ---------------------------------------------------------------- the PPTX

def _pptx():
    try:
        import pptx  # noqa: F401
    except ModuleNotFoundError as exc:  # pragma: no cover - requirements.txt pins it
        raise CocreateError("pr_deck_failed", str(exc), reason="python-pptx is not installed") from exc
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Emu, Inches, Pt
    return dict(Presentation=Presentation, RGBColor=RGBColor, MSO_SHAPE=MSO_SHAPE, MSO_ANCHOR=MSO_ANCHOR,
                PP_ALIGN=PP_ALIGN, qn=qn, Emu=Emu, Inches=Inches, Pt=Pt)


class _Deck:
    """Thin drawing helpers over python-pptx: every run carries the fonts of the language."""

    def __init__(self, lang: str):
        self.p = _pptx()
        self.lang = lang
        self.prs = self.p["Presentation"]()
        self.prs.slide_width = self.p["Inches"](13.333)
        self.prs.slide_height = self.p["Inches"](7.5)
        self.blank = self.prs.slide_layouts[6]

    def rgb(self, hex_colour: str):
        return self.p["RGBColor"].from_string(hex_colour.lstrip("#").upper())

    def slide(self):
        return self.prs.slides.add_slide(self.blank)

    def style_run(self, run, size: float, bold: bool = False, colour: str = INK) -> None:
        qn = self.p["qn"]
        f = run.font
        f.size = self.p["Pt"](size)
        f.bold = bold
        f.color.rgb = self.rgb(colour)
        f.name = CJK_FONT if self.lang == "zh" else LATIN_FONT_EN
        rpr = run._r.get_or_add_rPr()
        rpr.set("lang", "zh-CN" if self.lang == "zh" else "en-GB")
        latin = rpr.find(qn("a:latin"))
        prev = latin
        for tag in ("a:ea", "a:cs"):  # East Asian text takes the ea typeface in PowerPoint
            el = rpr.find(qn(tag))
            if el is None:
                el = rpr.makeelement(qn(tag), {})
                prev.addnext(el)
            el.set("typeface", CJK_FONT)
            prev = el

    def write(self, frame, lines, size: float = 18, colour: str = INK, bold: bool = False,
              align: str = "left", anchor: str = "top", spacing: float = 1.1, margin: float = 0.06) -> None:
        """Fill a text frame: `lines` are strings or lists of (text, {size, bold, colour}) runs."""
        P = self.p
        frame.word_wrap = True
        frame.vertical_anchor = {"top": P["MSO_ANCHOR"].TOP, "middle": P["MSO_ANCHOR"].MIDDLE,
                                 "bottom": P["MSO_ANCHOR"].BOTTOM}[anchor]
        for side in ("margin_left", "margin_right"):
            setattr(frame, side, P["Inches"](margin))
        for side in ("margin_top", "margin_bottom"):
            setattr(frame, side, P["Inches"](0.03))
        if isinstance(lines, str):
            lines = [lines]
        for i, line in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.alignment = {"left": P["PP_ALIGN"].LEFT, "center": P["PP_ALIGN"].CENTER,
                              "right": P["PP_ALIGN"].RIGHT}[align]
            para.line_spacing = spacing
            runs = [(line, {})] if isinstance(line, str) else line
            for text, opts in runs:
                run = para.add_run()
                run.text = text
                self.style_run(run, opts.get("size", size), opts.get("bold", bold), opts.get("colour", colour))

    def text(self, slide, x, y, w, h, lines, **kw):
        I = self.p["Inches"]
        box = slide.shapes.add_textbox(I(x), I(y), I(w), I(h))
        self.write(box.text_frame, lines, **kw)
        return box

    def rect(self, slide, x, y, w, h, fill: str, line: str | None = None, rounded: bool = False):
        I = self.p["Inches"]
        shape_type = self.p["MSO_SHAPE"].ROUNDED_RECTANGLE if rounded else self.p["MSO_SHAPE"].RECTANGLE
        s = slide.shapes.add_shape(shape_type, I(x), I(y), I(w), I(h))
        s.fill.solid()
        s.fill.fore_color.rgb = self.rgb(fill)
        if line:
            s.line.color.rgb = self.rgb(line)
            s.line.width = self.p["Pt"](1.5)
        else:
            s.line.fill.background()
        s.shadow.inherit = False
        return s

    def badge(self, slide, x, y, w, h, status: str, text: str, size: float = 14):
        """A status as a coloured box with its word (never colour alone)."""
        s = self.rect(slide, x, y, w, h, STATUS_COLOURS.get(status, "#999999"), rounded=True)
        ink = "111827" if status in DARK_INK_STATUSES else "FFFFFF"
        self.write(s.text_frame, text, size=size, bold=True, colour=ink, align="center", anchor="middle",
                   spacing=1.0)
        return s

    def heading(self, slide, text: str, sub: str | None = None) -> None:
        self.rect(slide, 0, 0, 13.333, 0.12, "0072B2")
        self.text(slide, 0.5, 0.3, 12.3, 0.75, text, size=30, bold=True, anchor="middle")
        if sub:
            self.text(slide, 0.5, 1.02, 12.3, 0.45, sub, size=16, colour=MUTED)

    def footer(self, slide, text: str) -> None:
        self.text(slide, 0.5, 7.05, 12.3, 0.35, text, size=10, colour=MUTED)

    def picture(self, slide, png: bytes, x, y, w):
        I = self.p["Inches"]
        return slide.shapes.add_picture(io.BytesIO(png), I(x), I(y), width=I(w))

    def table(self, slide, x, y, w, widths, header, rows, header_fills=None, cell_fills=None,
              size: float = 14, header_size: float = 14, row_h: float = 0.5):
        """A plain table: header row (optionally coloured per column), body rows of text,
        cell_fills[(r, c)] = (fill, ink) paints single cells (status words)."""
        I, P = self.p["Inches"], self.p
        n_rows = len(rows) + 1
        gf = slide.shapes.add_table(n_rows, len(header), I(x), I(y), I(w), I(row_h * n_rows))
        tbl = gf.table
        tbl.first_row = True
        tbl.horz_banding = False
        total = sum(widths)
        for i, wdt in enumerate(widths):
            tbl.columns[i].width = P["Emu"](int(I(w) * wdt / total))
        for r in range(n_rows):
            tbl.rows[r].height = I(row_h)
        header_fills = header_fills or {}
        cell_fills = cell_fills or {}
        for c, text in enumerate(header):
            cell = tbl.cell(0, c)
            fill, ink = header_fills.get(c, ("1F2A37", "FFFFFF"))
            cell.fill.solid()
            cell.fill.fore_color.rgb = self.rgb(fill)
            cell.text_frame.text = ""
            cell.vertical_anchor = P["MSO_ANCHOR"].MIDDLE
            self.write(cell.text_frame, text, size=header_size, bold=True, colour=ink,
                       align="left" if c == 0 else "center", anchor="middle", spacing=1.0, margin=0.03)
        for r, row in enumerate(rows, start=1):
            for c, text in enumerate(row):
                cell = tbl.cell(r, c)
                fill, ink = cell_fills.get((r - 1, c), ("FFFFFF" if r % 2 else "F3F4F6", INK))
                cell.fill.solid()
                cell.fill.fore_color.rgb = self.rgb(fill)
                cell.text_frame.text = ""
                cell.vertical_anchor = P["MSO_ANCHOR"].MIDDLE
                bold = (r - 1, c) in cell_fills
                self.write(cell.text_frame, str(text), size=size, bold=bold, colour=ink,
                           align="left" if c == 0 else "center", anchor="middle", spacing=1.0)
        return tbl

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()


def _status_fill(status: str) -> tuple[str, str]:
    return STATUS_COLOURS.get(status, "#999999"), ("111827" if status in DARK_INK_STATUSES else "FFFFFF")


def _cover(d: _Deck, data: DeckData, lang: str) -> None:
    s = d.slide()
    d.rect(s, 0, 0, 13.333, 7.5, "F3F6FA")
    d.rect(s, 0, 0, 0.35, 7.5, "0072B2")
    d.text(s, 1.0, 1.3, 11.3, 1.2, pick(data.area, "name", lang), size=54, bold=True)
    d.text(s, 1.0, 2.55, 11.3, 0.8, t("pr_cover_title", lang), size=30, colour="0072B2", bold=True)
    d.text(s, 1.0, 3.35, 11.3, 0.6, t("pr_cover_sub", lang), size=20, colour=MUTED)
    names = ("、" if lang == "zh" else ", ").join(pick(r, "name", lang) for r in data.titles.to_dict("records"))
    lines = []
    if names:
        lines.append(t("pr_cover_titles", lang, titles=names))
    if data.latest_period:
        lines.append(t("pr_cover_data", lang, period=fmt_date(data.latest_period, lang, month_only=True)))
    lines.append(t("pr_cover_made", lang, date=fmt_date(data.today, lang)))
    d.text(s, 1.0, 4.25, 11.3, 1.4, lines, size=18)
    if data.demo:
        box = d.rect(s, 1.0, 5.95, 11.3, 0.85, "FFF4E0", line="E69F00", rounded=True)
        d.write(box.text_frame, t("demo_banner", lang), size=15, colour="7A4B00", anchor="middle")


def _summary(d: _Deck, data: DeckData, lang: str) -> None:
    s = d.slide()
    d.heading(s, t("pr_summary_heading", lang, area=pick(data.area, "name", lang)))
    by_title = {r["title_code"]: r for r in data.summary.to_dict("records")} if len(data.summary) else {}
    header = [t("col_title", lang), t("pr_col_met", lang)] + [status_word(x, lang) for x in STATUSES] \
        + [t("pr_col_days", lang), t("pr_col_veto", lang)]
    fills = {2 + i: _status_fill(x) for i, x in enumerate(STATUSES)}
    rows, cell_fills = [], {}
    for i, tr in enumerate(data.titles.to_dict("records")):
        sm = by_title.get(tr["title_code"])
        days = (pd.Timestamp(tr["deadline"]).date() - data.today).days
        when = t("pr_days", lang, days=days) if days >= 0 else t("pr_days_past", lang, days=-days)
        if sm is None:
            rows.append([pick(tr, "name", lang), "—"] + [""] * len(STATUSES) + [when, ""])
            continue
        veto = data.rated[(data.rated["title_code"] == tr["title_code"]) & data.rated["is_veto"].astype(bool)
                          & (data.rated["status"] != "met")]
        veto_txt = ("、" if lang == "zh" else ", ").join(pick(r, "indicator_name", lang) for r in veto.to_dict("records"))
        rows.append([pick(tr, "name", lang), f"{sm['n_met']}/{sm['n_indicators']}"]
                    + [str(sm[f"n_{x}"]) if sm[f"n_{x}"] else "·" for x in STATUSES]
                    + [when, veto_txt or t("pr_none", lang)])
        if veto_txt:
            cell_fills[(i, len(header) - 1)] = ("FDE2E1", ALERT)
    widths = [2.4, 0.9] + [1.15] * len(STATUSES) + [1.3, 1.3]
    row_h = min(0.85, 5.2 / (len(rows) + 1))  # fill the slide: big rows read from the back of the room
    d.table(s, 0.5, 1.45, 12.3, widths, header, rows, header_fills=fills, cell_fills=cell_fills,
            size=20 if lang == "zh" else 17, header_size=14 if lang == "zh" else 10, row_h=row_h)
    # a proportional bar per title under the table is the chart; here the words carry it
    d.footer(s, t("pr_summary_note", lang))


def _status_bar(d: _Deck, s, data: DeckData, sm: dict, lang: str, y: float) -> None:
    """The title's status counts: a proportional bar (colours) with a word + count badge row."""
    n = max(int(sm["n_indicators"]), 1)
    x = 0.5
    for st_ in STATUSES:
        k = int(sm[f"n_{st_}"])
        if not k:
            continue
        w = 12.3 * k / n
        d.rect(s, x, y, w, 0.22, STATUS_COLOURS[st_])
        x += w
    x = 0.5
    for st_ in STATUSES:
        k = int(sm[f"n_{st_}"])
        if not k:
            continue
        text = f"{status_word(st_, lang)} {k}"
        w = 0.35 + 0.2 * len(text) if lang == "zh" else 0.3 + 0.105 * len(text)
        d.badge(s, x, y + 0.32, w, 0.42, st_, text, size=14)
        x += w + 0.12


def _title_slide(d: _Deck, con, data: DeckData, tr: dict, n_images: int, lang: str) -> None:
    s = d.slide()
    code = tr["title_code"]
    sm = next((r for r in data.summary.to_dict("records") if r["title_code"] == code), None) \
        if len(data.summary) else None
    deadline = pd.Timestamp(tr["deadline"]).date()
    sub = None
    if sm is not None:
        sub = t("pr_title_sub", lang, met=sm["n_met"], n=sm["n_indicators"], date=fmt_date(deadline, lang),
                when=days_text(deadline, data.today, lang))
    d.heading(s, f"{pick(tr, 'name', lang)} · {pick(data.area, 'name', lang)}", sub)
    if sm is None:
        d.text(s, 0.5, 1.8, 12.3, 0.6, t("no_data", lang), size=20)
        return
    _status_bar(d, s, data, sm, lang, 1.5)
    y = 2.35
    veto = data.rated[(data.rated["title_code"] == code) & data.rated["is_veto"].astype(bool)
                      & (data.rated["status"] != "met")]
    if len(veto):
        d.text(s, 0.5, y, 12.3, 0.4, t("veto_warning", lang, items="、".join(
            pick(r, "indicator_name", lang) for r in veto.to_dict("records"))), size=14, bold=True, colour=ALERT)
        y += 0.37
    worst = worst_indicators(data.rated, code)
    if worst.empty:
        d.text(s, 0.5, y + 0.2, 12.3, 0.6, t("pr_all_met", lang), size=24, bold=True, colour="009E73")
        return
    col_w, gap = 4.0, 0.15
    for i, row in enumerate(worst.to_dict("records")):
        x = 0.5 + i * (col_w + gap)
        f = facts(row, data.units, lang)
        img_h = col_w * IMG_H / IMG_W
        if i < n_images:
            fig = trend_figure(con, data, row, lang, font=20)
            if fig is not None:
                d.picture(s, to_png(fig, width=IMG_W, height=IMG_H, scale=IMG_SCALE), x, y, col_w)
        ty = y + img_h + 0.05
        name_size = 15 if lang == "zh" else 14
        d.text(s, x, ty, col_w - 1.45, 0.62, f["name"], size=name_size, bold=True)
        d.badge(s, x + col_w - 1.4, ty + 0.04, 1.4, 0.38, f["status"], f["status_word"],
                size=13 if lang == "zh" else 10.5)
        lines = [[(t("pr_fact_value", lang, value=f["value"], period=f["period"]), {"bold": True})],
                 t("pr_fact_threshold", lang, threshold=f["threshold"])]
        if f["gap_units"]:
            lines.append(t("pr_fact_gap_units", lang, units=f["gap_units"]))
        elif f["gap"]:
            lines.append(t("pr_fact_gap", lang, gap=f["gap"]))
        lines.append(t("pr_fact_projected", lang, date=f["projected"]))
        lines.append([(t("pr_fact_dept", lang, dept=f["dept"]), {"colour": MUTED, "size": 12})])
        d.text(s, x, ty + 0.62, col_w, 7.35 - ty - 0.62, lines, size=14 if lang == "zh" else 13, spacing=1.0)
    n_behind = int((data.rated["title_code"] == code).sum() - sm["n_met"]) - len(worst)
    if n_behind > 0:
        d.footer(s, t("pr_more_behind", lang, n=n_behind))


def _closing(d: _Deck, data: DeckData, lang: str) -> None:
    rows = behind_across_titles(data, lang)
    pages = max(1, math.ceil(len(rows) / BEHIND_ROWS_PER_SLIDE))
    header = [t("col_indicator", lang), t("pr_col_titles", lang), t("col_value", lang), t("col_status", lang),
              t("col_projected", lang), t("pr_col_needed", lang)]
    for p in range(pages):
        s = d.slide()
        heading = t("pr_behind_heading", lang) if pages == 1 else \
            t("pr_behind_heading_part", lang, i=p + 1, n=pages)
        d.heading(s, heading + " · " + pick(data.area, "name", lang))
        chunk = rows[p * BEHIND_ROWS_PER_SLIDE:(p + 1) * BEHIND_ROWS_PER_SLIDE]
        if not chunk:
            d.text(s, 0.5, 1.6, 12.3, 0.6, t("pr_no_behind", lang), size=24, bold=True, colour="009E73")
            continue
        body, fills = [], {}
        for i, f in enumerate(chunk):
            body.append([f["name"], f["titles"], f["value"], f["status_word"], f["projected"],
                         f["gap_units"] or f["gap"] or "—"])
            fills[(i, 3)] = _status_fill(f["status"])
        d.table(s, 0.5, 1.3, 12.3, [2.7, 3.1, 1.6, 1.3, 2.0, 1.6], header, body, cell_fills=fills,
                size=13 if lang == "zh" else 12, header_size=14 if lang == "zh" else 12, row_h=0.56)
        d.footer(s, t("pr_behind_note", lang))


def build_deck(con, area: str, lang: str = "zh", title: str | None = None, as_of=None,
               today: dt.date | None = None, max_images: int = MAX_IMAGES) -> bytes:
    """The deck as PPTX bytes."""
    lang = lang if lang in ("zh", "en") else "zh"
    data = load(con, area, title, as_of, today)
    d = _Deck(lang)
    _cover(d, data, lang)
    _summary(d, data, lang)
    title_rows = data.titles.to_dict("records")
    counts = [len(worst_indicators(data.rated, tr["title_code"])) for tr in title_rows]
    for tr, n_img in zip(title_rows, allocate_images(counts, max_images)):
        _title_slide(d, con, data, tr, n_img, lang)
    _closing(d, data, lang)
    return d.save()


def write_deck(con, area: str, out, lang: str = "zh", title: str | None = None, **kw) -> Path:
    """Build the deck and write it to `out` (parent folders are made); returns the path."""
    blob = build_deck(con, area, lang, title, **kw)
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
    except OSError as exc:
        raise CocreateError("pr_write_failed", str(exc), path=str(path), reason=exc.strerror or str(exc)) from exc
    return path
