"""title_progress.sql against a plain-Python twin on every row of the demo store: the latest figure,
the baseline, the least-squares fit (status.summarise_series), the flags' inputs and the sources are
what the series in `figures` (complete periods up to the as-of date) gives: the sources are the union of
the kept lists (figures.source, glossary "figure_sources") of the figures from the baseline to the latest."""
import datetime as dt

import pandas as pd
import pytest

from cocreate.method.status import RECENT_COLUMNS, summarise_series
from cocreate.store import db


def _sources(g: pd.DataFrame, first, last) -> str:
    """The window's kept lists split on '; ', united, sorted by code point (= UTF-8 byte order), joined."""
    lists = g.loc[(g["period"] >= first) & (g["period"] <= last), "source"].fillna("unknown")
    return "; ".join(sorted({s for one in lists for s in one.split("; ")}))


@pytest.mark.parametrize("area,as_of", [("620100", None), ("420100", dt.date(2025, 6, 1)), ("620102", None)])
def test_every_row_matches_the_python_twin(demo_con, area, as_of):
    rows = db.run(demo_con, "title_progress", area=area, title=None, as_of=as_of, with_children=True,
                  indicator=None)
    figures = demo_con.execute(
        "SELECT indicator_code, area_code, period, value, numerator, denominator, source FROM figures "
        "WHERE areas_reported = areas_expected AND (? IS NULL OR period <= ?) ORDER BY period",
        [as_of, as_of]).df()
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
        assert r["sources"] == _sources(g, r["baseline_period"], r["latest_period"])


def check_window_sources(con) -> None:
    """A rating's sources, worked by hand on the fixture (public_services started 2024-01-01; public
    toilets monthly 2022-01..2026-10, population yearly each January, all from 'fixture'): the union of
    the kept sources of the complete figures from the baseline (2024-01-01: the last on or before the
    start) to the latest (2026-10-01). This write gives the small district 990102 a population from
    'census' at 2025-01, the big one 990101 a population from 'Yearbook' at 2022-06 and public toilets
    with no source at 2026-10."""
    from test_figures import _load
    _load(con, [("population", "990102", "2025-01-01", 100_000.0, "census"),
                ("population", "990101", "2022-06-01", 1_000_000.0, "Yearbook"),
                ("public_toilets", "990101", "2026-10-01", 300.0, None)])
    rows = db.run(con, "title_progress", area="990100", title="public_services", as_of=None, with_children=True,
                  indicator=None)
    got = rows[rows["indicator_code"] == "public_toilets_per_10k"].set_index("area_code")
    assert (got["baseline_period"].astype(str).str[:10] == "2024-01-01").all()
    assert (got["latest_period"].astype(str).str[:10] == "2026-10-01").all()
    # 990102: its ratios 2025-01..2025-12 read the census population as of their period: {census, fixture}
    assert got.loc["990102", "sources"] == "census; fixture"
    # 990101: the 2022-06 population is read by the ratios 2022-06..2022-12 only, before the baseline: not
    # named; its 2026-10 ratio {unknown (toilets), fixture (population as of 2026-10: 2026-01)}
    assert got.loc["990101", "sources"] == "fixture; unknown"
    # the city: its figures' lists, {census, fixture} in 2025 and {fixture, unknown} at 2026-10, united
    assert got.loc["990100", "sources"] == "census; fixture; unknown"


def test_a_ratings_sources_are_its_windows_kept_sources(fixture_con):
    check_window_sources(fixture_con)


def test_a_ratings_sources_are_the_same_on_the_server(pg_fixture_url):
    con = db.connect(pg_fixture_url)
    try:
        check_window_sources(con)
    finally:
        con.close()
