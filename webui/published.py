"""The published-statistics panel: yearbook, bulletin and census figures beside the campaign data,
each labelled with its statistical base and source, in a chart of its own (never drawn as if it were
the campaign's own series). Reusable: `published_panel(c, indicator_code)` from any page."""
from __future__ import annotations

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
    st.caption(c.t("pub_base", base=pick(first, "statistical_base", lang)) + " · "
               + c.t("pub_source", source="; ".join(one["source"].drop_duplicates())))
    title = f"{labels[code]} · {c.t('pub_heading')}"
    common.chart(published_chart(one, lang=lang, title=labels[code]), title, lang, key=f"{key}_chart")
    table = pd.DataFrame({
        c.t("pub_col_series"): [pick(r, "series_name", lang) for r in one.to_dict("records")],
        c.t("col_area"): [pick(r, "area_name", lang) for r in one.to_dict("records")],
        c.t("pub_col_year"): one["year"].astype(int),
        c.t("col_value"): [f"{q}{fmt_auto(v, lang)}" for q, v in zip(one["qualifier"].fillna(""), one["value"])],
        c.t("col_unit"): [pick(r, "unit", lang) for r in one.to_dict("records")],
        c.t("pub_col_confidence"): [c.t(f"pub_conf_{x}") for x in one["confidence"]],
        c.t("pub_col_base"): [pick(r, "statistical_base", lang) for r in one.to_dict("records")],
        c.t("pub_col_source"): [str(x) for x in one["source"]],       # plain text: the grid wraps it
        c.t("pub_col_note"): [str(x) for x in one["note"].fillna("")],
    })
    # nine columns whole at 1280 px: the long text (series, base, source, note) wraps in narrower columns
    widths = {"pub_col_series": 145, "col_area": 80, "pub_col_year": 50, "col_value": 78, "col_unit": 50,
              "pub_col_confidence": 85, "pub_col_base": 160, "pub_col_source": 140, "pub_col_note": 140}
    st.dataframe(table, hide_index=True, width="stretch", height=min(480, 38 + 88 * len(table)), row_height=88,
                 column_config={c.t(k): (st.column_config.NumberColumn if k == "pub_col_year" else
                                         st.column_config.TextColumn)(width=w) for k, w in widths.items()})
    common.download_csv(pub, f"published_{c.city_code}", lang, key=f"{key}_csv")
