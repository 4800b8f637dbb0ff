"""Method notes: how statuses, projections and roll-ups are worked out, in both languages."""
import pandas as pd
import streamlit as st

from cocreate.method.status import ALL_STATUSES
from cocreate.present.glossary import FACTS
from cocreate.present.honesty import CONFIDENCE_MARKS, confidence_label
from cocreate.present.i18n import fmt_number, pick
from webui import common

c = common.ctx()
common.page_header(c, c.t("method_heading"))
st.markdown(c.t("method_intro"))
st.markdown(" ".join(common.status_md(s, c.lang) for s in ALL_STATUSES))

# the glossary: each fact shown in more than one place, its one definition and where it is computed
st.subheader(c.t("glossary_heading"))
st.caption(c.t("glossary_note"))
with st.container(border=True):
    for f in FACTS:  # markdown, not a grid: a definition must wrap, never be cut
        term, text = (f.term_zh, f.definition_zh) if c.lang == "zh" else (f.term_en, f.definition_en)
        st.markdown(f"**{term}**：{text}" if c.lang == "zh" else f"**{term}**: {text}")
        st.caption(c.t("glossary_col_computed_by") + f" `{f.computed_by}`")
for part in ("met", "pace", "cutoffs", "example", "projection", "flags", "linear", "units", "rollup", "title",
             "thresholds", "dates", "demo"):
    st.subheader(c.t(f"method_{part}_h"))
    st.markdown(c.t(f"method_{part}"))
    if part == "title":  # the district ranking's own method, the same text its page shows
        st.subheader(c.t("rk_method_heading"))
        st.markdown(c.t("rk_method"))
    if part == "thresholds":  # counts computed from the catalog, never written into the text
        thr = common.run("threshold_confidence")
        counts = thr["threshold_confidence"].value_counts()
        st.dataframe(pd.DataFrame({
            c.t("col_confidence"): [confidence_label(k, c.lang) for k in CONFIDENCE_MARKS],
            c.t("method_counts_col"): [int(counts.get(k, 0)) for k in CONFIDENCE_MARKS],
        }), hide_index=True, width="content")
        st.caption(c.t("method_counts_all", n=len(thr)))
        with st.expander(c.t("method_counts_list")):
            table = pd.DataFrame({
                c.t("col_title"): [pick(r, "title_short", c.lang) for r in thr.to_dict("records")],
                c.t("col_indicator"): [pick(r, "indicator_name", c.lang) for r in thr.to_dict("records")],
                c.t("col_threshold"): [fmt_number(v, 2, c.lang, big=False).rstrip("0").rstrip(".") for v in thr["threshold"]],
                c.t("col_confidence"): [confidence_label(x, c.lang) for x in thr["threshold_confidence"]],
                c.t("threshold_ref_heading"): [pick(r, "standard_ref", c.lang) for r in thr.to_dict("records")],
                c.t("pub_col_note"): [pick(r, "threshold_note", c.lang) for r in thr.to_dict("records")],
            })
            st.dataframe(table, hide_index=True, width="stretch")
            common.download_csv(thr, "thresholds", c.lang, key="dl_thresholds")

# The Civilized City score weights, read from the catalog table (never written here).
st.subheader(c.t("score_method_h"))
st.markdown(c.t("score_method_intro"))
weights = common.run("score_weights")
weights_table = pd.DataFrame({
    c.t("score_method_col_component"): [r["name_zh"] if c.lang == "zh" else r["name_en"]
                                        for r in weights.to_dict("records")],
    c.t("score_method_col_weight"): [f"{w:.0%}" for w in weights["weight"]],
    c.t("score_method_col_source"): [r["source_zh"] if c.lang == "zh" and isinstance(r.get("source_zh"), str)
                                     and r["source_zh"] else r["source"] for r in weights.to_dict("records")],
    c.t("score_method_col_confidence"): [c.t(f"score_confidence_{x}") for x in weights["confidence"]],
})
st.dataframe(weights_table, hide_index=True, width="stretch", key="method_score_weights")
common.download_csv(weights, "score_weights", c.lang, key="method_score_weights_csv")
