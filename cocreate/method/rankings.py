"""District rankings: weekly notification, monthly ranking, quarterly assessment (周通报、月排名、季考核).

Pure functions over item rows (one row per period x title x indicator x district with the latest
value, threshold, direction, is_veto, points: queries/ranking_items.sql, or rated rows from
title_progress with a `status` column). No I/O.

Method (shown on the page):
- An item is a title x indicator the city campaigns for that districts report (city-only
  indicators, benchmark pseudo-titles and items not applicable to the district are left out). An
  item is met when the district's latest figure of a complete period up to the period's end (the
  figure the status method reads) satisfies the threshold by the one definition (status.is_met /
  status.met_array); an item with no figure counts as not met (a district that does not report
  does not score).
- Score = points of the items met / points of all items, where an item weighs its standard's
  points (title_indicators.points) and 1 where the standard gives none.
- A district failing a veto item (一票否决) is marked and ranked after every district without
  one; then by score, higher first. Equal keys share a rank (competition ranking 1, 2, 2, 4).
- Change = previous period's rank - this period's rank (positive = moved up).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cocreate.method.status import met_array


FREQUENCIES = ("week", "month", "quarter")
ARROW_UP, ARROW_DOWN, ARROW_SAME, ARROW_NEW = "↑", "↓", "→", "•"
SCORE_COLUMNS = ["period", "area_code", "n_items", "n_met", "n_no_data", "points_total", "points_met",
                 "score", "veto_failing", "veto_items"]


# --- periods -------------------------------------------------------------------------------------
def period_end(day: dt.date, freq: str) -> dt.date:
    """Last day of the week (Sunday), month or quarter that contains `day`."""
    if freq == "week":
        return day + dt.timedelta(days=6 - day.weekday())
    if freq == "month":
        nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    if freq == "quarter":
        q_last_month = ((day.month - 1) // 3 + 1) * 3
        return period_end(dt.date(day.year, q_last_month, 1), "month")
    raise ValueError(f"unknown frequency {freq!r}")


def period_label(end: dt.date, freq: str) -> str:
    """2026-W42 / 2026-10 / 2026Q4."""
    if freq == "week":
        y, w, _ = end.isocalendar()
        return f"{y}-W{w:02d}"
    if freq == "month":
        return f"{end.year}-{end.month:02d}"
    return f"{end.year}Q{(end.month - 1) // 3 + 1}"


def periods(as_of: dt.date, freq: str, n: int) -> pd.DataFrame:
    """The last `n` periods up to the one containing `as_of`: label, end, and the date whose
    data the period uses (its end, but never after `as_of`: the current period is to date).
    A week uses the data as of its end, i.e. the latest monthly figure."""
    rows, end = [], period_end(as_of, freq)
    for _ in range(n):
        rows.append(dict(period=period_label(end, freq), period_end=end, data_as_of=min(end, as_of)))
        if freq == "week":
            start = end - dt.timedelta(days=6)
        elif freq == "month":
            start = end.replace(day=1)
        else:
            start = dt.date(end.year, end.month - 2, 1)
        end = start - dt.timedelta(days=1)
        end = period_end(end, freq)
    return pd.DataFrame(rows[::-1])


# --- scoring -------------------------------------------------------------------------------------
def met_flags(items: pd.DataFrame) -> pd.Series:
    """Whether each item row is met: from `status` when rated rows are given, otherwise the latest
    value against the threshold by the status method's one definition (status.met_array)."""
    if "status" in items.columns:
        return items["status"].eq("met")
    met = met_array(items["value"], items["threshold"], items["direction"].to_numpy(dtype=object, na_value=None))
    return pd.Series(met, index=items.index, dtype=bool)


def score_districts(items: pd.DataFrame, period_col: str = "period") -> pd.DataFrame:
    """One row per period x district: items, met, without data, points, score (0..1), veto."""
    if items.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    d = items.copy()
    if period_col not in d.columns:
        d[period_col] = ""
    d["_met"] = met_flags(d)
    value_col = "value" if "value" in d.columns else "latest_value"
    d["_no_data"] = d[value_col].isna()
    pts = pd.to_numeric(d["points"], errors="coerce") if "points" in d.columns else pd.Series(np.nan, index=d.index)
    d["_w"] = pts.where(pts > 0, 1.0).fillna(1.0)
    d["_wmet"] = d["_w"].where(d["_met"], 0.0)
    d["_veto_fail"] = d["is_veto"].fillna(False).astype(bool) & ~d["_met"]
    g = d.groupby([period_col, "area_code"], sort=True)
    out = pd.DataFrame({
        "n_items": g.size(),
        "n_met": g["_met"].sum().astype(int),
        "n_no_data": g["_no_data"].sum().astype(int),
        "points_total": g["_w"].sum(),
        "points_met": g["_wmet"].sum(),
        "veto_failing": g["_veto_fail"].any(),
    }).reset_index().rename(columns={period_col: "period"})
    out["score"] = out["points_met"] / out["points_total"].where(out["points_total"] > 0)
    out["score"] = out["score"].fillna(0.0)
    veto_items = (d[d["_veto_fail"]].groupby([period_col, "area_code"])["indicator_code"]
                  .agg(lambda s: ",".join(sorted(set(s)))).rename("veto_items").reset_index()
                  .rename(columns={period_col: "period"}))
    out = out.merge(veto_items, on=["period", "area_code"], how="left")
    out["veto_items"] = out["veto_items"].fillna("")
    return out[SCORE_COLUMNS]


