"""Contenders of `title_progress` (the status method's inputs): per title x indicator x area (an area,
and its districts when asked) the latest complete figure, the last three values, the typical and the
latest change, the baseline (last period on or before the campaign start, else the first), the
least-squares line from the baseline to the latest, the reference date, the not-applicable reason and
the union of the kept sources of the window's figures (figures.source, glossary "figure_sources").
Both return the keys, every computed column and the status rule's catalog inputs (not the descriptive
names, units and notes)."""
from __future__ import annotations

import numpy as np
import pandas as pd

NAME = "title_progress"
KEYS = ("title_code", "indicator_code", "area_code")
COLUMNS = ("title_code", "indicator_code", "area_code", "city_code", "level", "threshold", "is_veto", "points",
           "direction", "campaign_start", "deadline", "latest_period", "latest_value", "latest_numerator",
           "latest_denominator", "baseline_period", "baseline_value", "n_points", "slope_per_year", "intercept",
           "recent_value_1", "recent_value_2", "recent_value_3", "typical_change", "latest_change", "reference_date",
           "not_applicable_reason_zh", "not_applicable_reason_en", "sources")
EPOCH = pd.Timestamp("2000-01-01")

# Written for the question: each series read once (one window for the changes), the latest row's values
# by arg_max_null, the fit by the engine's regr_* over the rows from the baseline (no ordered aggregate),
# and the sources gathered in the same pass: the distinct kept lists (figures.source, glossary
# "figure_sources") of the window's figures, then split, united, sorted and joined once per window.
SQL = """
WITH
tgt AS (
    SELECT code AS area_code, coalesce(parent_code, code) AS city_code, level FROM areas
    WHERE code = $area OR ($with_children AND parent_code = $area)
),
items AS (
    SELECT t.area_code, t.city_code, t.level, c.title_code, c.campaign_start, c.deadline, t_.sort_order,
           ti.indicator_code, ti.threshold, ti.is_veto, ti.points, i.direction, i.numerator_code, i.denominator_code
    FROM tgt t
    JOIN campaigns c ON c.area_code = t.city_code
    JOIN titles t_ ON t_.code = c.title_code
    JOIN title_indicators ti ON ti.title_code = c.title_code
    JOIN indicators i ON i.code = ti.indicator_code
    WHERE ($title IS NULL OR c.title_code = $title) AND ($indicator IS NULL OR ti.indicator_code = $indicator)
),
s AS (
    SELECT indicator_code, area_code, period, value, numerator, denominator, coalesce(source, 'unknown') AS source,
           value - lag(value) OVER w AS change, lag(value) OVER w AS before_1, lag(value, 2) OVER w AS before_2
    FROM figures
    WHERE area_code IN (SELECT area_code FROM tgt) AND indicator_code IN (SELECT indicator_code FROM items)
      AND areas_reported = areas_expected AND ($as_of IS NULL OR period <= CAST($as_of AS DATE))
    WINDOW w AS (PARTITION BY indicator_code, area_code ORDER BY period)
),
last AS (
    SELECT indicator_code, area_code, max(period) AS latest_period,
           arg_max_null(value, period) AS latest_value, arg_max_null(numerator, period) AS latest_numerator,
           arg_max_null(denominator, period) AS latest_denominator,
           arg_max_null(before_1, period) AS recent_value_2, arg_max_null(before_2, period) AS recent_value_3,
           median(abs(change)) AS typical_change, arg_max_null(change, period) AS latest_change
    FROM s GROUP BY indicator_code, area_code
),
base AS (
    SELECT k.campaign_start, s.indicator_code, s.area_code,
           coalesce(max(s.period) FILTER (WHERE s.period <= k.campaign_start), min(s.period)) AS baseline_period
    FROM (SELECT DISTINCT campaign_start, indicator_code, area_code FROM items) k
    JOIN s ON s.indicator_code = k.indicator_code AND s.area_code = k.area_code
    GROUP BY ALL
),
fit AS (
    SELECT b.campaign_start, b.indicator_code, b.area_code, b.baseline_period,
           max(s.value) FILTER (WHERE s.period = b.baseline_period) AS baseline_value, count(*) AS n_points,
           regr_slope(s.value, date_diff('day', DATE '2000-01-01', s.period) / 365.25) AS slope_per_year,
           regr_intercept(s.value, date_diff('day', DATE '2000-01-01', s.period) / 365.25) AS intercept,
           array_to_string(list_sort(list_distinct(string_split(string_agg(DISTINCT s.source, '; '), '; '))),
                           '; ') AS sources
    FROM base b JOIN s ON s.indicator_code = b.indicator_code AND s.area_code = b.area_code
     AND s.period >= b.baseline_period
    GROUP BY ALL
),
na AS (
    SELECT i.title_code, i.indicator_code, i.area_code,
           min(n.reason_zh) AS not_applicable_reason_zh, min(n.reason_en) AS not_applicable_reason_en
    FROM items i JOIN not_applicable n ON n.title_code = i.title_code AND n.indicator_code = i.indicator_code
     AND n.area_code IN (i.area_code, i.city_code)
    GROUP BY ALL
)
SELECT i.title_code, i.indicator_code, i.area_code, i.city_code, i.level, i.threshold, i.is_veto, i.points,
       i.direction, i.campaign_start, i.deadline, l.latest_period, l.latest_value, l.latest_numerator,
       l.latest_denominator, f.baseline_period, f.baseline_value, coalesce(f.n_points, 0) AS n_points,
       f.slope_per_year, f.intercept, l.latest_value AS recent_value_1, l.recent_value_2, l.recent_value_3,
       l.typical_change, l.latest_change,
       coalesce(CAST($as_of AS DATE), (SELECT max(latest_period) FROM last)) AS reference_date,
       na.not_applicable_reason_zh, na.not_applicable_reason_en, f.sources
FROM items i
LEFT JOIN last l ON l.indicator_code = i.indicator_code AND l.area_code = i.area_code
LEFT JOIN fit f ON f.campaign_start = i.campaign_start AND f.indicator_code = i.indicator_code
 AND f.area_code = i.area_code
LEFT JOIN na ON na.title_code = i.title_code AND na.indicator_code = i.indicator_code AND na.area_code = i.area_code
ORDER BY i.sort_order, i.title_code, i.indicator_code, (i.level <> 'city'), i.area_code
"""


