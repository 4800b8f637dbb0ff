"""Method notes: how statuses, projections and roll-ups are worked out, in both languages."""
import pandas as pd
import streamlit as st

from cocreate.method.status import STATUSES
from webui import common

c = common.ctx()
common.page_header(c, c.t("method_heading"))
st.markdown(c.t("method_intro"))
st.markdown(" ".join(common.status_md(s, c.lang) for s in STATUSES))
for part in ("met", "pace", "cutoffs", "example", "projection", "linear", "units", "rollup", "title",
             "thresholds", "dates"):
    st.subheader(c.t(f"method_{part}_h"))
    st.markdown(c.t(f"method_{part}"))
    if part == "title":  # the district ranking's own method, the same text its page shows
        st.subheader(c.t("rk_method_heading"))
        st.markdown(c.t("rk_method"))

# The Civilized City score weights, read from the catalog table (never written here).
st.subheader(c.t("score_method_h"))
st.markdown(c.t("score_method_intro"))
weights = common.run("score_weights")
weights_table = pd.DataFrame({
    c.t("score_method_col_component"): [f"{r['component']} · {r['name_zh'] if c.lang == 'zh' else r['name_en']}"
                                        for r in weights.to_dict("records")],
    c.t("score_method_col_weight"): [f"{w:.0%}" for w in weights["weight"]],
    c.t("score_method_col_source"): weights["source"],
    c.t("score_method_col_confidence"): [c.t(f"score_confidence_{x}") for x in weights["confidence"]],
})
st.dataframe(weights_table, hide_index=True, width="stretch", key="method_score_weights")
common.download_csv(weights, "score_weights", c.lang, key="method_score_weights_csv")
