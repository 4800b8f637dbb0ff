"""Status words, flags and their colours as the pages show them (a word and a colour, never colour
alone); re-exported by webui.common."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cocreate.present.honesty import flags_text
from cocreate.present.i18n import t


def status_badge(status: str, lang: str, flags=None) -> str:
    """Status as symbol + word (never colour alone), for tables; its flags beside it."""
    from cocreate.present.charts import STATUS_SYMBOLS
    from cocreate.present.i18n import status_word
    text = f"{STATUS_SYMBOLS.get(status, '')} {status_word(status, lang)}"
    extra = flags_text(flags, lang)
    return f"{text} · {extra}" if extra else text


def style_status(df: pd.DataFrame, column: str, statuses: pd.Series):
    """Colour the status column's cells by status (the word stays in the cell)."""
    from cocreate.present.charts import STATUS_COLOURS
    dark_text = {"on_track", "needs_acceleration", "insufficient_data", "not_applicable"}  # light fills need dark ink
    cells = [f"background-color: {STATUS_COLOURS.get(s, '#999999')}; "
             f"color: {'#111827' if s in dark_text else 'white'}; font-weight: 600" for s in statuses]

    def paint(col):
        return cells if col.name == column else [""] * len(col)

    return df.style.apply(paint, axis=0)


# Streamlit badge colours, set to the Okabe-Ito values in .streamlit/config.toml.
STATUS_BADGE_COLOURS = {"met": "green", "on_track": "blue", "needs_acceleration": "orange",
                        "off_track": "red", "deteriorating": "violet", "insufficient_data": "gray",
                        "not_applicable": "gray"}


def status_md(status: str, lang: str, count: int | None = None) -> str:
    """Markdown badge for a status: symbol + word (+ count), coloured (never colour alone)."""
    from cocreate.present.charts import STATUS_SYMBOLS
    from cocreate.present.i18n import status_word
    text = f"{STATUS_SYMBOLS.get(status, '')} {status_word(status, lang)}"
    if count is not None:
        text += f" {count}"
    return f":{STATUS_BADGE_COLOURS.get(status, 'gray')}-badge[{text}]"


def flags_md(flags, lang: str) -> str:
    """Markdown badges for a row's flags: icon + word, orange (a warning, not a status)."""
    from cocreate.method.flags import split_flags
    from cocreate.present.honesty import FLAG_ICONS
    return " ".join(f":orange-badge[{FLAG_ICONS.get(f, '')} {t(f'flag_{f}', lang)}]" for f in split_flags(flags))


def flag_counts_md(rated: pd.DataFrame, lang: str) -> str:
    """'→ 停滞 3 · ↓ 近期下滑 1' as badges: how many rated rows carry each flag."""
    from cocreate.method.flags import FLAGS, split_flags
    from cocreate.present.honesty import FLAG_ICONS
    if "flags" not in rated or rated.empty:
        return ""
    counts = {f: sum(f in split_flags(x) for x in rated["flags"]) for f in FLAGS}
    return " ".join(f":orange-badge[{FLAG_ICONS[f]} {t(f'flag_{f}', lang)} {n}]" for f, n in counts.items() if n)


def honest_column_help(lang: str) -> dict:
    """Column tooltips of the rated tables: what each flag and each confidence mark means."""
    return {t("col_status", lang): st.column_config.TextColumn(width=112 if lang == "zh" else 150),
            t("col_flags", lang): st.column_config.TextColumn(help=t("col_flags_help", lang), width=130 if lang == "zh" else 170),
            t("col_confidence", lang): st.column_config.TextColumn(help=t("col_confidence_help", lang)),
            # the other standards of the same indicator (threshold + status): wide enough to read whole
            t("std_col_others", lang): st.column_config.TextColumn(help=t("std_col_others_help", lang),
                                                                   width=250 if lang == "zh" else 330)}


WRAP_ROW_HEIGHT = 68   # Streamlit's grid wraps a cell's text only in rows taller than 4rem (64 px)


def fitted_rated_table(lang: str) -> dict:
    """st.dataframe arguments of the title page's rated table: at 1280 px wide its columns up to
    "other standards" show whole. English names run long: there the indicator, unit and other
    standards columns are narrower and their text wraps onto a second line; reference columns
    (gap, projection, period...) follow, one sideways scroll away."""
    config = honest_column_help(lang)
    if lang != "en":
        return {"column_config": config}
    config[t("col_indicator", lang)] = st.column_config.TextColumn(width=210)
    config[t("col_unit", lang)] = st.column_config.TextColumn(width=100)
    config[t("std_col_others", lang)] = st.column_config.TextColumn(help=t("std_col_others_help", lang), width=230)
    return {"column_config": config, "row_height": WRAP_ROW_HEIGHT}
