"""The public-service series of the twelve monitored areas (issue 24), generated after every other
series of make_demo.py with their own random stream, so adding them left the earlier series as they were.

Wuhan's latest figures reproduce its public-services report of 2022-08-02 (source documents) on
today's calendar, as the demo does for every source-document figure: 16 public libraries (11 national
first-level), 14 cultural centres (11 first-level), 315 medical institutions, elderly-care facilities
100 % to standard, 1,800 new-energy buses added in the year, 100 % of four-level government service
matters on the unified platform, 65 schools and kindergartens renovated with 40,000 new places. A city
total kept by district is split over the districts for illustration and says so in its source. Every
other figure is illustrative; Lanzhou has no published figure for these series (its good-air days,
marked published in make_demo.py, serve the environment area)."""
from __future__ import annotations

import numpy as np
import pandas as pd

SEED = 20240724
REPORT = "as Wuhan's public-services report of 2022-08-02 states (source documents)"


def _split(total: int, weights: np.ndarray) -> np.ndarray:
    """Whole numbers proportional to `weights` summing to `total` (largest remainder)."""
    raw = total * weights / weights.sum()
    out = np.floor(raw)
    out[np.argsort(-(raw - out))[: int(total - out.sum())]] += 1
    return out


def district_counts(demo, code, city, totals: dict, weights: np.ndarray, sd=0.05):
    """A yearly count kept by district: each year's city total split by `weights` (with noise)."""
    from make_demo import periods, interp
    per = periods("year")
    city_total = np.round(interp(totals, per))
    m = np.vstack([_split(int(t), weights * (1 + demo.noise(sd, len(weights))).clip(0.2)) for t in city_total])
    return demo.put(code, city, pd.DataFrame(m, index=per, columns=demo.children[city]), 0)


def fixed_counts(demo, code, city, by_district: dict, default=0):
    from make_demo import periods
    per = periods("year")
    cols = demo.children[city]
    return demo.put(code, city, pd.DataFrame({a: [float(by_district.get(a, default))] * len(per) for a in cols},
                                             index=per), 0)


