"""The meeting deck (python -m cocreate deck): a 16:9 PPTX for an area, in Chinese or English.

Slides: a cover (city, date in China time, a demo-data notice when figures are illustrative), one
summary (per title: met x/n of the rated, the standard's size, status counts, days to inspection,
veto items failing), one slide per campaigned title (status bar drawn as shapes, the worst three
indicators' trends as stamped PNG images with their figures and flags), and the indicators behind
across titles. A status is always a word and a colour.

What goes on the slides is in deck_content.py (shared with the presentation page), the drawing in
deck_pptx.py; this module lays the slides out.
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd

from cocreate.errors import CocreateError
from cocreate.method.status import STATUSES
from cocreate.present.charts import STATUS_COLOURS, to_png
from cocreate.present.deck_content import (BEHIND, BEHIND_ROWS_PER_SLIDE, MAX_IMAGES, WORST_PER_TITLE,  # noqa: F401
                                           DeckData, allocate_images, behind_across_titles, china_today,
                                           days_text, facts, fit_trend_range, load, projector, select_titles,
                                           trend_figure, worst_indicators)
from cocreate.present.deck_services import services_slide
from cocreate.present.deck_pptx import ALERT, MUTED, _Deck, _status_fill, fit_size, row_height_in
from cocreate.present.honesty import coverage_text, demo_text
from cocreate.present.i18n import fmt_date, pick, status_word, t

# trend images: rendered at this size x3 and placed 4 in wide, so 20 px text reads as ~9 pt
IMG_W, IMG_H, IMG_SCALE = 640, 400, 3


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
        d.write(box.text_frame, demo_text(data.city, *data.demo_counts, lang), size=13, colour="7A4B00", anchor="middle")


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
        total = sm.get("indicators_in_standard")
        of_standard = t("pr_of_standard", lang, n=int(total)) if total is not None and not pd.isna(total) else ""
        rows.append([pick(tr, "name", lang), f"{sm['n_met']}/{sm['n_indicators']}" + (f"\n{of_standard}" if of_standard else "")]
                    + [str(sm[f"n_{x}"]) if sm[f"n_{x}"] else "·" for x in STATUSES]
                    + [when, veto_txt or t("pr_none", lang)])
        if veto_txt:
            cell_fills[(i, len(header) - 1)] = ("FDE2E1", ALERT)
    # the met column holds "4/8" over "标准 125 项" (zh, two lines); English status words in the
    # header need ~1.1 in not to break inside a word ("Deteriorating")
    widths = ([2.4, 1.8] + [0.95] * len(STATUSES) + [1.1, 1.1] if lang == "zh"
              else [2.4, 1.35] + [1.1] * len(STATUSES) + [1.0, 0.95])
    row_h = min(0.85, 5.2 / (len(rows) + 1))  # fill the slide: big rows read from the back of the room
    size = (20 if lang == "zh" else 17) if len(rows) <= 5 else (18 if lang == "zh" else 14)
    inches = [12.3 * w / sum(widths) for w in widths]
    size, head_size, heights = _fit_rows(header, rows, inches, size, 14 if lang == "zh" else 10,
                                         room=7.0 - 1.45, least=row_h, smallest=9)
    d.table(s, 0.5, 1.45, 12.3, widths, header, rows, header_fills=fills, cell_fills=cell_fills,
            size=size, header_size=head_size, row_h=heights)
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
                when=days_text(deadline, data.today, lang)) + " · " + coverage_text(sm, lang)
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
        name_size = fit_size(f["name"], col_w - 1.45, 15 if lang == "zh" else 14, lines=2, smallest=10.5, bold=True)
        d.text(s, x, ty, col_w - 1.45, 0.62, f["name"], size=name_size, bold=True)
        d.badge(s, x + col_w - 1.4, ty + 0.04, 1.4, 0.38, f["status"], f["status_word"],
                size=13 if lang == "zh" else 10.5)
        lines = [[(t("pr_fact_value", lang, value=f["value"], period=f["period"]), {"bold": True})],
                 t("pr_fact_threshold", lang, threshold=f["threshold"])
                 + ("" if f["confidence"].startswith("✓") else f"（{f['confidence']}）" if lang == "zh" else f" ({f['confidence']})")]
        if f["flags"]:
            lines.append([(f["flags"], {"bold": True, "colour": "9A5B00"})])
        if f["gap_units"]:
            lines.append(t("pr_fact_gap_units", lang, units=f["gap_units"]))
        elif f["gap"]:
            lines.append(t("pr_fact_gap", lang, gap=f["gap"]))
        lines.append(t("pr_fact_projected", lang, date=f["projected"]))
        lines.append([(t("pr_fact_dept", lang, dept=f["dept"]), {"colour": MUTED, "size": 12})])
        d.text(s, x, ty + 0.62, col_w, 7.35 - ty - 0.62, lines, size=14 if lang == "zh" else 13, spacing=1.0)
    n_behind = int(sm["n_indicators"] - sm["n_met"]) - len(worst)  # not-applicable items are not behind
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
            body.append([f["name"], f["titles"], f["value"],
                         f["status_word"] + (f"\n{f['flags']}" if f["flags"] else ""), f["projected"],
                         f["gap_units"] or f["gap"] or "—"])
            fills[(i, 3)] = _status_fill(f["status"])
        widths = [2.6, 2.9, 1.4, 2.0, 1.8, 1.6]      # inches, 12.3 in all: the status with its flags fits
        size, head_size, heights = _fit_rows(header, body, widths, 13 if lang == "zh" else 12,
                                             14 if lang == "zh" else 12, room=7.0 - 1.3)
        d.table(s, 0.5, 1.3, 12.3, widths, header, body, cell_fills=fills,
                size=size, header_size=head_size, row_h=heights)
        d.footer(s, t("pr_behind_note", lang))


def _fit_rows(header: list, body: list, widths: list, size: float, head_size: float, room: float,
              least: float = 0.5, smallest: float = 10) -> tuple[float, float, list]:
    """Font sizes and row heights (header first) for a table that must end `room` inches below its
    top (above the footnote): each row as tall as its longest cell needs; the sizes drop a point at a
    time (to `smallest`) until the rows fit."""
    while True:
        heights = [row_height_in(header, widths, head_size, bold=True, least=least)] + \
                  [row_height_in(r, widths, size, least=least) for r in body]
        if sum(heights) <= room or size <= smallest:
            return size, head_size, heights
        size, head_size = size - 1, max(head_size - 1, smallest)


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
    services_slide(d, con, data, lang)   # the twelve public-service areas (a city with the benchmark set)
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
