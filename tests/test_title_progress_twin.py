"""title_progress.sql against a plain-Python twin on every row of the demo store: the latest figure,
the baseline, the least-squares fit (status.summarise_series), the flags' inputs and the sources are
what the series in `figures` (complete periods up to the as-of date) and the observations give."""
import datetime as dt

import pandas as pd
import pytest

from cocreate.method.status import RECENT_COLUMNS, summarise_series
from cocreate.store import db


def _sources(obs: pd.DataFrame, areas: list, codes: list, first, last) -> str | None:
    o = obs[obs["area_code"].isin(areas) & obs["indicator_code"].isin(codes)
            & (obs["period"] >= first) & (obs["period"] <= last)]
    return "; ".join(sorted(set(o["source"].fillna("unknown")))) if len(o) else None


@pytest.mark.parametrize("area,as_of", [("620100", None), ("420100", dt.date(2025, 6, 1)), ("620102", None)])
def test_every_row_matches_the_python_twin(demo_con, area, as_of):
    rows = db.run(demo_con, "title_progress", area=area, title=None, as_of=as_of, with_children=True,
                  indicator=None)
    figures = demo_con.execute(
        "SELECT indicator_code, area_code, period, value, numerator, denominator FROM figures "
        "WHERE areas_reported = areas_expected AND (? IS NULL OR period <= ?) ORDER BY period",
        [as_of, as_of]).df()
    obs = demo_con.execute("SELECT area_code, indicator_code, period, source FROM observations").df()
    children = demo_con.execute("SELECT code, parent_code FROM areas").df()
    series = {k: g for k, g in figures.groupby(["indicator_code", "area_code"])}
    assert len(rows) > 50 and rows["n_points"].gt(2).sum() > 20
    for r in rows.to_dict("records"):
        g = series.get((r["indicator_code"], r["area_code"]))
        if g is None:
            assert r["n_points"] == 0 and pd.isna(r["latest_period"]) and pd.isna(r["sources"])
            continue
        twin = summarise_series(g["period"], g["value"], r["campaign_start"])
        assert r["latest_period"].date() == twin["latest_period"] and r["baseline_period"].date() == twin["baseline_period"]
        assert r["latest_value"] == twin["latest_value"] and r["baseline_value"] == twin["baseline_value"]
        assert r["n_points"] == twin["n_points"]
        for col in ("slope_per_year", "intercept"):
            if twin[col] is None:
                assert pd.isna(r[col]), col
            else:
                assert r[col] == pytest.approx(twin[col], rel=1e-6, abs=1e-9), col
        for col in RECENT_COLUMNS:
            assert (pd.isna(r[col]) if twin[col] is None else r[col] == pytest.approx(twin[col], abs=1e-9)), col
        last = g.iloc[-1]
        assert (r["latest_numerator"], r["latest_denominator"]) == pytest.approx((last["numerator"], last["denominator"]),
                                                                                 nan_ok=True)
        areas = [r["area_code"]] + children.loc[children["parent_code"] == r["area_code"], "code"].tolist()
        codes = [c for c in (r["indicator_code"], r["numerator_code"], r["denominator_code"]) if isinstance(c, str)]
        assert r["sources"] == _sources(obs, areas, codes, r["baseline_period"], r["latest_period"])
