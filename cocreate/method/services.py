"""Public-service metrics and district geometry: small pure helpers for the services, rankings
and map pages (the figures themselves come from the figures table; nothing is re-rolled
up here)."""
from __future__ import annotations

import functools
import json
import math

import pandas as pd

from cocreate import DATA_DIR
from cocreate.present.i18n import fmt_number, pick, t

GEO_DIR = DATA_DIR / "geo"
# city code -> boundary file in data/geo (see data/geo/README.md for source and licence)
GEO_FILES = {"620100": "lanzhou_districts.geojson", "420100": "wuhan_districts.geojson"}


def gap_units_text(row, measures: dict, lang: str, with_measure: bool = True) -> str:
    """'+420 张（养老床位数）' / '+420 beds (Elderly-care beds)': a rated row's gap in whole units of
    its raw measure at the current base; '' when met or not a ratio."""
    n = row.get("gap_units")
    if n is None or (isinstance(n, float) and math.isnan(n)) or n <= 0:
        return ""
    code = row.get("gap_unit_measure")
    m = measures.get(code, {})
    whole = math.ceil(n - 1e-9)  # whole toilets / beds / centres: round up what is still needed
    unit = pick(m, "unit", lang) if m else ""
    name = pick(m, "name", lang) if m else (code or "")
    if lang == "en" and unit in ("", "count"):
        if not with_measure:
            return f"+{fmt_number(whole, 0, lang, big=False)}"
        return t("sv_gap_units_plain", lang, n=fmt_number(whole, 0, lang, big=False), measure=name.lower())
    if not with_measure:
        return f"+{fmt_number(whole, 0, lang, big=False)} {unit}".rstrip()
    return t("sv_gap_units", lang, n=fmt_number(whole, 0, lang, big=False), unit=unit, measure=name)


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
