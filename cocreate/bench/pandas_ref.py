"""The plain-pandas reference of the benchmark: observations and the catalog loaded into DataFrames
once (not timed with the questions; reported as pandas_load_ms), then each page's questions answered
with pandas operations: filters, merge_asof for denominators and weights as of the period, groupby
for the city roll-up, closed-form least squares per group. What a competent analyst would write
without a database; it computes from observations on every question, as the app did before the
figures table."""
from __future__ import annotations

import numpy as np
import pandas as pd

EPOCH = pd.Timestamp("2000-01-01")
_CATALOG = ("titles", "campaigns", "title_indicators", "stages", "milestones", "tasks", "departments",
            "benchmark_references")


class PandasStore:
    def __init__(self, con):
        cur = con.cursor()
        try:
            self.obs = cur.execute("SELECT indicator_code, area_code, period, value FROM observations").df()
            self.areas = cur.execute("SELECT code, name_zh, name_en, parent_code, level FROM areas").df()
            self.ind = cur.execute("SELECT code, kind, direction, numerator_code, denominator_code, "
                                   "coalesce(scale, 1) AS scale, aggregation, weight_code, name_zh, name_en, "
                                   "lead_dept_zh, lead_dept_en FROM indicators").df()
            self.tables = {name: cur.execute("SELECT * FROM " + name).df() for name in _CATALOG}
        finally:
            cur.close()
        self.obs["period"] = pd.to_datetime(self.obs["period"])
        self.ind_by_code = self.ind.set_index("code")
        self.n_children = self.areas.dropna(subset=["parent_code"]).groupby("parent_code").size()

    # ------------------------------------------------------------------ the roll-up
    def children(self, city: str) -> list[str]:
        return self.areas.loc[self.areas["parent_code"] == city, "code"].tolist()

    def city_of(self, area: str) -> str:
        parent = self.areas.loc[self.areas["code"] == area, "parent_code"]
        return parent.iloc[0] if len(parent) and isinstance(parent.iloc[0], str) else area

    def _measure(self, sub, codes, areas) -> pd.DataFrame:
        return sub[sub["indicator_code"].isin(codes) & sub["area_code"].isin(areas)]

    def values(self, indicators, city: str) -> pd.DataFrame:
        """indicator_code, area_code, period, value, numerator, denominator, complete: the city (rolled
        up unless city_only) and its children, for the given indicators."""
        children = self.children(city)
        ind = self.ind_by_code.loc[[c for c in indicators if c in self.ind_by_code.index]]
        sub = self.obs[self.obs["area_code"].isin(children + [city])]   # one pass keeps the city's rows
        parts = []
        plain = ind[ind["kind"] != "ratio"]
        if len(plain):
            own = self._measure(sub, plain.index, children + [city]).copy()
            own["numerator"] = np.nan
            own["denominator"] = np.nan
            parts.append(own)
        for code, r in ind[ind["kind"] == "ratio"].iterrows():     # one merge per ratio indicator
            num = self._measure(sub, [r["numerator_code"]], children + [city]).sort_values("period")
            den = self._measure(sub, [r["denominator_code"]], children + [city]).sort_values("period")
            m = pd.merge_asof(num, den[["area_code", "period", "value"]], on="period", by="area_code",
                              suffixes=("_num", "_den"))
            parts.append(pd.DataFrame({
                "indicator_code": code, "area_code": m["area_code"], "period": m["period"],
                "value": m["value_num"] / m["value_den"].replace(0, np.nan) * r["scale"],
                "numerator": m["value_num"], "denominator": m["value_den"]}))
        leaf = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["indicator_code", "area_code", "period", "value", "numerator", "denominator"])
        leaf = leaf.dropna(subset=["value"])
        leaf = leaf.merge(ind[["aggregation", "weight_code", "scale"]], left_on="indicator_code", right_index=True)
        is_city = leaf["area_code"] == city
        keep = (leaf["aggregation"] == "city_only") | ~is_city
        out_leaf = leaf[keep].copy()
        out_leaf["complete"] = True
        kids = leaf[~is_city & (leaf["aggregation"] != "city_only")].copy()
        kids["weight"] = np.nan
        wm = kids["aggregation"] == "weighted_mean"
        if wm.any():
            w_parts = []
            for wcode, grp in kids[wm].groupby("weight_code"):
                w = self._measure(sub, [wcode], children)[["area_code", "period", "value"]].sort_values("period")
                g = pd.merge_asof(grp.sort_values("period"), w.rename(columns={"value": "w"}),
                                  on="period", by="area_code")
                g["weight"] = g["w"]
                w_parts.append(g.drop(columns="w"))
            kids = pd.concat([kids[~wm]] + w_parts, ignore_index=True)
        kids["vw"] = kids["value"] * kids["weight"]
        g = kids.groupby(["indicator_code", "period"], sort=False).agg(
            aggregation=("aggregation", "first"), scale=("scale", "first"), value_sum=("value", "sum"),
            vw=("vw", "sum"), w=("weight", "sum"), numerator=("numerator", "sum"),
            denominator=("denominator", "sum"), n=("value", "size")).reset_index()
        value = np.select(
            [g["aggregation"] == "sum", g["aggregation"] == "weighted_mean", g["aggregation"] == "ratio_of_sums"],
            [g["value_sum"], g["vw"] / g["w"].replace(0, np.nan),
             g["numerator"] / g["denominator"].replace(0, np.nan) * g["scale"]], default=np.nan)
        rolled = pd.DataFrame({"indicator_code": g["indicator_code"], "area_code": city, "period": g["period"],
                               "value": value, "numerator": g["numerator"], "denominator": g["denominator"],
                               "complete": g["n"] == int(self.n_children.get(city, 0))})
        rolled = rolled.dropna(subset=["value"])
        cols = ["indicator_code", "area_code", "period", "value", "numerator", "denominator", "complete"]
        return pd.concat([out_leaf[cols], rolled[cols]], ignore_index=True)

    # ------------------------------------------------------------------ the pages' questions
    def indicator_series(self, indicator: str, areas: list[str], as_of=None) -> pd.DataFrame:
        v = self.values([indicator], self.city_of(areas[0]))
        v = v[v["area_code"].isin(areas)]
        if as_of is not None:
            v = v[v["period"] <= pd.Timestamp(as_of)]
        return v.sort_values(["area_code", "period"], ignore_index=True)

    def latest_by_area(self, indicator: str, areas: list[str], as_of=None) -> pd.DataFrame:
        v = self.indicator_series(indicator, areas, as_of)
        v = v[v["complete"]]
        idx = v.groupby("area_code")["period"].idxmax()
        return v.loc[idx, ["area_code", "period", "value"]].reset_index(drop=True)

    def map_indicators(self, city: str, as_of=None) -> pd.DataFrame:
        """The items the map offers: district indicators of the city's titles, has_data when a
        district's latest complete figure up to as_of has a value."""
        items = self._items(city, None)
        items = items[items["aggregation"] != "city_only"]
        v = self.values(items["indicator_code"].unique(), city)
        v = v[(v["area_code"] != city) & v["complete"]]
        if as_of is not None:
            v = v[v["period"] <= pd.Timestamp(as_of)]
        last = v.loc[v.groupby(["indicator_code", "area_code"])["period"].idxmax()]
        with_data = set(last.loc[last["value"].notna(), "indicator_code"])
        return items.assign(has_data=items["indicator_code"].isin(with_data))

    def latest_period(self, area: str) -> pd.Timestamp:
        codes = [area] + self.children(area)
        return self.obs.loc[self.obs["area_code"].isin(codes), "period"].agg(["max", "min"])

    def service_series(self, city: str, title: str, as_of=None) -> pd.DataFrame:
        ti = self.tables["title_indicators"]
        v = self.values(ti.loc[ti["title_code"] == title, "indicator_code"].unique(), city)
        return v if as_of is None else v[v["period"] <= pd.Timestamp(as_of)]

    def ranking_items(self, city: str, as_of_dates, title=None) -> pd.DataFrame:
        items = self._items(city, title)
        items = items[items["aggregation"] != "city_only"]
        v = self.values(items["indicator_code"].unique(), city)
        v = v[v["area_code"] != city]
        out = []
        for d in as_of_dates:
            w = v[v["period"] <= pd.Timestamp(d)]
            last = w.loc[w.groupby(["indicator_code", "area_code"])["period"].idxmax()]
            out.append(last.assign(as_of=pd.Timestamp(d)))
        latest = pd.concat(out, ignore_index=True)
        return items.merge(latest, on="indicator_code", how="left")

    def _items(self, city: str, title=None) -> pd.DataFrame:
        c = self.tables["campaigns"]
        c = c[c["area_code"] == city]
        if title is not None:
            c = c[c["title_code"] == title]
        items = c.merge(self.tables["title_indicators"], on="title_code")
        return items.merge(self.ind, left_on="indicator_code", right_on="code")

    def title_progress(self, area: str, title=None, as_of=None, with_children=False) -> pd.DataFrame:
        """Per title x indicator x area: latest period and value, baseline period and value,
        least-squares slope per year from the baseline to the latest (complete periods only)."""
        city = self.city_of(area)
        items = self._items(city, title)
        v = self.values(items["indicator_code"].unique(), city)
        v = v[v["complete"] & (v["area_code"].isin([area] + (self.children(area) if with_children else [])))]
        if as_of is not None:
            v = v[v["period"] <= pd.Timestamp(as_of)]
        s = items[["title_code", "indicator_code", "campaign_start"]].merge(v, on="indicator_code")
        s["campaign_start"] = pd.to_datetime(s["campaign_start"])
        keys = ["title_code", "indicator_code", "area_code"]
        grp = s.groupby(keys, sort=False)
        latest = grp["period"].transform("max")
        before = s["period"].where(s["period"] <= s["campaign_start"])
        baseline = before.groupby([s[k] for k in keys], sort=False).transform("max")
        baseline = baseline.fillna(grp["period"].transform("min"))
        s["latest_period"], s["baseline_period"] = latest, baseline
        w = s[(s["period"] >= s["baseline_period"]) & (s["period"] <= s["latest_period"])].copy()
        w["t"] = (w["period"] - EPOCH).dt.days / 365.25
        w["tt"], w["tv"] = w["t"] * w["t"], w["t"] * w["value"]
        agg = w.groupby(keys, sort=False).agg(n=("t", "size"), st=("t", "sum"), sv=("value", "sum"),
                                              stt=("tt", "sum"), stv=("tv", "sum")).reset_index()
        agg["slope_per_year"] = ((agg["n"] * agg["stv"] - agg["st"] * agg["sv"])
                                 / (agg["n"] * agg["stt"] - agg["st"] ** 2).replace(0, np.nan))
        at_latest = s[s["period"] == s["latest_period"]][keys + ["latest_period", "value"]].rename(
            columns={"value": "latest_value"})
        at_base = s[s["period"] == s["baseline_period"]][keys + ["baseline_period", "value"]].rename(
            columns={"value": "baseline_value"})
        out = at_latest.merge(at_base, on=keys).merge(agg[keys + ["n", "slope_per_year"]], on=keys)
        return out.rename(columns={"n": "n_points"}).reset_index(drop=True)

    def catalog(self, table: str, city: str | None = None) -> pd.DataFrame:
        """A small catalog table, for one city where it has an area_code (tasks, stages, departments)."""
        t = self.tables[table] if table in self.tables else (self.areas if table == "areas" else self.ind)
        if city is not None and "area_code" in t.columns:
            t = t[t["area_code"] == city]
        return t


def max_diff(a: pd.DataFrame, b: pd.DataFrame, keys: list[str], col: str) -> float:
    """Largest absolute difference of `col` between two answers joined on `keys` (inf if rows differ)."""
    a = a.dropna(subset=[col])[keys + [col]]
    b = b.dropna(subset=[col])[keys + [col]]
    if len(a) != len(b):
        return float("inf")
    for k in keys:
        if "period" in k:
            a[k], b[k] = pd.to_datetime(a[k]), pd.to_datetime(b[k])
    m = a.merge(b, on=keys, how="outer", suffixes=("_a", "_b"))
    if m[[col + "_a", col + "_b"]].isna().any().any():
        return float("inf")
    return float((m[col + "_a"] - m[col + "_b"]).abs().max()) if len(m) else 0.0
