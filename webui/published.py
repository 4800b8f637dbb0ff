"""The published-statistics panel: yearbook, bulletin and census figures beside the campaign data,
each labelled with its statistical base and source, in a chart of its own (never drawn as if it were
the campaign's own series). Reusable: `published_panel(c, indicator_code)` from any page."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd
import streamlit as st

from cocreate.present.district_charts import published_chart
from cocreate.present.i18n import fmt_auto, pick
from webui import common


def _codes(indicator_code) -> tuple | None:
    if indicator_code is None:
        return None
    if isinstance(indicator_code, str):
        return (indicator_code,)
    return tuple(indicator_code)


def _text(row, field: str, lang: str) -> str:
    """The source or note in the user's language: `<field>_zh` in Chinese (the English `<field>`
    where the catalog has no Chinese text), `<field>` in English."""
    english = row.get(field)
    english = "" if english is None or pd.isna(english) else str(english)
    if lang != "zh":
        return english
    chinese = row.get(f"{field}_zh")
    return english if chinese is None or pd.isna(chinese) or not str(chinese) else str(chinese)


CELL_LINES = 4          # a row of ROW_PX shows four lines of 14 px text whole
ROW_PX = 88


def wrapped_lines(text: str, width_px: int) -> int:
    """Lines `text` takes in a grid cell `width_px` wide (8 px padding each side), wrapped as the
    grid wraps it: between words, and between any two CJK characters (14 px each; Latin ~7 px)."""
    usable, lines, x = max(width_px - 16, 20), 1, 0.0
    for tok in re.findall(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\s+", text):
        if tok.isspace():
            x += 3.5
            continue
        w = sum(14.0 if unicodedata.east_asian_width(ch) in "WF" else 7.0 for ch in tok)
        if x > 0 and x + w > usable:
            lines, x = lines + 1, 0.0
        while w > usable:                    # a word wider than the cell breaks inside it
            lines, w = lines + 1, w - usable
        x += w
    return lines


def footnoted(columns: dict[str, tuple[list[str], int]], lang: str) -> tuple[dict[str, list[str]], list[str]]:
    """Cells too long for CELL_LINES lines at their column's width become "注1" / "note 1" and the
    text goes under the table, once per distinct text: ({column: cells}, ["注1：text", ...])."""
    numbers: dict[str, int] = {}
    out = {}
    for name, (texts, width) in columns.items():
        cells = []
        for text in texts:
            if text and wrapped_lines(text, width) > CELL_LINES:
                n = numbers.setdefault(text, len(numbers) + 1)
                cells.append(f"注{n}（见表下）" if lang == "zh" else f"note {n} (below the table)")
            else:
                cells.append(text)
        out[name] = cells
    mark = "注{n}：{text}" if lang == "zh" else "Note {n}: {text}"
    return out, [mark.format(n=n, text=text) for text, n in numbers.items()]


def published_panel(c, indicator_code=None, key: str = "pub") -> None:
    """Published figures for the context's city (and its districts) beside `indicator_code`
    (a code, a list of codes, or None for every series); says so when there are none."""
    lang = c.lang
    st.subheader(c.t("pub_heading"))
    pub = common.run("published_figures", area=c.city_code, indicators=_codes(indicator_code))
    if pub.empty:
        st.caption(c.t("pub_none"))
        return
    st.caption(c.t("pub_caption"))
    order = {code: i for i, code in enumerate(_codes(indicator_code) or ())}
    series = pub.drop_duplicates("series_code")
    # the metric's own series first, then its numerator's, then its denominator's
    series = series.assign(_o=series["indicator_code"].map(order).fillna(len(order))).sort_values("_o", kind="stable")
    labels = {r["series_code"]: pick(r, "series_name", lang) for r in series.to_dict("records")}
    code = st.selectbox(c.t("pub_series"), list(labels), format_func=labels.get, key=f"{key}_series")
    one = pub[pub["series_code"] == code]
    first = one.iloc[0]
    records = one.to_dict("records")
    sep = "；" if lang == "zh" else "; "
    st.caption(c.t("pub_base", base=pick(first, "statistical_base", lang)) + " · "
               + c.t("pub_source", source=sep.join(dict.fromkeys(_text(r, "source", lang) for r in records))))
    title = f"{labels[code]} · {c.t('pub_heading')}"
    # the stamp names this series' own publication, not every source stored for the area
    common.chart(published_chart(one, lang=lang, title=labels[code]), title, lang, key=f"{key}_chart",
                 sources=list(dict.fromkeys(_text(r, "source", lang) for r in records)))
    # nine columns whole at 1280 px: the long text (series, base, source, note) wraps in narrower columns;
    # a source or note longer than its cell's four lines is numbered there and written under the table
    # (value and unit wide enough for "12,326,518" and "persons" on one line)
    widths = {"pub_col_series": 133, "col_area": 80, "pub_col_year": 50, "col_value": 88, "col_unit": 72,
              "pub_col_confidence": 78, "pub_col_base": 152, "pub_col_source": 138, "pub_col_note": 138}
    cells, notes = footnoted({k: ([_text(r, f, lang) for r in records], widths[k])
                              for k, f in (("pub_col_source", "source"), ("pub_col_note", "note"))}, lang)
    table = pd.DataFrame({
        c.t("pub_col_series"): [pick(r, "series_name", lang) for r in one.to_dict("records")],
        c.t("col_area"): [pick(r, "area_name", lang) for r in one.to_dict("records")],
        c.t("pub_col_year"): one["year"].astype(int),
        c.t("col_value"): [f"{q}{fmt_auto(v, lang)}" for q, v in zip(one["qualifier"].fillna(""), one["value"])],
        c.t("col_unit"): [pick(r, "unit", lang) for r in one.to_dict("records")],
        c.t("pub_col_confidence"): [c.t(f"pub_conf_{x}") for x in one["confidence"]],
        c.t("pub_col_base"): [pick(r, "statistical_base", lang) for r in one.to_dict("records")],
        c.t("pub_col_source"): cells["pub_col_source"],       # plain text: the grid wraps it
        c.t("pub_col_note"): cells["pub_col_note"],
    })
    st.dataframe(table, hide_index=True, width="stretch", height=min(480, 38 + ROW_PX * len(table)),
                 row_height=ROW_PX,
                 column_config={c.t(k): (st.column_config.NumberColumn if k == "pub_col_year" else
                                         st.column_config.TextColumn)(width=w) for k, w in widths.items()})
    for line in notes:
        st.caption(line)
    # every series of the panel, both languages' text; the area level is only the query's sort key
    common.download_csv(pub.drop(columns=["level"]), f"published_{c.city_code}", lang, key=f"{key}_csv")
