"""Method notes: how statuses, projections and roll-ups are worked out, in both languages."""
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
