"""The tables the pandas contenders read, loaded into frames once (not timed with the questions):
figures split by area code (what a competent analyst indexes by, as the database sorts by it), with
their kept sources (figures.source, NULL as 'unknown'), the catalog whole. No question reads
observations any more: a figure's sources are kept with it (glossary "figure_sources")."""
from __future__ import annotations

import time

import pandas as pd

CATALOG = ("areas", "campaigns", "titles", "title_indicators", "indicators", "not_applicable")


class Frames:
    def __init__(self, con):
        t0 = time.perf_counter()
        cur = con.cursor()
        try:
            fig = cur.execute("SELECT area_code, indicator_code, period, value, numerator, denominator, "
                              "areas_reported, areas_expected, coalesce(source, 'unknown') AS source FROM figures").df()
            self.tables = {name: cur.execute("SELECT * FROM " + name).df() for name in CATALOG}
        finally:
            cur.close()
        fig["period"] = pd.to_datetime(fig["period"])
        self.figures = {a: g.reset_index(drop=True) for a, g in fig.groupby("area_code", sort=False)}
        for name in ("campaigns",):
            for col in ("campaign_start", "deadline"):
                self.tables[name][col] = pd.to_datetime(self.tables[name][col])
        self.load_ms = (time.perf_counter() - t0) * 1000

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def figures_of(self, areas) -> pd.DataFrame:
        parts = [self.figures[a] for a in areas if a in self.figures]
        return pd.concat(parts, ignore_index=True) if parts else next(iter(self.figures.values())).iloc[0:0]

    def city_items(self, city: str) -> pd.DataFrame:
        """The items of the titles `city` campaigns for: campaign x title_indicators x indicators x titles."""
        c = self.campaigns.loc[self.campaigns["area_code"] == city, ["title_code", "campaign_start", "deadline"]]
        ti = self.title_indicators[["title_code", "indicator_code", "threshold", "is_veto", "points"]]
        ind = self.indicators[["code", "name_zh", "name_en", "direction", "numerator_code", "denominator_code",
                               "aggregation"]].rename(columns={"code": "indicator_code", "name_zh": "indicator_name_zh",
                                                               "name_en": "indicator_name_en"})
        t = self.titles[["code", "kind", "sort_order", "name_zh", "name_en", "short_zh", "short_en"]].rename(
            columns={"code": "title_code", "kind": "title_kind", "sort_order": "title_sort", "name_zh": "title_name_zh",
                     "name_en": "title_name_en", "short_zh": "title_short_zh", "short_en": "title_short_en"})
        return c.merge(t, on="title_code").merge(ti, on="title_code").merge(ind, on="indicator_code")
