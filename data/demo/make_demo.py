"""Deterministic demo data set for the co-creation dashboard.

Reads data/catalog/*.csv and writes data/demo/observations.csv (long format:
indicator_code, area_code, period, value, source, note).

    python data/demo/make_demo.py [--out PATH] [--quiet]

Rules it follows (the product relies on them):
- Periods are the first day of their month; quarters at their first month, years at
  January; from 2019-01 to 2026-10.
- Indicators that roll up (sum, weighted_mean, ratio_of_sums) get rows for every
  district/county/zone only, never for the city. Ratios get only their numerator and
  denominator measures. city_only indicators get city rows only.
- Only indicators used by a title the city campaigns for (plus their measures and
  weights, plus the unlinked library/cultural-centre counts) are generated.
- Latest values reproduce the source documents' state at city level, computed the way
  the product rolls up (ratio of district sums, population-weighted mean, sum):
  Lanzhou green coverage 31.44 %, green-space ratio 28.63 %, Wuhan 5.9 public toilets
  per 10,000 and 50+ elderly-care beds per 1,000 elderly.
Everything not marked "source documents", "2020 census" or "published" is
illustrative; district rows split from a city figure say so in their source ("illustrative split
of a city figure (...)"), Wuhan's district 60+ included (the city's 17.23 % share applied to each).
Lanzhou's series re-enact the figures of its 2016 five-cities plan on today's calendar (in fact
Lanzhou became a Garden City in 2017); Wuhan's ratios are over its 13 districts (10.93 M residents
in 2020), not the 12.33 M of the whole city. Lanzhou's National Double-Support Model City campaign is itself a
demo assumption (the source documents name that title in a five-cities list not tied to Lanzhou); its series are
illustrative and generated last, so adding them left every earlier series as it was. At the end the script rates every city-level title x indicator with the
status method of DESIGN.md and prints the table (a self-check of the story the demo tells).
"""
from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
CATALOG = HERE.parent / "catalog"
DEFAULT_OUT = HERE / "observations.csv"

SEED = 20240701
START, END = pd.Timestamp("2019-01-01"), pd.Timestamp("2026-10-01")
T_END = 2026 + 9 / 12
LZ, WH = "620100", "420100"

SRC_ILL, SRC_DOC, SRC_CENSUS = "illustrative", "source documents", "2020 census"
# District rows invented from a city figure say so in their source, not only in a note.
SPLIT = "illustrative split of a city figure ({})"
SRC_SPLIT_DOC = SPLIT.format(SRC_DOC)


# --------------------------------------------------------------------------- helpers
def periods(freq: str) -> pd.DatetimeIndex:
    step = {"month": 1, "quarter": 3, "year": 12}[freq]
    months = pd.date_range(START, END, freq="MS")
    return months[(months.month - 1) % step == 0]


def dec_year(p) -> np.ndarray:
    p = pd.DatetimeIndex(p)
    return (p.year + (p.month - 1) / 12).to_numpy(dtype=float)


def key_year(k: str) -> float:
    y, m = (k.split("-") + ["01"])[:2]
    return int(y) + (int(m) - 1) / 12


def interp(anchors: dict, per: pd.DatetimeIndex) -> np.ndarray:
    xs = np.array([key_year(k) for k in anchors])
    ys = np.array(list(anchors.values()), dtype=float)
    o = np.argsort(xs)
    return np.interp(dec_year(per), xs[o], ys[o])


def anchor_mask(anchors: dict, per: pd.DatetimeIndex) -> np.ndarray:
    ks = {key_year(k) for k in anchors}
    return np.isin(np.round(dec_year(per), 6), np.round(list(ks), 6))


def asof(frame: pd.DataFrame, per: pd.DatetimeIndex) -> pd.DataFrame:
    """Rows of `frame` (index = periods) as of each period in `per` (last at or before)."""
    idx = np.searchsorted(frame.index.values, per.values, side="right") - 1
    idx = np.clip(idx, 0, len(frame) - 1)
    out = frame.iloc[idx].copy()
    out.index = per
    return out