def build_services(demo) -> None:
    from make_demo import END, LZ, SRC_DOC, SRC_SPLIT_DOC, WH, periods
    demo.rng = np.random.default_rng(SEED)
    last_year = periods("year")[-1]
    for c in (LZ, WH):
        pop = demo.frames[("population", c)].iloc[-1].to_numpy()
        wh = c == WH
        ch = demo.children[c]
        # --- education
        demo.city_only("preschool_gross_enrolment_pct", c, {"2019": 88.0, "2026": 93.5} if wh else
                       {"2019": 84.0, "2022": 86.5, "2024": 87.6, "2026": 89.2}, path_sd=0.2, decimals=1)
        demo.city_only("compulsory_education_retention_pct", c, {"2019": 97.5, "2026": 98.6} if wh else
                       {"2019": 95.0, "2024": 95.4, "2026": 95.8}, path_sd=0.1, decimals=1)
        district_counts(demo, "schools_renovated", c, {"2019": 48, "2026": 65} if wh else {"2019": 18, "2026": 26}, pop)
        district_counts(demo, "new_school_places", c, {"2019": 26000, "2026": 40000} if wh else {"2019": 8000, "2026": 12500},
                        pop)
        # --- employment
        demo.city_only("urban_surveyed_unemployment_pct", c, {"2019": 5.6, "2020-04": 6.2, "2021": 5.4, "2026-10": 5.1} if wh
                       else {"2019": 5.9, "2020-04": 6.6, "2021": 6.0, "2024-07": 5.8, "2026-10": 5.6}, path_sd=0.05, decimals=1)
        district_counts(demo, "vocational_training_persons", c, {"2019": 240000, "2026": 310000} if wh else
                        {"2019": 70000, "2026": 92000}, pop)
        # --- medical
        district_counts(demo, "medical_institutions", c, {"2019": 296, "2026": 315} if wh else {"2019": 128, "2026": 141},
                        pop, sd=0.0)
        demo.ratio("licensed_doctors_per_1000", c, {"2019": 3.4, "2026": 4.1} if wh else {"2019": 3.0, "2022": 3.08, "2026": 3.15},
                   path_sd=0.02, spread=0.2, sd=0.01)
        # --- social security
        demo.city_only("pension_insurance_coverage_pct", c, {"2019": 93.0, "2026": 96.2} if wh else {"2019": 90.0, "2026": 93.5},
                       path_sd=0.15, decimals=1)
        demo.city_only("medical_insurance_coverage_pct", c, {"2019": 96.0, "2026": 97.1} if wh else {"2019": 95.5, "2026": 96.3},
                       path_sd=0.1, decimals=1)
        # --- transport
        demo.city_only("new_energy_bus_share_pct", c, {"2019": 55, "2022": 70, "2026": 96.5} if wh else
                       {"2019": 40, "2022": 52, "2026": 64}, path_sd=0.5, decimals=1)
        demo.explicit("new_energy_buses_added", c,
                      {2019: 900, 2020: 1100, 2021: 1300, 2022: 1500, 2023: 1600, 2024: 1700, 2025: 1750, 2026: 1800} if wh else
                      {2019: 150, 2020: 180, 2021: 200, 2022: 240, 2023: 260, 2024: 280, 2025: 300, 2026: 320})
        # --- safety
        demo.city_only("food_sampling_pass_pct", c, {"2019": 98.2, "2026": 98.9} if wh else {"2019": 97.1, "2026": 97.7},
                       path_sd=0.1, decimals=1)
        demo.city_only("public_safety_satisfaction_pct", c, {"2019": 96.0, "2026": 98.0} if wh else {"2019": 95.0, "2026": 97.0},
                       path_sd=0.2, decimals=1)
        # --- culture: first-level libraries and centres among make_demo.py's libraries and centres
        if wh:
            JA, JH, QK, HY, WC, QS, HS, DXH, HN, CD, JX, HP, XZ = ch
            fixed_counts(demo, "first_level_libraries", c, {JA: 2, JH: 2, WC: 2, QK: 1, HY: 1, QS: 1, HS: 1, DXH: 1})
            fixed_counts(demo, "first_level_cultural_centres", c, {JH: 2, JA: 1, QK: 1, HY: 1, WC: 1, QS: 1, HS: 1, DXH: 1,
                                                                   JX: 1, HP: 1})
        else:
            CG, QLH, XG, AN = ch[:4]
            fixed_counts(demo, "first_level_libraries", c, {CG: 1, QLH: 1, AN: 1})
            fixed_counts(demo, "first_level_cultural_centres", c, {CG: 2, QLH: 1, XG: 1})
        demo.ratio("culture_visits_per_10k", c, {"2019": 26000, "2020": 18000, "2021": 27000, "2026": 35200} if wh else
                   {"2019": 18000, "2020": 12000, "2021": 19500, "2026": 27500}, path_sd=300, spread=0.2, sd=0.02)
        # --- pension
        demo.city_only("pension_facilities_standard_pct", c, {"2019": 94, "2021": 98, "2022": 100, "2026": 100} if wh else
                       {"2019": 80, "2026": 91}, decimals=1, exact_all=wh)
        demo.city_only("nursing_bed_share_pct", c, {"2019": 40, "2026": 53.5} if wh else {"2019": 30, "2026": 44},
                       path_sd=0.3, decimals=1)
        # --- government services
        demo.city_only("gov_services_online_pct", c, {"2019": 85, "2021": 96, "2022": 100, "2026": 100} if wh else
                       {"2019": 78, "2024": 93, "2026": 97.5}, decimals=1, exact_all=True)
        demo.city_only("gov_services_satisfaction_pct", c, {"2019": 98.6, "2026": 99.3} if wh else {"2019": 97.0, "2026": 99.0},
                       path_sd=0.1, decimals=1)
    # Wuhan's report figures, at their latest period
    wh_kids = demo.children[WH]
    for code in ("pension_facilities_standard_pct", "gov_services_online_pct", "new_energy_buses_added"):
        demo.mark(code, WH, last_year, [WH], SRC_DOC, REPORT)
    for code, total in (("public_libraries", 16), ("first_level_libraries", 11), ("cultural_centres", 14),
                        ("first_level_cultural_centres", 11), ("medical_institutions", 315), ("schools_renovated", 65),
                        ("new_school_places", 40000)):
        got = demo.frames[(code, WH)].loc[last_year].sum()
        assert got == total, f"{code}: Wuhan's districts sum to {got}, not {total}"
        demo.mark(code, WH, last_year, wh_kids, SRC_SPLIT_DOC, f"city sum {total:,} {REPORT}; district split illustrative")
    assert (demo.frames[("first_level_libraries", WH)].to_numpy() <= demo.frames[("public_libraries", WH)].to_numpy()).all()
    assert END >= last_year
