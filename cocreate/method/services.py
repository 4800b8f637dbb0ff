"""Public-service metrics and district geometry: small pure helpers for the services, rankings
and map pages (the figures themselves come from the figures table; nothing is re-rolled
up here)."""
from __future__ import annotations

import functools
import json

import pandas as pd

from cocreate import DATA_DIR

GEO_DIR = DATA_DIR / "geo"
# city code -> boundary file in data/geo (see data/geo/README.md for source and licence)
GEO_FILES = {"620100": "lanzhou_districts.geojson", "420100": "wuhan_districts.geojson"}


def incomplete_periods(series: pd.DataFrame) -> pd.DataFrame:
    """City roll-up periods where fewer districts reported than expected (shown, never summed
    silently): one row per indicator x period with areas_reported / areas_expected."""
    if series.empty:
        return series.iloc[0:0]
    s = series[(series["level"] == "city") & (~series["is_complete"].astype(bool))]
    return s[["indicator_code", "period", "value", "areas_reported", "areas_expected"]].reset_index(drop=True)


def latest_city_period(series: pd.DataFrame, indicator: str) -> dict | None:
    """The latest city row for one indicator (complete or not), to warn when it is incomplete."""
    s = series[(series["indicator_code"] == indicator) & (series["level"] == "city")]
    if s.empty:
        return None
    return s.sort_values("period").iloc[-1].to_dict()


@functools.cache
def _geojson_text(city: str) -> str | None:
    name = GEO_FILES.get(str(city))
    if not name or not (GEO_DIR / name).exists():
        return None
    return (GEO_DIR / name).read_text(encoding="utf-8")


def district_geojson(city: str) -> dict | None:
    """The simplified district boundaries of a city (FeatureCollection, feature id = area code),
    or None when the city has none stored (the map then draws markers at the centroids)."""
    text = _geojson_text(str(city))
    return json.loads(text) if text else None


# --- the twelve monitored areas (issue 24) ------------------------------------------------------------
NO_BENCHMARK = "no_benchmark"   # an item with a figure but no national figure to judge it by
NOT_TRACKED = "not_tracked"     # an item of the area with no figure for the city yet
# the rated row's columns carried onto an item (the status and what it is judged by)
_JUDGED = ["title_code", "title_sort", "title_short_zh", "title_short_en", "title_name_zh", "title_name_en",
           "status", "flags", "threshold", "threshold_confidence", "standard_ref_en", "standard_ref_zh",
           "standard_version_en", "standard_version_zh", "gap", "gap_units", "gap_unit_measure", "latest_value",
           "latest_period", "is_veto"]


def judged_items(items: pd.DataFrame, rated: pd.DataFrame, others: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each public-service item x area (queries/service_items.sql) with the status it is judged by: the
    benchmark set's rated row when it has one (`rated`), else the first campaigned title's that rates it
    (`others`, in title order), else none (no national figure). The rated rows are the pages' own rows:
    nothing is rated again here. `judged` says which: 'benchmark', 'title' or NO_BENCHMARK."""
    frames = [f for f in (rated, others) if f is not None and len(f)]
    out = items.copy()
    if frames:
        both = pd.concat([f.assign(_rank=i) for i, f in enumerate(frames)], ignore_index=True)
        sort = ["_rank"] + (["title_sort"] if "title_sort" in both else [])
        both = both.sort_values(sort, kind="stable").drop_duplicates(["indicator_code", "area_code"])
        keep = ["indicator_code", "area_code", "_rank"] + [c for c in _JUDGED if c in both]
        out = out.merge(both[keep], on=["indicator_code", "area_code"], how="left")
    else:
        out["_rank"], out["status"] = float("nan"), None
    tracked = out["value"].notna()
    out["judged"] = [("benchmark" if r == 0 else "title") if s is not None and not pd.isna(s) else
                     (NO_BENCHMARK if t else NOT_TRACKED) for r, s, t in zip(out["_rank"], out["status"], tracked)]
    return out.drop(columns="_rank")


def area_overview(judged: pd.DataFrame, city: str) -> pd.DataFrame:
    """One row per monitored area (in the catalog's order) at the city: how many items the area has,
    how many the city tracks (a figure), how many are judged (a status), the count per status, and
    the items with a figure but no national figure (n_no_benchmark) or no figure (n_not_tracked)."""
    from cocreate.method.status import STATUSES
    c = judged[judged["area_code"] == str(city)]
    rows = []
    for (code, sort, zh, en), g in c.groupby(["service_area", "service_sort", "service_name_zh", "service_name_en"],
                                            sort=False):
        row = {"service_area": code, "service_sort": int(sort), "service_name_zh": zh, "service_name_en": en,
               "n_items": len(g), "n_tracked": int(g["value"].notna().sum()),
               "n_judged": int(g["judged"].isin(["benchmark", "title"]).sum()),
               "n_no_benchmark": int((g["judged"] == NO_BENCHMARK).sum()),
               "n_not_tracked": int((g["judged"] == NOT_TRACKED).sum())}
        row.update({f"n_{s}": int((g["status"] == s).sum()) for s in STATUSES})
        rows.append(row)
    cols = ["service_area", "service_sort", "service_name_zh", "service_name_en", "n_items", "n_tracked", "n_judged",
            "n_no_benchmark", "n_not_tracked"] + [f"n_{s}" for s in STATUSES]
    return pd.DataFrame(rows, columns=cols).sort_values("service_sort", ignore_index=True)
