"""The services page's twelve monitored areas (issue 24): one overview chart (a row per area, its items by
status), then per area its items with status against the standard that judges them (the benchmark set,
else the campaigned title that rates the item: the same rated rows the title pages show), the other
campaigned titles' verdicts, coverage, the source of each figure, and the district breakdown with the
gap in real units."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cocreate.method.services import area_overview, judged_items
from cocreate.present.service_gaps import gap_units_text
from cocreate.method.status import STATUSES
from cocreate.present.charts import STATUS_SYMBOLS
from cocreate.present.honesty import source_label, split_sources
from cocreate.present.i18n import fmt_number, pick
from cocreate.present.service_charts import service_areas_chart
from cocreate.present.standards import against_text, others_text, verdict_text
from webui import common


def _value(r: dict, lang: str) -> str:
    v = r.get("value")
    if v is None or pd.isna(v):
        return "—"
    unit = pick(r, "unit", lang)
    text = fmt_number(v, int(r.get("decimals") or 0), lang, big=False)
    return f"{text} {unit}" if unit and unit not in ("count",) else text


def _judged_text(r: dict, lang: str, t) -> str:
    if r["judged"] in ("benchmark", "title"):
        return f"{verdict_text(r, lang)} · {against_text(r, lang, short=True)}"
    return t("svc_no_national") if r["judged"] == "no_benchmark" else t("svc_segment_not_tracked")


def _cell(r: dict, measures: dict, lang: str) -> str:
    """A district cell: '3.05 ✖ +41' (value, status symbol, gap in whole units)."""
    if r.get("value") is None or pd.isna(r.get("value")):
        return "—"
    text = fmt_number(r["value"], int(r.get("decimals") or 0), lang, big=False)
    sym = STATUS_SYMBOLS.get(r.get("status"), "") if r["judged"] in ("benchmark", "title") else ""
    gap = gap_units_text(r, measures, lang, with_measure=False) if r["judged"] in ("benchmark", "title") else ""
    return " ".join(x for x in (text, sym, gap) if x)


def twelve_areas(c, rated: pd.DataFrame, others: pd.DataFrame, measures: dict) -> pd.DataFrame:
    """Draw the overview chart and the twelve area sections; returns the overview (one row per area)."""
    lang = c.lang
    items = common.run("service_items", area=c.city_code, as_of=c.as_of)
    judged = judged_items(items, rated, others)
    overview = area_overview(judged, c.city_code)
    city = judged[judged["area_code"] == c.city_code]
    st.subheader(c.t("svc_overview_heading"))
    title = c.t("svc_overview_title", area=pick(city.iloc[0], "area_name", lang) if len(city) else c.city_code)
    common.chart(service_areas_chart(overview, lang=lang, title=title), title, lang, key="svc_overview",
                 sources=split_sources(city["sources"].dropna()))
    st.caption(c.t("svc_overview_caption") + " " + c.t(
        "svc_coverage_total", n=int(overview["n_items"].sum()), tracked=int(overview["n_tracked"].sum()),
        judged=int(overview["n_judged"].sum()), free=int(overview["n_no_benchmark"].sum())))

    st.subheader(c.t("svc_areas_heading"))
    by_title = {} if others is None or others.empty else {
        k: g for k, g in others[others["area_code"] == c.city_code].groupby("indicator_code")}
    for o in overview.to_dict("records"):
        code = o["service_area"]
        summary = " ".join(f"{STATUS_SYMBOLS[s]}{o[f'n_{s}']}" for s in STATUSES if o[f"n_{s}"]) \
            or c.t("svc_area_summary_none")
        label = c.t("svc_area_label", name=pick(o, "service_name", lang), tracked=o["n_tracked"], n=o["n_items"],
                    summary=summary)
        worst = o["n_off_track"] + o["n_deteriorating"]
        with st.expander(label, expanded=bool(worst)):   # an area with an item off track or slipping opens itself
            rows = city[city["service_area"] == code].to_dict("records")
            table = pd.DataFrame({
                c.t("svc_col_item"): [pick(r, "indicator_name", lang) for r in rows],
                c.t("col_value"): [_value(r, lang) for r in rows],
                c.t("svc_col_judged"): [_judged_text(r, lang, c.t) for r in rows],
                c.t("col_gap_units"): [gap_units_text(r, measures, lang) if r["judged"] in ("benchmark", "title") else ""
                                       for r in rows],
                c.t("std_col_others"): [others_text(_others(by_title, r), lang) or "—" for r in rows],
                c.t("svc_col_source"): ["; ".join(source_label(s, lang) for s in split_sources(r.get("sources"))) or "—"
                                        for r in rows],
            })
            # a column with nothing in it (no gap anywhere, no other standard) is left out
            empty = [col for col in (c.t("col_gap_units"), c.t("std_col_others"))
                     if table[col].isin(["", "—"]).all()]
            st.dataframe(table.drop(columns=empty), hide_index=True, width="stretch")
            _districts(c, judged[judged["service_area"] == code], measures)
    return overview


def _others(by_title: dict, r: dict):
    """The campaigned titles' rated rows of this item other than the one that judges it."""
    g = by_title.get(r["indicator_code"])
    if g is None:
        return None
    return g[g["title_code"] != r.get("title_code")] if r.get("title_code") is not None else g


def _districts(c, g: pd.DataFrame, measures: dict) -> None:
    lang = c.lang
    kids = g[g["level"] != "city"]
    kept = [code for code, k in kids.groupby("indicator_code", sort=False) if k["value"].notna().any()]
    city_only = [pick(r, "indicator_name", lang) for r in
                 g[(g["level"] == "city") & ~g["indicator_code"].isin(kept)].to_dict("records")]
    if kept:
        st.markdown(f"**{c.t('svc_district_heading')}**")
        k = kids[kids["indicator_code"].isin(kept)]
        names = {r["indicator_code"]: pick(r, "indicator_name", lang) for r in k.to_dict("records")}
        wide = {}
        for r in k.to_dict("records"):
            wide.setdefault(r["area_code"], {c.t("col_area"): pick(r, "area_name", lang)})[names[r["indicator_code"]]] = \
                _cell(r, measures, lang)
        st.dataframe(pd.DataFrame([wide[a] for a in sorted(wide)]), hide_index=True, width="stretch")
    if city_only:
        st.caption(c.t("svc_city_only", items=("、" if lang == "zh" else ", ").join(city_only)))