class Demo:
    def __init__(self):
        self.rng = np.random.default_rng(SEED)
        self.ind = pd.read_csv(CATALOG / "indicators.csv", dtype=str, keep_default_na=False).set_index("code")
        self.areas = pd.read_csv(CATALOG / "areas.csv", dtype=str, keep_default_na=False)
        self.ti = pd.read_csv(CATALOG / "title_indicators.csv", dtype=str, keep_default_na=False)
        self.camp = pd.read_csv(CATALOG / "campaigns.csv", dtype=str, keep_default_na=False)
        self.children = {c: self.areas.loc[self.areas.parent_code == c, "code"].tolist() for c in (LZ, WH)}
        self.frames: dict[tuple[str, str], pd.DataFrame] = {}   # (code, city) -> periods x areas
        self.src: dict[tuple[str, str], pd.DataFrame] = {}      # same shape: source text ('' = illustrative)
        self.note: dict[tuple[str, str], pd.DataFrame] = {}
        self.needed = {c: self._needed(c) for c in (LZ, WH)}

    # which indicator codes a city needs
    def _needed(self, city):
        titles = self.camp.loc[self.camp.area_code == city, "title_code"]
        codes = set(self.ti.loc[self.ti.title_code.isin(titles), "indicator_code"])
        for c in list(codes):
            r = self.ind.loc[c]
            codes |= {x for x in (r.numerator_code, r.denominator_code, r.weight_code) if x}
        # every public-service item of the twelve areas (issue 24), tracked with or without a benchmark
        served = set(self.ind.index[self.ind.get("service_area", pd.Series("", index=self.ind.index)) != ""])
        for c in list(served):
            r = self.ind.loc[c]
            served |= {x for x in (r.numerator_code, r.denominator_code, r.weight_code) if x}
        return codes | served | {"population", "elderly_population", "public_libraries", "cultural_centres"}

    def freq(self, code):
        return self.ind.loc[code, "frequency"]

    def noise(self, sd, shape):
        return self.rng.normal(0.0, sd, shape) if sd else np.zeros(shape)

    def put(self, code, city, frame, decimals):
        frame = frame.astype(float).round(decimals)
        self.frames[(code, city)] = frame
        self.src.setdefault((code, city), pd.DataFrame("", index=frame.index, columns=frame.columns))
        self.note.setdefault((code, city), pd.DataFrame("", index=frame.index, columns=frame.columns))
        return frame

    def mark(self, code, city, period, areas, source, note=""):
        p = pd.Timestamp(period)
        for a in areas:
            self.src[(code, city)].loc[p, a] = source
            if note:
                self.note[(code, city)].loc[p, a] = note

    # ------------------------------------------------------------------ generators
    def measure_growth(self, code, city, latest: dict, growth: dict, sd=0.0, decimals=0, min_value=0):
        """A stock that grows geometrically to its latest value (per district)."""
        per = periods(self.freq(code))
        dt = dec_year(per) - T_END
        cols = self.children[city]
        m = np.column_stack([latest[a] * (1 + growth.get(a, 0.0)) ** dt for a in cols])
        m = m * (1 + self.noise(sd, m.shape))
        return self.put(code, city, pd.DataFrame(np.maximum(m, min_value), index=per, columns=cols), decimals)

    def rel_matrix(self, city, per, level: dict, trend: dict, spread, tspread, sd):
        """1 + district level (relative, at the latest period) + trend x (t - latest) + noise."""
        cols = self.children[city]
        lv = np.array([level.get(a, self.rng.normal(0, spread)) for a in cols])
        tr = np.array([trend.get(a, self.rng.normal(0, tspread)) for a in cols])
        dt = dec_year(per)[:, None] - T_END
        return 1 + lv[None, :] + tr[None, :] * dt + self.noise(sd, (len(per), len(cols)))

    def ratio(self, code, city, anchors, *, path_sd=0.0, level=None, trend=None, spread=0.05,
              tspread=0.005, sd=0.01, derive="num", int_counts=True, exact=None, exact_decimals=2):
        """Generate the free measure of ratio `code` so the city ratio of district sums follows
        `anchors` (noise path_sd except at anchors). derive='num' builds the numerator from the
        (already generated) denominator, 'den' the reverse (residents per centre)."""
        r = self.ind.loc[code]
        num_c, den_c, scale = r.numerator_code, r.denominator_code, float(r.scale or 1)
        per = periods(self.freq(num_c if derive == "num" else den_c))
        target = interp(anchors, per)
        target = np.where(anchor_mask(anchors, per), target, target + self.noise(path_sd, len(per)))
        rel = self.rel_matrix(city, per, level or {}, trend or {}, spread, tspread, sd)
        dist_ratio = target[:, None] * rel
        cols = self.children[city]
        if derive == "num":
            den = asof(self.frames[(den_c, city)], per)[cols].to_numpy()
            num = dist_ratio * den / scale
            num *= (target / (num.sum(axis=1) / den.sum(axis=1) * scale))[:, None]
            dec = 0 if int_counts else 2
            out = self.put(num_c, city, pd.DataFrame(num, index=per, columns=cols), dec)
            if exact is not None:   # solve the last district so the rounded city ratio lands
                p = per[-1]
                d = asof(self.frames[(den_c, city)], per)[cols].loc[p]
                n = out.loc[p].copy()
                step = 1.0 if int_counts else 0.01
                need = exact * d.sum() / scale - (n.sum() - n[cols[-1]])
                n[cols[-1]] = round(need / step) * step
                for k in range(200):
                    val = round(n.sum() / d.sum() * scale, exact_decimals)
                    if val == round(exact, exact_decimals):
                        break
                    n[cols[-1]] += step if val < exact else -step
                else:
                    raise AssertionError(f"cannot land {code} on {exact}")
                out.loc[p] = n.round(dec)
                self.frames[(num_c, city)] = out
            return out
        num = asof(self.frames[(num_c, city)], per)[cols].to_numpy()
        den = num * scale / dist_ratio
        den *= ((num.sum(axis=1) / den.sum(axis=1) * scale) / target)[:, None]
        return self.put(den_c, city, pd.DataFrame(np.maximum(np.round(den), 1), index=per, columns=cols), 0)

    def wmean(self, code, city, anchors, *, path_sd=0.0, level=None, trend=None, spread=1.0,
              tspread=0.1, sd=0.3, decimals=2):
        """District values whose population-weighted mean follows `anchors` exactly."""
        r = self.ind.loc[code]
        per = periods(r.frequency)
        lo = float(r.value_min) if r.value_min else -np.inf
        hi = float(r.value_max) if r.value_max else np.inf
        target = interp(anchors, per)
        target = np.where(anchor_mask(anchors, per), target, target + self.noise(path_sd, len(per)))
        target = np.clip(target, lo, hi)
        cols = self.children[city]
        lv = np.array([(level or {}).get(a, self.rng.normal(0, spread)) for a in cols])
        tr = np.array([(trend or {}).get(a, self.rng.normal(0, tspread)) for a in cols])
        dt = dec_year(per)[:, None] - T_END
        v = target[:, None] + lv[None, :] + tr[None, :] * dt + self.noise(sd, (len(per), len(cols)))
        w = asof(self.frames[(r.weight_code, city)], per)[cols].to_numpy()
        for _ in range(50):
            v = np.clip(v + (target - (v * w).sum(axis=1) / w.sum(axis=1))[:, None], lo, hi)
        return self.put(code, city, pd.DataFrame(v, index=per, columns=cols), decimals)

    def city_only(self, code, city, anchors, *, path_sd=0.0, decimals=2, exact_all=False):
        r = self.ind.loc[code]
        per = periods(r.frequency)
        v = interp(anchors, per)
        if not exact_all:
            v = np.where(anchor_mask(anchors, per), v, v + self.noise(path_sd, len(per)))
        lo = float(r.value_min) if r.value_min else -np.inf
        hi = float(r.value_max) if r.value_max else np.inf
        return self.put(code, city, pd.DataFrame({city: np.clip(v, lo, hi)}, index=per), decimals)

    def explicit(self, code, city, by_year: dict, area=None, decimals=0):
        """Yearly values given as {year: value}; area None = city row."""
        per = periods(self.freq(code))
        v = [by_year[p.year] for p in per]
        return self.put(code, city, pd.DataFrame({area or city: v}, index=per), decimals)

    # ------------------------------------------------------------------ the story
    def build(self):
        self.population()
        self.lanzhou()
        self.wuhan()
        self.double_support()   # then: the random draws of the series above stay as they were
        from demo_services import build_services
        build_services(self)    # last, own random stream: the twelve public-service areas (issue 24)

    def population(self):
        a = self.areas.set_index("code")
        growth = {  # illustrative yearly growth rates around the census
            "620102": 0.006, "620103": 0.004, "620104": -0.003, "620105": 0.009, "620111": -0.004,
            "620121": -0.006, "620122": -0.005, "620123": 0.002, "620171": 0.05,
            "420102": 0.002, "420103": 0.001, "420104": -0.001, "420105": 0.006, "420106": 0.002,
            "420107": 0.0, "420111": 0.02, "420112": 0.018, "420113": 0.01, "420114": 0.012,
            "420115": 0.022, "420116": 0.004, "420117": -0.004}
        per = periods("year")
        for city in (LZ, WH):
            cols = self.children[city]
            for code, col, eg in (("population", "population_2020", 0.0), ("elderly_population", "elderly_60_2020", 0.035)):
                base = np.array([float(a.loc[c, col]) for c in cols])
                g = np.array([growth[c] + eg for c in cols])
                dt = (per.year.to_numpy() - 2020)[:, None]
                m = base[None, :] * (1 + g[None, :]) ** dt * (1 + self.noise(0.0015, (len(per), len(cols))))
                m[per.year == 2020, :] = base
                self.put(code, city, pd.DataFrame(m, index=per, columns=cols), 0)
                src = a.loc[city, "population_source"] if city == WH else a.loc[cols[0], "population_source"]
                what = "60+ (D)" if code == "elderly_population" else "resident population"
                # Wuhan's district 60+ are the city's 60+ share applied to each district: invented
                source = SPLIT.format("2020 census, city 60+ share 17.23%") \
                    if city == WH and code == "elderly_population" else SRC_CENSUS
                self.mark(code, city, "2020-01-01", cols, source, f"{what}; {src}")

    def lanzhou(self):
        c = LZ
        ch = self.children[c]
        CG, QLH, XG, AN, HG, YD, GL, YZ, XQ = ch
        urban = [CG, QLH, XG, AN, HG, XQ]
        # Lanzhou's unrounded latest population: nudge Chengguan's 2026 figure so that the
        # toilet gap at 4 per 10,000 reads a clean "+37 toilets" whatever the rounding.
        pop = self.frames[("population", c)]
        need = 4 * pop.iloc[-1].sum() / 1e4
        frac = need - math.floor(need)
        if not 0.6 <= frac <= 0.9:
            pop.iloc[-1, 0] += round((0.75 - frac) * 2500)
        # --- green space (quarterly areas, ha)
        self.measure_growth("built_up_area_ha", c, {CG: 9800, QLH: 5600, XG: 5200, AN: 4600, HG: 2300, YD: 2100,
                                                    GL: 1500, YZ: 3400, XQ: 7700},
                            {XQ: 0.07, AN: 0.02, CG: 0.01, QLH: 0.015, YZ: 0.02}, decimals=2)
        lvl = {CG: -0.02, QLH: 0.03, XG: -0.04, AN: 0.05, HG: 0.02, YD: -0.06, GL: -0.08, YZ: 0.0, XQ: 0.06}
        trd = {a: 0.0 for a in ch} | {XG: -0.025, CG: 0.012, XQ: 0.02, QLH: 0.004, AN: 0.006, YD: -0.003}
        # Xigu slipping; Chengguan and the New Area improving; the rest stalling
        cov = self.ratio("built_up_green_coverage_pct", c,
                         {"2019-01": 29.6, "2020-07": 30.1, "2022-01": 29.8, "2023-07": 30.0, "2024-07": 30.3,
                          "2025-07": 30.85, "2026-10": 31.44},
                         path_sd=0.08, level=lvl, trend=trd, sd=0.004, int_counts=False, exact=31.44)
        self.ratio("green_space_ratio_pct", c,
                   {"2019-01": 25.8, "2021-01": 26.0, "2022-07": 25.9, "2024-07": 26.2, "2025-07": 27.3,
                    "2026-10": 28.63},
                   path_sd=0.06, level={k: v * 0.9 for k, v in lvl.items()}, trend=trd, sd=0.004,
                   int_counts=False, exact=28.63)
        # green space is part of the green cover: district check
        gs = self.frames[("green_space_area_ha", c)]
        assert (gs.to_numpy() < cov.to_numpy()).all(), "green space must be below green cover"
        for code in ("green_coverage_area_ha", "green_space_area_ha"):
            v = "31.44%" if code.startswith("green_cov") else "28.63%"
            self.mark(code, c, END, ch, SRC_SPLIT_DOC, f"city ratio of district sums = {v} as the source documents state; district split illustrative")
        self.ratio("park_green_per_capita_m2", c, {"2019": 8.6, "2022": 9.0, "2024": 9.3, "2026": 9.62},
                   path_sd=0.05, spread=0.15, tspread=0.01, sd=0.01, int_counts=False)
        self.wmean("park_service_radius_coverage_pct", c,
                   {"2019": 58, "2022": 62, "2024": 66, "2025": 70.1, "2026": 74.3},
                   level={CG: 8, QLH: 5, AN: 4, YD: -16, GL: -18, YZ: -14, XQ: -6}, spread=3, sd=0.5)
        self.wmean("tree_lined_road_pct", c, {"2019": 62, "2022": 67, "2024": 70, "2025": 71.5, "2026": 72.6},
                   path_sd=0.3, spread=5, sd=0.6)
        self.wmean("residential_green_compliance_pct", c, {"2019": 91.5, "2022": 94, "2026": 97.4},
                   path_sd=0.3, spread=1.2, sd=0.3)
        self.city_only("native_woody_plant_index", c, {"2019": 0.81, "2026": 0.86}, path_sd=0.005)
        self.city_only("greening_satisfaction_pct", c, {"2019": 78.2, "2022": 81.5, "2026": 86.4}, path_sd=0.6)
        lots = {CG: 62, QLH: 34, XG: 22, AN: 24, HG: 6, YD: 8, GL: 4, YZ: 10, XQ: 10}   # 180 public lots
        self.measure_growth("public_parking_lots", c, lots, {a: 0.025 for a in ch}, decimals=0)
        pk = self.frames[("public_parking_lots", c)]
        pk.loc[pk.index >= pd.Timestamp("2024-01-01")] = np.array([lots[a] for a in ch], dtype=float)
        self.ratio("shaded_parking_share_pct", c, {"2019-01": 12, "2022-01": 18, "2024-07": 30, "2026-10": 55},
                   spread=0.15, tspread=0.02, sd=0.03)
        heat = {CG: 420000, QLH: 200000, XG: 120000, AN: 130000, HG: 30000, YD: 35000, GL: 15000, YZ: 60000, XQ: 70000}
        self.measure_growth("heating_households", c, heat, {a: 0.02 for a in ch} | {XQ: 0.08}, sd=0.002)
        self.ratio("heat_metering_share_pct", c, {"2019": 12, "2022": 17, "2024": 22, "2025": 25, "2026": 28},
                   spread=0.2, sd=0.02)
        waste_lv = {CG: 12, QLH: 10, XG: 9, AN: 11, HG: 2, XQ: 8, YD: -30, GL: -35, YZ: -28}
        waste_tr = {YD: 3.0, GL: 2.0, YZ: 3.5, CG: 0.0, QLH: 0.0, XG: 0.0, AN: 0.0, HG: 0.5, XQ: 0.5}
        self.wmean("domestic_waste_harmless_pct", c,
                   {"2019-01": 72, "2022-01": 76, "2024-07": 79, "2025-07": 80.9, "2026-10": 82.4},
                   path_sd=0.2, level=waste_lv, trend=waste_tr, sd=0.4)
        # --- sanitary
        self.wmean("domestic_sewage_treatment_pct", c, {"2019-01": 93.5, "2024-07": 96.0, "2026-10": 97.2},
                   path_sd=0.15, level={YD: -8, GL: -9, YZ: -7, HG: -4}, trend={YD: 1.0, GL: 1.2, YZ: 1.0, HG: 0.6},
                   spread=0.8, sd=0.3)
        self.wmean("mechanised_cleaning_pct", c, {"2019": 68, "2022": 76, "2026-10": 86}, path_sd=0.4, spread=4, sd=0.6)
        self.measure_growth("wet_markets", c, {CG: 82, QLH: 41, XG: 26, AN: 28, HG: 9, YD: 20, GL: 8, YZ: 27, XQ: 17},
                            {XQ: 0.08, AN: 0.02})
        self.ratio("standard_wet_markets_pct", c, {"2019": 58, "2022": 68, "2024": 74, "2026": 80},
                   spread=0.08, tspread=0.01, sd=0.03)
        self.wmean("fly_rodent_proofing_pct", c, {"2019-01": 91, "2024-07": 95.5, "2026-10": 96.4},
                   path_sd=0.15, spread=1.0, sd=0.3)
        self.wmean("immunisation_coverage_pct", c, {"2019-01": 96.8, "2026-10": 98.4}, path_sd=0.1, spread=0.5, sd=0.2)
        self.wmean("severe_mental_illness_mgmt_pct", c, {"2019-01": 82, "2022-01": 86, "2026-10": 91.2},
                   path_sd=0.3, spread=1.5, sd=0.4)
        self.city_only("vector_density_grade", c, {"2019": 2, "2026": 2}, decimals=0)
        self.city_only("infant_mortality_permille", c, {"2019": 5.2, "2026": 3.6}, path_sd=0.12)
        self.city_only("under5_mortality_permille", c, {"2019": 7.0, "2026": 5.1}, path_sd=0.15)
        self.city_only("maternal_mortality_per_100k", c, {"2019": 16.5, "2026": 11.0}, path_sd=1.2)
        self.city_only("life_expectancy_years", c, {"2019": 76.6, "2022": 77.1, "2024": 77.4, "2025": 77.62, "2026": 77.85})
        self.city_only("regular_exercise_pct", c, {"2019": 33.0, "2026": 38.2}, path_sd=0.4)
        self.city_only("sanitary_satisfaction_pct", c, {"2019": 88.1, "2026": 92.3}, path_sd=0.4)
        self.air(c)
        # --- environmental model
        self.city_only("major_env_incidents_3y", c, {"2019": 0, "2026": 0}, decimals=0)
        self.city_only("env_protection_agency_yn", c, {"2019": 0, "2026": 0}, decimals=0)
        self.city_only("env_investment_gdp_pct", c, {"2019": 1.5, "2026": 2.1}, path_sd=0.05)
        self.city_only("drinking_water_source_compliance_pct", c, {"2019": 100, "2026": 100})
        self.explicit("water_function_zone_compliance_pct", c,
                      {2019: 90.91, 2020: 90.91, 2021: 90.91, 2022: 100, 2023: 100, 2024: 100, 2025: 100, 2026: 100}, decimals=2) \
            if self.freq("water_function_zone_compliance_pct") == "year" else \
            self.city_only("water_function_zone_compliance_pct", c, {"2019-01": 90.91, "2021-10": 90.91, "2022-01": 100, "2026-10": 100})
        self.city_only("area_noise_db", c, {"2019": 55.8, "2026": 54.2}, path_sd=0.2)
        self.city_only("traffic_noise_db", c, {"2019": 69.8, "2026": 68.1}, path_sd=0.2)
        self.city_only("clean_energy_use_pct", c, {"2019": 33, "2022": 37, "2024": 41, "2025": 44.5, "2026": 47.8})
        self.city_only("vehicle_emission_inspection_pct", c, {"2019": 84, "2026": 92}, path_sd=0.4)
        self.city_only("industrial_solid_waste_use_pct", c, {"2019": 88, "2026": 93.5}, path_sd=0.3)
        # a one-off survey: a single observation -> insufficient_data
        self.put("env_public_satisfaction_pct", c, pd.DataFrame({c: [81.5]}, index=pd.DatetimeIndex(["2025-01-01"])), 1)
        self.mark("env_public_satisfaction_pct", c, "2025-01-01", [c], SRC_ILL, "first survey (one-off, Q4 2025); 首次问卷调查")
        self.city_only("school_env_education_pct", c, {"2019": 55, "2022": 62, "2024": 68, "2025": 74, "2026": 79})
        self.city_only("urban_env_assessment_score", c, {"2019": 68, "2022": 70, "2024": 72, "2025": 74, "2026": 75.5})
        # --- civilized
        self.city_only("minors_moral_education_score", c, {"2019": 86.0, "2026": 89.5}, path_sd=0.3)
        self.city_only("good_samaritan_support_pct", c, {"2019": 90.5, "2026": 93.0}, path_sd=0.3)
        # leads into the questionnaire: from 2025 on the figure IS the survey's (75.6 in 2025-R2, 76.9 in 2026-R1;
        # see drop_surveyed)
        self.city_only("citizen_satisfaction_pct", c, {"2019": 70.0, "2024": 74.8, "2025": 75.6, "2026": 76.9})
        self.ratio("registered_volunteers_pct", c, {"2019-01": 6.5, "2021-01": 9.0, "2024-07": 11.5, "2026-10": 12.8},
                   path_sd=0.03, spread=0.15, sd=0.004)
        self.health_and_services(c, beds_anchor={2019: 27532, 2020: 28452})
        # public toilets: exactly "+37 toilets" short of 4 per 10,000 at the latest population
        pop_latest = self.frames[("population", c)].iloc[-1].sum()
        have = math.floor(4 * pop_latest / 1e4) - 36
        self.ratio("public_toilets_per_10k", c, {"2019-01": 3.1, "2022-01": 3.4, "2024-07": 3.62,
                                                  "2026-10": have / pop_latest * 1e4},
                   path_sd=0.01, spread=0.12, tspread=0.01, sd=0.01, exact=have / pop_latest * 1e4, exact_decimals=6)
        self.ratio("elderly_care_beds_per_1000_elderly", c,
                   {"2019-01": 24, "2022-01": 27, "2024-07": 29.0, "2026-10": 31.8}, path_sd=0.1, spread=0.15, sd=0.01)
        self.wmean("public_toilet_service_radius_m", c, {"2019": 420, "2024": 330, "2026": 290},
                   spread=40, tspread=3, sd=5, decimals=0, level={YD: 80, GL: 90, YZ: 70, CG: -40})
        # --- historic
        for code in ("conservation_plan_yn", "rich_relics_yn", "historic_buildings_concentrated_yn",
                     "traditional_layout_yn", "historic_role_yn"):
            self.city_only(code, c, {"2019": 1, "2026": 1}, decimals=0)
        per = periods("year")
        self.put("historic_districts_count", c, pd.DataFrame(0.0, index=per, columns=ch), 0)
        self.note[("historic_districts_count", c)].loc[per[-1], QLH] = "Jintianguan (金天观) restoration under way"
        self.note[("historic_districts_count", c)].loc[per[-1], XG] = "Hekou village (河口村) restoration under way"
        rep = pd.DataFrame(0.0, index=per, columns=ch)
        rep.loc["2024-01-01", CG] = 1
        rep.loc["2025-01-01", [CG, QLH, XG]] = [2, 1, 0]
        rep.loc["2026-01-01", [CG, QLH, XG]] = [2, 1, 1]
        self.put("key_heritage_buildings_repaired", c, rep, 0)
        self.libraries(c, {CG: 2}, {CG: 2}, start_zero={XQ: 2021})

    def air(self, c):
        """Rolling 12-month good-air days (share derived from them) and PM2.5 mean; published
        calendar-year figures land on their Decembers."""
        per = periods("month")
        window = np.array([(p + pd.offsets.MonthBegin(1) - (p - pd.DateOffset(months=11))).days for p in per])
        if c == LZ:
            days = {"2019-01": 290, "2019-12": 296, "2020-12": 312, "2021-12": 296, "2022-12": 301, "2023-12": 282,
                    "2024-07": 303, "2024-12": 299, "2025-12": 293, "2026-10": 290}
            pub_days = {"2020-12": "Lanzhou environment bulletin 2020 (gscn.com.cn 2021-01-06): 312 days, 85.2%",
                        "2021-12": "Lanzhou environment bulletin 2021 (chinadaily.com.cn 2022-06-02): 296 days, 81.1%",
                        "2022-12": "Lanzhou environment bulletin 2022 (gansudaily.com.cn 2023-06-03): 301 days, 82.5%",
                        "2023-12": "Lanzhou environment bulletin 2023 (gansuci.cn 2024-07-10): 282 days, 77.3%"}
            pm = {"2019-01": 40, "2019-12": 36, "2020-12": 34, "2021-12": 32, "2022-12": 33, "2023-12": 37,
                  "2024-07": 38.0, "2025-12": 37.0, "2026-10": 36.3}
            pub_pm = {"2020-12": "Lanzhou environment bulletin 2020: 34", "2021-12": "Lanzhou environment bulletin 2021: 32",
                      "2022-12": "Lanzhou environment bulletin 2022: 33"}
        else:
            days = {"2019-01": 245, "2019-12": 252, "2020-12": 280, "2021-12": 285, "2022-12": 294, "2023-12": 290,
                    "2024-03": 292, "2025-12": 301, "2026-10": 305}
            pub_days = {"2022-12": "Wuhan environment bulletin 2022: 294 days, 80.5%"}
            pm = {"2019-01": 48, "2019-12": 45, "2020-12": 37, "2021-12": 36, "2022-12": 35, "2024-03": 34, "2026-10": 32}
            pub_pm = {"2019-12": "China City Statistical Yearbook 2020 (data year 2019): 45",
                      "2020-12": "China City Statistical Yearbook 2021 (data year 2020): 37",
                      "2022-12": "Wuhan environment bulletin 2022: <= 35, first time at grade II"}
        d = np.round(np.where(anchor_mask(days, per), interp(days, per), interp(days, per) + self.noise(2.0, len(per))))
        self.put("good_air_days", c, pd.DataFrame({c: d}, index=per), 0)
        self.put("good_air_share_pct", c, pd.DataFrame({c: d / window * 100}, index=per), 2)
        v = interp(pm, per)
        v = np.where(anchor_mask(pm, per), v, v + self.noise(0.25, len(per)))
        self.put("pm25_ugm3", c, pd.DataFrame({c: v}, index=per), 1)
        for k, n in pub_days.items():
            for code in ("good_air_days", "good_air_share_pct"):
                self.mark(code, c, k + "-01", [c], "published: environment bulletin", n)
        for k, n in pub_pm.items():
            src = "published: statistical yearbook" if "Yearbook" in n else "published: environment bulletin"
            self.mark("pm25_ugm3", c, k + "-01", [c], src, n)

    def health_and_services(self, c, beds_anchor=None, anchors=None):
        a = anchors or {
            "hospital": {"2019": 6.3, "2020": 6.53, "2023": 7.0, "2026": 7.45},
            "amb": {"2019-01": 0.85, "2022-01": 0.95, "2024-07": 1.02, "2026-10": 1.135},
            "centres": {"2019": 61000, "2024": 56000, "2026": 52500},
            "sports": {"2019": 1.55, "2022": 1.8, "2026": 2.15},
        }
        hb = self.ratio("hospital_beds_per_1000", c, a["hospital"], path_sd=0.04, spread=0.25, sd=0.01)
        if beds_anchor:  # city sums = China City Statistical Yearbook; district split illustrative
            for y, total in beds_anchor.items():
                p = pd.Timestamp(f"{y}-01-01")
                row = hb.loc[p] * total / hb.loc[p].sum()
                fl = np.floor(row)
                rem = int(total - fl.sum())
                fl.iloc[np.argsort(-(row - fl).to_numpy())[:rem]] += 1
                hb.loc[p] = fl
                self.mark("hospital_beds", c, p, hb.columns, SPLIT.format("China City Statistical Yearbook"),
                          f"district split illustrative; city sum {total:,} = China City Statistical Yearbook (data year {y})")
        self.ratio("ambulances_per_50k", c, a["amb"], path_sd=0.005, spread=0.15, sd=0.01)
        self.ratio("residents_per_health_centre", c, a["centres"], derive="den", path_sd=300, spread=0.1, sd=0.0)
        self.ratio("sports_ground_m2_per_capita", c, a["sports"], path_sd=0.02, spread=0.2, sd=0.01)

    def libraries(self, c, extra_lib: dict, extra_cc: dict, start_zero=None):
        per = periods("year")
        for code, extra in (("public_libraries", extra_lib), ("cultural_centres", extra_cc)):
            m = pd.DataFrame(1.0, index=per, columns=self.children[c])
            for k, v in extra.items():
                m[k] = float(v)
            for k, y in (start_zero or {}).items():
                m.loc[m.index.year < y, k] = 0.0
            self.put(code, c, m, 0)

    def wuhan(self):
        c = WH
        ch = self.children[c]
        JA, JH, QK, HY, WC, QS, HS, DXH, HN, CD, JX, HP, XZ = ch
        inner = [JA, JH, QK, HY, WC, QS, HS]
        self.measure_growth("built_up_area_ha", c,
                            {JA: 7500, JH: 2850, QK: 4100, HY: 8600, WC: 6500, QS: 5600, HS: 17500, DXH: 9800,
                             HN: 3200, CD: 7600, JX: 8900, HP: 6800, XZ: 4300},
                            {HS: 0.03, DXH: 0.03, JX: 0.035, CD: 0.03, HP: 0.025, XZ: 0.02, HN: 0.02, HY: 0.015}, decimals=2)
        lvl = {a: 0.0 for a in ch} | {JH: -0.25, QK: -0.15, JA: -0.05, WC: -0.05, HS: 0.08, HY: 0.05, JX: 0.1,
                                      HP: 0.06, XZ: 0.03, DXH: 0.02, CD: 0.04, HN: -0.03}
        trd = {a: 0.0 for a in ch} | {HS: 0.01, JX: 0.008, QK: 0.006, JH: -0.004}
        self.ratio("built_up_green_coverage_pct", c, {"2019-01": 40.0, "2021-01": 41.5, "2024-03": 42.6, "2026-10": 43.4},
                   path_sd=0.08, level=lvl, trend=trd, sd=0.004, int_counts=False)
        self.ratio("green_space_ratio_pct", c, {"2019-01": 35.0, "2026-10": 38.2},
                   path_sd=0.06, level={k: v * 0.9 for k, v in lvl.items()}, trend=trd, sd=0.004, int_counts=False)
        gs, cov = self.frames[("green_space_area_ha", c)], self.frames[("green_coverage_area_ha", c)]
        assert (gs.to_numpy() < cov.to_numpy()).all(), "green space must be below green cover"
        self.ratio("park_green_per_capita_m2", c, {"2019": 12.0, "2022": 13.8, "2026": 14.9},
                   path_sd=0.08, level={JH: -0.45, QK: -0.3, WC: -0.15, JA: -0.1, HS: 0.1, DXH: 0.15, JX: 0.2},
                   spread=0.1, tspread=0.01, sd=0.01, int_counts=False)
        pk, gsa = self.frames[("park_green_area_ha", c)], asof(self.frames[("green_space_area_ha", c)], periods("year"))
        assert (pk.to_numpy() < gsa[pk.columns].to_numpy()).all(), "park green space must be part of green space"
        self.wmean("park_service_radius_coverage_pct", c, {"2019": 78, "2026": 88}, path_sd=0.4, spread=3, sd=0.5)
        self.wmean("tree_lined_road_pct", c, {"2019": 85, "2026": 92}, path_sd=0.3, spread=2.5, sd=0.4)
        self.wmean("residential_green_compliance_pct", c, {"2019": 94, "2026": 98.5}, path_sd=0.2, spread=0.6, sd=0.2)
        self.city_only("native_woody_plant_index", c, {"2019": 0.88, "2026": 0.91}, path_sd=0.004)
        self.city_only("greening_satisfaction_pct", c, {"2019": 85.0, "2026": 91.2}, path_sd=0.5)
        self.measure_growth("public_parking_lots", c, {a: (95 if a in inner else 45) for a in ch}, {a: 0.04 for a in ch})
        self.ratio("shaded_parking_share_pct", c, {"2019-01": 45, "2024-03": 58, "2026-10": 66},
                   path_sd=0.5, spread=0.1, tspread=0.01, sd=0.02)
        # domestic waste: 100% everywhere (the yearbook shows 100 every year)
        per = periods(self.freq("domestic_waste_harmless_pct"))
        self.put("domestic_waste_harmless_pct", c, pd.DataFrame(100.0, index=per, columns=ch), 2)
        self.wmean("domestic_sewage_treatment_pct", c, {"2019-01": 95.0, "2022-01": 96.5, "2026-10": 97.8},
                   path_sd=0.15, level={HN: -5, XZ: -4, HP: -3, CD: -3, JX: -2}, spread=0.5, sd=0.2)
        self.wmean("mechanised_cleaning_pct", c, {"2019": 82, "2026-10": 95}, path_sd=0.3, spread=2, sd=0.4)
        self.measure_growth("wet_markets", c, {a: (90 if a in inner else 55) for a in ch} | {HN: 18, HS: 120}, {HS: 0.02, JX: 0.02})
        self.ratio("standard_wet_markets_pct", c, {"2019": 72, "2026": 88}, spread=0.06, tspread=0.01, sd=0.02)
        self.wmean("fly_rodent_proofing_pct", c, {"2019-01": 94, "2026-10": 97.5}, path_sd=0.1, spread=0.8, sd=0.2)
        self.wmean("immunisation_coverage_pct", c, {"2019-01": 97.8, "2026-10": 99.0}, path_sd=0.08, spread=0.3, sd=0.15)
        self.wmean("severe_mental_illness_mgmt_pct", c, {"2019-01": 86, "2026-10": 93}, path_sd=0.3, spread=1.2, sd=0.3)
        self.city_only("vector_density_grade", c, {"2019": 2, "2026": 2}, decimals=0)
        self.city_only("infant_mortality_permille", c, {"2019": 3.5, "2026": 2.4}, path_sd=0.1)
        self.city_only("under5_mortality_permille", c, {"2019": 5.0, "2026": 3.5}, path_sd=0.12)
        self.city_only("maternal_mortality_per_100k", c, {"2019": 10.0, "2026": 7.0}, path_sd=0.9)
        self.city_only("life_expectancy_years", c, {"2019": 79.2, "2026": 81.1}, path_sd=0.08)
        self.city_only("regular_exercise_pct", c, {"2019": 36, "2026": 42}, path_sd=0.4)
        self.city_only("sanitary_satisfaction_pct", c, {"2019": 90.2, "2026": 94.0}, path_sd=0.3)
        self.air(c)
        self.explicit("major_env_incidents_3y", c, {2019: 1, 2020: 1, 2021: 1, 2022: 0, 2023: 0, 2024: 0, 2025: 0, 2026: 0})
        self.city_only("env_protection_agency_yn", c, {"2019": 1, "2026": 1}, decimals=0)
        self.city_only("env_investment_gdp_pct", c, {"2019": 1.9, "2026": 2.4}, path_sd=0.05)
        self.city_only("drinking_water_source_compliance_pct", c, {"2019": 100, "2026": 100})
        self.city_only("water_function_zone_compliance_pct", c, {"2019": 100, "2026": 100})
        self.city_only("area_noise_db", c, {"2019": 56.0, "2026": 55.0}, path_sd=0.2)
        self.city_only("traffic_noise_db", c, {"2019": 68.5, "2026": 67.5}, path_sd=0.2)
        self.city_only("clean_energy_use_pct", c, {"2019": 55, "2026": 68}, path_sd=0.5)
        self.city_only("vehicle_emission_inspection_pct", c, {"2019": 88, "2026": 95}, path_sd=0.4)
        self.city_only("industrial_solid_waste_use_pct", c, {"2019": 92, "2026": 96}, path_sd=0.3)
        self.city_only("env_public_satisfaction_pct", c, {"2019": 84.0, "2026": 88.6}, path_sd=0.5)
        self.city_only("school_env_education_pct", c, {"2019": 86, "2026": 93}, path_sd=0.4)
        self.city_only("urban_env_assessment_score", c, {"2019": 82, "2026": 87}, path_sd=0.4)
        self.city_only("minors_moral_education_score", c, {"2019": 88.0, "2026": 92.0}, path_sd=0.3)
        self.city_only("good_samaritan_support_pct", c, {"2019": 91.0, "2026": 94.0}, path_sd=0.3)
        # leads into the 2025-R1 questionnaire (76.8); no survey yet in 2026 (see drop_surveyed)
        self.city_only("citizen_satisfaction_pct", c, {"2019": 72.0, "2024": 76.0, "2026": 77.5}, path_sd=0.3)
        self.ratio("registered_volunteers_pct", c, {"2019-01": 10.0, "2022-01": 14.0, "2026-10": 18.0},
                   path_sd=0.03, spread=0.2, sd=0.004)
        self.health_and_services(c, anchors={
            "hospital": {"2019": 6.9, "2022": 7.1, "2026": 7.6},
            "amb": {"2019-01": 1.05, "2026-10": 1.32},
            "centres": {"2019": 52000, "2026": 44000},
            "sports": {"2019": 1.7, "2026": 2.4}})
        self.ratio("public_toilets_per_10k", c, {"2019-01": 4.9, "2022-07": 5.5, "2024-03": 5.7, "2026-10": 5.9},
                   path_sd=0.01, spread=0.25, tspread=0.01, sd=0.01, exact=5.9, exact_decimals=1)
        self.ratio("elderly_care_beds_per_1000_elderly", c,
                   {"2019-01": 38, "2022-07": 48.5, "2024-03": 49.6, "2026-10": 50.8},
                   path_sd=0.1, spread=0.15, sd=0.01, exact=50.8, exact_decimals=1)
        self.mark("public_toilets", c, END, ch, SRC_SPLIT_DOC,
                  "city ratio of district sums = 5.9 per 10,000 as the source documents state (2022 report); district split illustrative")
        self.mark("elderly_care_beds", c, END, ch, SRC_SPLIT_DOC,
                  "city ratio of district sums > 50 per 1,000 elderly as the source documents state; district split illustrative")
        self.wmean("public_toilet_service_radius_m", c, {"2019": 330, "2026": 260}, spread=25, tspread=2, sd=4, decimals=0)
        self.libraries(c, {JH: 2, JA: 2, WC: 2}, {JH: 2})   # 16 libraries, 14 cultural centres (2022 report)

    def double_support(self):
        """Lanzhou's demo campaign for the National Double-Support Model City: every figure illustrative.
        The story: leadership items and pensions in order; the joint military-civilian office not yet set
        up; military spouses' placement far behind; conscription slipping in two counties since 2025."""
        c = LZ
        ch = self.children[c]
        CG, QLH, XG, AN, HG, YD, GL, YZ, XQ = ch
        per = periods("year")
        self.city_only("double_support_assessment_score", c,
                       {"2019": 80.5, "2022": 83.0, "2024": 85.0, "2025": 86.4, "2026": 87.5}, decimals=1)
        self.city_only("ds_org_leadership_points", c, {"2019": 5.0, "2023": 5.5, "2024": 5.75, "2025": 6.0, "2026": 6.0},
                       decimals=2)
        self.city_only("ds_publicity_education_points", c, {"2019": 4.0, "2024": 4.25, "2025": 4.25, "2026": 4.5},
                       decimals=2)
        self.city_only("ds_preferential_policies_yn", c, {"2019": 1, "2026": 1}, decimals=0)
        self.explicit("ds_leading_group_meetings", c, {2019: 1, 2020: 1, 2021: 1, 2022: 1, 2023: 1, 2024: 2, 2025: 2, 2026: 2})
        self.city_only("ds_joint_office_yn", c, {"2019": 0, "2026": 0}, decimals=0)
        self.city_only("ds_budget_yn", c, {"2019": 1, "2026": 1}, decimals=0)
        self.city_only("ds_veteran_placement_pct", c, {"2019": 91.0, "2022": 94.0, "2024": 95.5, "2025": 97.0, "2026": 98.2},
                       decimals=1)
        self.city_only("ds_pension_on_time_pct", c, {"2019": 100, "2026": 100}, decimals=1)
        self.city_only("ds_military_spouse_employment_pct", c,
                       {"2019": 62.0, "2022": 68.0, "2024": 71.0, "2025": 72.5, "2026": 73.4}, decimals=1)
        self.wmean("ds_service_station_coverage_pct", c,
                   {"2019": 42, "2020": 68, "2022": 88, "2024": 93.5, "2025": 95.2, "2026": 96.4},
                   level={CG: 3, QLH: 2, AN: 3, XG: 1, HG: -1, YD: -6, GL: -8, YZ: -5, XQ: 0}, trend={a: 0.0 for a in ch},
                   sd=0.3, decimals=1)
        # conscription: quota per district (persons a year), every quota met until 2024, then Yongdeng
        # and Yuzhong (then Gaolan) fall short: city 2025 2,479 / 2,500 = 99.2 %, 2026 2,463 / 2,505 = 98.3 %
        quota = {CG: 620, QLH: 380, XG: 260, AN: 240, HG: 110, YD: 330, GL: 120, YZ: 360, XQ: 80}
        q = pd.DataFrame({a: [quota[a]] * len(per) for a in ch}, index=per, dtype=float)
        q.loc["2026-01-01", XQ] = 85
        got = q.copy()
        got.loc["2025-01-01", [YD, YZ]] = [quota[YD] - 9, quota[YZ] - 12]
        got.loc["2026-01-01", [YD, YZ, GL]] = [quota[YD] - 17, quota[YZ] - 20, quota[GL] - 5]
        self.put("conscription_quota", c, q, 0)
        self.put("conscripts_enlisted", c, got, 0)

    # ------------------------------------------------------------------ output
    def long(self) -> pd.DataFrame:
        parts = []
        for (code, city), f in self.frames.items():
            if code not in self.needed[city]:
                continue
            s = f.stack().rename("value").reset_index()
            s.columns = ["period", "area_code", "value"]
            s["indicator_code"] = code
            s["source"] = self.src[(code, city)].stack().reindex(pd.MultiIndex.from_frame(s[["period", "area_code"]])).to_numpy()
            s["note"] = self.note[(code, city)].stack().reindex(pd.MultiIndex.from_frame(s[["period", "area_code"]])).to_numpy()
            parts.append(s)
        df = pd.concat(parts, ignore_index=True)
        df["source"] = df["source"].replace("", SRC_ILL)
        df["period"] = df["period"].dt.strftime("%Y-%m-%d")
        df = df[["indicator_code", "area_code", "period", "value", "source", "note"]]
        return df.sort_values(["indicator_code", "area_code", "period"], ignore_index=True)


