"""figure_series (cocreate/store/series.py): each series of complete figures with its state up to every
period, kept by difference in the writer's transaction. Worked out by hand on a new series, and equal
to a rebuild from scratch after a seeded run of random imports, rollbacks and direct edits."""
from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from cocreate.intake.observations import ImportResult, load_frame, rollback_batch
from cocreate.store import db, series
from cocreate.store.figures import refresh_figures
from tests.random_writes import random_writes
from tests.test_figures import _catalog, _random_rows

KEYS = ["indicator_code", "area_code", "period"]
EXACT = ["next_period", "first_period"]
NUMBERS = ["value", "numerator", "denominator", "value_before_1", "value_before_2", "change", "typical_change"]


def _import(con, rows: list[tuple[str, float]], name: str) -> int:
    frame = pd.DataFrame({"indicator_code": "good_air_days", "area_code": "880100",
                          "period": [pd.Timestamp(p) for p, _ in rows], "value": [v for _, v in rows],
                          "note": None, "source": "fixture"})
    frame = frame.astype({"indicator_code": "string", "area_code": "string", "value": "float64", "note": "string",
                          "source": "string"})
    frame["period"] = frame["period"].astype("datetime64[s]")
    result = ImportResult(file_name=name, sha256="x", rows_accepted=len(frame))
    load_frame(con, frame, result, user_name="test")
    return result.batch_id


def _series(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM figure_series WHERE indicator_code = 'good_air_days' AND area_code = '880100' "
                       "ORDER BY period").df()


def test_a_new_series_worked_out_by_hand(fixture_con):
    # the empty city's good-air days: 200, 210, 205, 230 on 1 January 2022..2025
    _import(fixture_con, [("2022-01-01", 200), ("2023-01-01", 210), ("2024-01-01", 205), ("2025-01-01", 230)], "a.csv")
    s = _series(fixture_con)
    assert [p.year for p in s["period"]] == [2022, 2023, 2024, 2025]
    assert [None if pd.isna(p) else p.year for p in s["next_period"]] == [2023, 2024, 2025, None]
    # changes: -, +10, -5, +25; the typical change is the median |change| so far: -, 10, (5+10)/2, median(10,5,25)
    assert s["change"].tolist()[1:] == [10.0, -5.0, 25.0] and pd.isna(s["change"][0])
    assert s["typical_change"].tolist()[1:] == [10.0, 7.5, 10.0] and pd.isna(s["typical_change"][0])
    assert s["value_before_1"].tolist()[1:] == [200.0, 210.0, 205.0]
    assert s["value_before_2"].tolist()[2:] == [200.0, 210.0]

    # a month's file appends 2026: 220 (change -10; median of 10, 5, 25, 10 = 10); 2025 gets its next period
    batch = _import(fixture_con, [("2026-01-01", 220)], "b.csv")
    s = _series(fixture_con)
    assert s["next_period"].iloc[3].year == 2026 and pd.isna(s["next_period"].iloc[4])
    last = s.iloc[4]
    assert (last["value"], last["value_before_1"], last["value_before_2"], last["change"], last["typical_change"]) == (
        220.0, 230.0, 205.0, -10.0, 10.0)

    rollback_batch(fixture_con, batch)   # undone: the series ends in 2025 again
    s = _series(fixture_con)
    assert len(s) == 4 and pd.isna(s["next_period"].iloc[3]) and s["typical_change"].iloc[3] == 10.0


def _mismatches(kept: pd.DataFrame, rebuilt: pd.DataFrame) -> pd.DataFrame:
    assert not kept.duplicated(KEYS).any(), "figure_series has a key twice"
    m = rebuilt.merge(kept, on=KEYS, how="outer", suffixes=("_ref", "_kept"), indicator=True)
    bad = m["_merge"] != "both"
    for col in NUMBERS:
        a, b = m[col + "_ref"].astype(float), m[col + "_kept"].astype(float)
        bad |= ~((a.isna() & b.isna()) | np.isclose(a, b, rtol=1e-9, atol=1e-9))
    for col in EXACT:
        a, b = m[col + "_ref"], m[col + "_kept"]
        bad |= ~((a == b).fillna(False).astype(bool) | (a.isna() & b.isna()))
    return m[bad]


def _kept_and_rebuilt(con) -> tuple[pd.DataFrame, pd.DataFrame]:
    kept = con.execute("SELECT * FROM figure_series ORDER BY ALL").df()
    with db.transaction(con) as cur:
        refresh_figures(cur)   # a rebuild from scratch (one ordered pass per series, the running median)
    return kept, con.execute("SELECT * FROM figure_series ORDER BY ALL").df()


@pytest.mark.parametrize("pairs_per_row", [-1, 10**9])   # touched series rebuilt whole / by a join
def test_kept_by_difference_equals_a_rebuild(fixture_con, monkeypatch, pairs_per_row):
    monkeypatch.setattr(series, "REBUILD_FROM_PAIRS_PER_ROW", pairs_per_row)
    rng = random.Random(19)
    indicators = _catalog(fixture_con)

    def check(step):
        kept, rebuilt = _kept_and_rebuilt(fixture_con)
        assert len(rebuilt) > 50
        bad = _mismatches(kept, rebuilt)
        assert bad.empty, f"step {step}:\n{bad.head(10).to_string()}"

    random_writes(fixture_con, rng, 12, lambda step: _random_rows(rng, indicators, rng.randrange(1, 25)), check)


def test_only_complete_figures(fixture_con):
    n_incomplete = fixture_con.execute(
        "SELECT count(*) FROM figure_series s JOIN figures f USING (indicator_code, area_code, period) "
        "WHERE f.areas_reported <> f.areas_expected").fetchone()[0]
    n_complete = fixture_con.execute("SELECT count(*) FROM figures WHERE areas_reported = areas_expected").fetchone()[0]
    assert n_incomplete == 0
    assert fixture_con.execute("SELECT count(*) FROM figure_series").fetchone()[0] == n_complete