def _sort_key(scores: pd.DataFrame) -> pd.Series:
    # veto failures after everyone else, then higher score first; rounded so float noise never splits a tie
    return scores["veto_failing"].astype(int) * 10 + (1 - scores["score"].astype(float).round(9))


def competition_rank(scores: pd.DataFrame) -> pd.DataFrame:
    """Add `rank` (1 = best) per period; equal keys share a rank and the next rank skips (1,2,2,4).
    Also `rank_from_bottom` (1 = worst, same rule) and `n_districts`."""
    out = scores.copy()
    if out.empty:
        for c in ("rank", "rank_from_bottom", "n_districts"):
            out[c] = pd.Series(dtype="int64")
        return out
    out["_key"] = _sort_key(out)
    out["rank"] = out.groupby("period")["_key"].rank(method="min", ascending=True).astype(int)
    out["rank_from_bottom"] = out.groupby("period")["_key"].rank(method="min", ascending=False).astype(int)
    out["n_districts"] = out.groupby("period")["area_code"].transform("size").astype(int)
    return out.drop(columns="_key").sort_values(["period", "rank", "area_code"]).reset_index(drop=True)


def with_changes(ranked: pd.DataFrame, period_order: list | None = None) -> pd.DataFrame:
    """Add previous rank, change (previous - current, positive = moved up) and the arrow."""
    out = ranked.copy()
    order = period_order or sorted(out["period"].unique())
    pos = {p: i for i, p in enumerate(order)}
    out["_pos"] = out["period"].map(pos)
    out = out.sort_values(["area_code", "_pos"])
    out["prev_rank"] = out.groupby("area_code")["rank"].shift(1)
    out["change"] = out["prev_rank"] - out["rank"]
    out["arrow"] = [ARROW_NEW if pd.isna(c) else ARROW_UP if c > 0 else ARROW_DOWN if c < 0 else ARROW_SAME
                    for c in out["change"]]
    return out.sort_values(["_pos", "rank", "area_code"]).drop(columns="_pos").reset_index(drop=True)


def rank_districts(items: pd.DataFrame, period_order: list | None = None, period_col: str = "period") -> pd.DataFrame:
    """Items -> scores -> competition ranks -> change since the previous period."""
    return with_changes(competition_rank(score_districts(items, period_col)), period_order)


def leading_trailing(ranked_period: pd.DataFrame, n: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leading on indicators (指标领先): rank <= n. Trailing (指标靠后): rank from the bottom <= n,
    not leading, plus every district failing a veto item. Ties are kept together, so a list may hold
    more than n. (Red and black lists, 红榜/黑榜, are the rectification ranking's words only.)"""
    lead = ranked_period[(ranked_period["rank"] <= n) & ~ranked_period["veto_failing"].astype(bool)]
    trail = ranked_period[((ranked_period["rank_from_bottom"] <= n) | ranked_period["veto_failing"].astype(bool))
                          & ~ranked_period["area_code"].isin(lead["area_code"])]
    return (lead.sort_values(["rank", "area_code"]).reset_index(drop=True),
            trail.sort_values(["rank", "area_code"], ascending=[False, True]).reset_index(drop=True))


def attach_periods(items: pd.DataFrame, period_table: pd.DataFrame) -> pd.DataFrame:
    """Label ranking_items rows (keyed by their data as-of date) with the period they stand for;
    several periods may share one as-of date (weeks within a month), so rows are duplicated."""
    pt = period_table[["period", "data_as_of"]].copy()
    pt["as_of"] = pd.to_datetime(pt["data_as_of"])
    it = items.copy()
    it["as_of"] = pd.to_datetime(it["as_of"])
    return it.merge(pt[["period", "as_of"]], on="as_of", how="inner")