def _sources(w: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per window (the rows `w` of one fit): its figures' kept source lists, split, distinct, sorted
    (code points: UTF-8's byte order), '; '-joined."""
    lists = w[keys + ["source"]].drop_duplicates()
    one = lists.assign(source=lists["source"].str.split("; ")).explode("source").drop_duplicates()
    return (one.sort_values("source").groupby(keys, sort=False)["source"].agg("; ".join)
            .rename("sources").reset_index())


def by_pandas(fr, area: str, title=None, as_of=None, with_children=False, indicator=None) -> pd.DataFrame:
    ar = fr.areas
    tgt = ar[(ar["code"] == area) | ((ar["parent_code"] == area) if with_children else False)]
    tgt = pd.DataFrame({"area_code": tgt["code"], "level": tgt["level"],
                        "city_code": tgt["parent_code"].where(tgt["parent_code"].notna(), tgt["code"])})
    city = tgt["city_code"].iloc[0] if len(tgt) else area
    items = fr.city_items(city)
    if title is not None:
        items = items[items["title_code"] == title]
    if indicator is not None:
        items = items[items["indicator_code"] == indicator]
    items = items.merge(tgt, how="cross")

    f = fr.figures_of(tgt["area_code"])
    f = f[f["indicator_code"].isin(items["indicator_code"].unique()) & (f["areas_reported"] == f["areas_expected"])]
    if as_of is not None:
        f = f[f["period"] <= pd.Timestamp(as_of)]
    keys = ["indicator_code", "area_code"]
    s = f.sort_values(keys + ["period"], ignore_index=True)
    g = s.groupby(keys, sort=False)["value"]
    s["change"] = g.diff()
    s["before_1"], s["before_2"] = g.shift(1), g.shift(2)
    last = s.drop_duplicates(keys, keep="last")[keys + ["period", "value", "numerator", "denominator", "before_1",
                                                       "before_2", "change"]].set_axis(
        keys + ["latest_period", "latest_value", "latest_numerator", "latest_denominator", "recent_value_2",
                "recent_value_3", "latest_change"], axis=1)
    typical = s["change"].abs().groupby([s[k] for k in keys], sort=False).median().rename("typical_change")
    last = last.merge(typical.reset_index(), on=keys)

    starts = items[["campaign_start"] + keys].drop_duplicates()
    b = starts.merge(s[keys + ["period", "value", "source"]], on=keys)
    b["before_start"] = b["period"].where(b["period"] <= b["campaign_start"])
    gb = b.groupby(["campaign_start"] + keys, sort=False)
    b["baseline_period"] = gb["before_start"].transform("max").fillna(gb["period"].transform("min"))
    w = b[b["period"] >= b["baseline_period"]].copy()
    w["t"] = (w["period"] - EPOCH).dt.days / 365.25
    fk = ["campaign_start"] + keys + ["baseline_period"]
    gw = w.groupby(fk, sort=False)
    w["dt"] = w["t"] - gw["t"].transform("mean")
    w["dv"] = w["value"] - gw["value"].transform("mean")
    w["dtdv"], w["dtdt"] = w["dt"] * w["dv"], w["dt"] * w["dt"]
    w["at_base"] = w["value"].where(w["period"] == w["baseline_period"])
    fit = w.groupby(fk, sort=False).agg(n_points=("t", "size"), sxy=("dtdv", "sum"), sxx=("dtdt", "sum"),
                                        mt=("t", "mean"), mv=("value", "mean"),
                                        baseline_value=("at_base", "max")).reset_index()
    fit["slope_per_year"] = fit["sxy"] / fit["sxx"].where(fit["sxx"] != 0)
    fit["intercept"] = fit["mv"] - fit["slope_per_year"] * fit["mt"]
    fit = fit.merge(_sources(w, fk), on=fk, how="left")

    out = items.merge(last, on=keys, how="left").merge(
        fit[fk + ["baseline_value", "n_points", "slope_per_year", "intercept", "sources"]],
        on=["campaign_start"] + keys, how="left")
    out["n_points"] = out["n_points"].fillna(0).astype("int64")
    out["recent_value_1"] = out["latest_value"]
    out["reference_date"] = pd.Timestamp(as_of) if as_of is not None else last["latest_period"].max()

    na = fr.not_applicable
    hit = pd.concat([out[["title_code", "indicator_code", "area_code"]].assign(na_area=out[col])
                     for col in ("area_code", "city_code")]).drop_duplicates().merge(
        na.rename(columns={"area_code": "na_area"}), on=["title_code", "indicator_code", "na_area"])
    hit = hit.groupby(["title_code", "indicator_code", "area_code"], as_index=False).agg(
        not_applicable_reason_zh=("reason_zh", "min"), not_applicable_reason_en=("reason_en", "min"))
    out = out.merge(hit, on=["title_code", "indicator_code", "area_code"], how="left")
    out["_city"] = np.where(out["level"] == "city", 0, 1)
    out = out.sort_values(["title_sort", "title_code", "indicator_code", "_city", "area_code"], ignore_index=True)
    return out[list(COLUMNS)]
