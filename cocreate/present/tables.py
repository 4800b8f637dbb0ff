"""Tables built from rated rows: the display version (words, formatted numbers) and the export
version (raw numbers, ISO dates). Pure functions; both languages."""
from __future__ import annotations

import math

import pandas as pd

from cocreate.present.honesty import confidence_label, confidence_of, flags_text, na_reason, threshold_mark
from cocreate.present.i18n import STRINGS, decimals_of, fmt_date, fmt_number, fmt_signed, pick, status_word, t

SEVERITY = {"deteriorating": 0, "off_track": 1, "needs_acceleration": 2, "insufficient_data": 3,
            "on_track": 4, "met": 5, "not_applicable": 6}


def _measure_unit(code: str | None, units: dict, lang: str) -> str:
    if not code:
        return ""
    row = units.get(code)
    return pick(row, "unit", lang) if row else code


def projected_text(row: dict, lang: str) -> str:
    """The projected date, or why there is none."""
    if row["status"] in ("met", "insufficient_data", "not_applicable"):
        return "—"
    p = row.get("projected_date")
    if p is None or (isinstance(p, float) and pd.isna(p)):
        return t("not_at_trend", lang)
    return fmt_date(p, lang, month_only=True)


def gap_units_text(row: dict, units: dict, lang: str) -> str:
    """'+37 座' style text for ratio indicators that are short."""
    g = row.get("gap_units")
    if g is None or pd.isna(g) or g <= 0:
        return ""
    measure = units.get(row.get("gap_unit_measure")) or {}
    d = decimals_of(measure, default=1)
    # whole things (toilets, beds, vehicles) are counted up: 5.8 vehicles short means 6 to buy
    n = fmt_number(math.ceil(g - 1e-9) if d == 0 else g, 0 if d == 0 or abs(g) >= 10 else 1, lang)
    return f"+{n} {_measure_unit(row.get('gap_unit_measure'), units, lang)}".strip()


# the fields progress_display reads (a row of a rated frame carries some sixty)
_DISPLAY_FIELDS = frozenset(
    ["latest_value", "threshold", "direction", "threshold_confidence", "status", "pace_needed_per_month", "is_veto",
     "flags", "gap", "gap_units", "gap_unit_measure", "projected_date", "latest_period", "decimals"]
    + [f"{field}_{lang}" for field in ("title_short", "title_name", "area_name", "unit", "indicator_name",
                                       "not_applicable_reason", "lead_dept", "category") for lang in ("zh", "en")])


def progress_display(rated: pd.DataFrame, lang: str, units: dict | None = None,
                     with_title: bool = False, with_area: bool = False) -> pd.DataFrame:
    """Rated rows as the table officials read: words, units, formatted numbers."""
    units = units or {}
    rows = []
    for r in rated[[c for c in rated.columns if c in _DISPLAY_FIELDS]].to_dict("records"):
        d = decimals_of(r)
        unit = pick(r, "unit", lang)
        row = {}
        if with_title:
            row[t("col_title", lang)] = pick(r, "title_short", lang) or pick(r, "title_name", lang)
        if with_area:
            row[t("col_area", lang)] = pick(r, "area_name", lang)
        thr = r["threshold"] if r["direction"] != "yes_no" else 1
        value_txt = fmt_number(r.get("latest_value"), d, lang, big=False)
        thr_txt = fmt_number(thr, d, lang, big=False)
        if r["direction"] == "yes_no":
            v = r.get("latest_value")
            value_txt = "—" if v is None or pd.isna(v) else t("yes" if v >= 1 else "no", lang)
            thr_txt = t("yes", lang)
        elif r["direction"] == "down":
            thr_txt = "≤ " + thr_txt
        else:
            thr_txt = "≥ " + thr_txt
        mark = threshold_mark(r)
        if mark:  # a threshold that is not a checked figure says so wherever it is shown
            thr_txt = f"{thr_txt} {mark}"
        na = r["status"] == "not_applicable"
        if na:
            value_txt = "—"
        pace = r.get("pace_needed_per_month")
        # what an official reads first comes first; reference columns trail (tables scroll sideways)
        row.update({
            t("col_indicator", lang): pick(r, "indicator_name", lang) + (" ★" if r.get("is_veto") else ""),
            t("col_value", lang): value_txt,
            t("col_threshold", lang): thr_txt,
            t("col_unit", lang): unit,
            t("col_status", lang): status_word(r["status"], lang),
            t("col_flags", lang): t("na_reason", lang, reason=na_reason(r, lang)) if na else flags_text(r.get("flags"), lang),
            t("col_gap", lang): "—" if r["status"] in ("met", "not_applicable") or r.get("gap") is None or pd.isna(r.get("gap"))
            else fmt_number(r["gap"], d, lang, big=False),
            t("col_gap_units", lang): gap_units_text(r, units, lang),
            t("col_projected", lang): projected_text(r, lang),
            t("col_pace", lang): "—" if pace is None or pd.isna(pace) or r["status"] in ("met", "not_applicable")
            else fmt_signed(pace, max(d, 2), lang),
            t("col_period", lang): fmt_date(r.get("latest_period"), lang, month_only=True),
            t("col_confidence", lang): confidence_label(confidence_of(r), lang),
            t("col_dept", lang): pick(r, "lead_dept", lang),
            t("col_category", lang): pick(r, "category", lang),
        })
        rows.append(row)
    return pd.DataFrame(rows)


def progress_export(rated: pd.DataFrame) -> pd.DataFrame:
    """Rated rows for CSV: codes, both languages' names, raw numbers, ISO dates."""
    cols = ["title_code", "indicator_code", "area_code", "indicator_name_zh", "indicator_name_en",
            "unit_zh", "unit_en", "direction", "latest_period", "latest_value", "threshold",
            "threshold_confidence", "standard_ref_en", "is_veto", "status", "flags", "not_applicable_reason_zh",
            "not_applicable_reason_en", "gap", "gap_units", "gap_unit_measure",
            "projected_date", "pace_needed_per_month", "pace_ratio", "baseline_period",
            "baseline_value", "campaign_start", "deadline", "lead_dept_zh", "lead_dept_en", "source"]
    # every download keeps where its figures came from and how sure each threshold is
    given = rated["threshold_confidence"] if "threshold_confidence" in rated else [None] * len(rated)
    rated = rated.assign(source=rated["sources"].fillna("") if "sources" in rated else "",
                         threshold_confidence=[confidence_of({"threshold_confidence": c}) for c in given])
    out = rated[[c for c in cols if c in rated.columns]].copy()
    for c in ("latest_period", "projected_date", "baseline_period", "campaign_start", "deadline"):
        if c in out:
            out[c] = [pd.Timestamp(v).date().isoformat() if v is not None and not pd.isna(v) else ""
                      for v in out[c]]
    return out


def sort_by_severity(rated: pd.DataFrame) -> pd.DataFrame:
    """Worst first: deteriorating, off track, needs acceleration, ..., met."""
    key = rated["status"].map(SEVERITY).fillna(9)
    return rated.assign(_sev=key).sort_values(["_sev", "title_code", "indicator_code"]).drop(columns="_sev")


def csv_headers(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A page download's headers in the interface language: in Chinese, every column with a
    csvh_<code> entry (locale/csv_headers.py) gets its Chinese name; the cells, the English file and
    columns without an entry are left as they are."""
    if lang != "zh":
        return df
    names = {col: t(f"csvh_{col}", lang) for col in df.columns if f"csvh_{col}" in STRINGS}
    return df.rename(columns=names) if names else df