def fmt_value(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(round(float(v), 6))


# ------------------------------------------------------------------ self-check: status method
def city_series(obs: pd.DataFrame, ind: pd.DataFrame, areas: pd.DataFrame, code: str, city: str) -> pd.Series:
    """The city figure per period as the product computes it (DESIGN.md roll-up rules)."""
    r = ind.loc[code]
    kids = areas.loc[areas.parent_code == city, "code"].tolist()
    def wide(c):
        f = obs[(obs.indicator_code == c) & obs.area_code.isin(kids)]
        f = f.pivot(index="period", columns="area_code", values="value")
        f.index = pd.DatetimeIndex(f.index)
        return f.sort_index()
    if r.aggregation == "city_only":
        f = obs[(obs.indicator_code == code) & (obs.area_code == city)]
        return pd.Series(f.value.to_numpy(), index=pd.DatetimeIndex(f.period)).sort_index()
    if r.kind == "ratio":
        num, den = wide(r.numerator_code), wide(r.denominator_code)
        if num.empty or den.empty:
            return pd.Series(dtype=float)
        den = asof(den, num.index)
        return num.sum(axis=1) / den.sum(axis=1) * float(r.scale or 1)
    v = wide(code)
    if v.empty:
        return pd.Series(dtype=float)
    if r.aggregation == "sum":
        return v.sum(axis=1)
    w = asof(wide(r.weight_code), v.index)[v.columns]
    return (v * w).sum(axis=1) / w.sum(axis=1)


def rate(series: pd.Series, threshold: float, direction: str, start, deadline):
    """Same method as cocreate/status.py (years = days / 365.25)."""
    s = series.dropna().sort_index()
    if s.empty:
        return "insufficient_data", None, None
    thr = 1.0 if direction == "yes_no" else threshold
    met = (lambda x: x <= thr) if direction == "down" else (lambda x: x >= thr)
    latest = float(s.iloc[-1])
    if met(latest):
        return "met", latest, None
    start, deadline = pd.Timestamp(start), pd.Timestamp(deadline)
    before = s[s.index <= start]
    bp = before.index[-1] if len(before) else s.index[0]
    win = s[s.index >= bp]
    if len(win) < 2:
        return "insufficient_data", latest, None
    t = ((win.index - pd.Timestamp("2000-01-01")).days / 365.25).to_numpy()
    slope = float(np.polyfit(t, win.to_numpy(dtype=float), 1)[0])
    base = float(win.iloc[0])
    if met(base):
        return "deteriorating", latest, None
    years = (deadline - bp).days / 365.25
    r = slope / ((thr - base) / years)
    # on track also needs the projected crossing (never before the month after the latest period)
    # no later than a month after the deadline
    intercept = float(np.polyfit(t, win.to_numpy(dtype=float), 1)[1])
    crossing = pd.Timestamp("2000-01-01") + pd.Timedelta(days=round((thr - intercept) / slope * 365.25)) if slope else None
    if crossing is not None:
        crossing = max(crossing, s.index[-1] + pd.DateOffset(months=1))
    on_time = crossing is not None and (slope > 0) == (thr > latest) and crossing <= deadline + pd.DateOffset(months=1)
    status = ("on_track" if r >= 0.95 and on_time else "needs_acceleration" if r >= 0.6
              else "off_track" if r >= 0 else "deteriorating")
    return status, latest, r


def self_check(obs: pd.DataFrame, quiet=False) -> pd.DataFrame:
    ind = pd.read_csv(CATALOG / "indicators.csv", dtype=str, keep_default_na=False).set_index("code")
    areas = pd.read_csv(CATALOG / "areas.csv", dtype=str, keep_default_na=False)
    ti = pd.read_csv(CATALOG / "title_indicators.csv", keep_default_na=False, dtype=str)
    camp = pd.read_csv(CATALOG / "campaigns.csv", dtype=str)
    rows = []
    for cp in camp.itertuples():
        for t in ti[ti.title_code == cp.title_code].itertuples():
            s = city_series(obs, ind, areas, t.indicator_code, cp.area_code)
            st, latest, r = rate(s, float(t.threshold), ind.loc[t.indicator_code, "direction"], cp.campaign_start, cp.deadline)
            rows.append(dict(area=cp.area_code, title=cp.title_code, indicator=t.indicator_code,
                             latest=latest, threshold=float(t.threshold), status=st, R=r))
    res = pd.DataFrame(rows)
    if not quiet:
        with pd.option_context("display.max_rows", 500, "display.width", 160, "display.float_format", "{:.3f}".format):
            print("city-level latest value and status, per campaign (title x indicator):")
            print(res.to_string(index=False))
            print("\nstatus counts per city x title:")
            print(res.pivot_table(index=["area", "title"], columns="status", values="indicator", aggfunc="count",
                                  fill_value=0).to_string())
    return res


def drop_surveyed(obs: pd.DataFrame) -> pd.DataFrame:
    """Remove the rows of an indicator a questionnaire question is tied to (questionnaire_questions.csv
    `indicator_code`) from the city's first surveyed period on: those figures ARE the questionnaire's
    (build-db writes them from questionnaire_results.csv through the import's path), and a demo value
    after the latest survey would be a figure no survey gave."""
    qq = pd.read_csv(CATALOG / "questionnaire_questions.csv", dtype=str, keep_default_na=False)
    qr = pd.read_csv(HERE / "questionnaire_results.csv", dtype={"area_code": str}, parse_dates=["survey_date"])
    tied = qr.merge(qq[qq.indicator_code != ""], left_on="question_code", right_on="code")
    first = tied.groupby(["indicator_code", "area_code"])["survey_date"].min()
    keep = pd.Series(True, index=obs.index)
    for (code, city), date in first.items():   # yearly indicators: the survey's year on
        keep &= ~((obs["indicator_code"] == code) & (obs["area_code"] == city)
                  & (pd.to_datetime(obs["period"]) >= pd.Timestamp(year=date.year, month=1, day=1)))
    return obs[keep].reset_index(drop=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output CSV (default data/demo/observations.csv)")
    ap.add_argument("--quiet", action="store_true", help="do not print the status summary")
    args = ap.parse_args(argv)
    demo = Demo()
    demo.build()
    obs = drop_surveyed(demo.long())
    out = obs.copy()
    out["value"] = out["value"].map(fmt_value)
    out["note"] = out["note"].fillna("")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.out, index=False, encoding="utf-8", lineterminator="\n")

    # key seeds, computed the way the product rolls up
    ind = demo.ind
    latest = lambda code, city: city_series(obs, ind, demo.areas, code, city).iloc[-1]
    assert round(latest("built_up_green_coverage_pct", LZ), 2) == 31.44
    assert round(latest("green_space_ratio_pct", LZ), 2) == 28.63
    assert round(latest("public_toilets_per_10k", WH), 1) == 5.9
    assert latest("elderly_care_beds_per_1000_elderly", WH) > 50
    assert latest("historic_districts_count", LZ) == 0
    res = self_check(obs, quiet=args.quiet)
    lz = set(res.loc[res.area == LZ, "status"])
    missing = {"met", "on_track", "needs_acceleration", "off_track", "deteriorating", "insufficient_data"} - lz
    assert not missing, f"Lanzhou lacks statuses {missing}"
    print(f"\nwrote {len(out):,} rows to {args.out}")


if __name__ == "__main__":
    main()
