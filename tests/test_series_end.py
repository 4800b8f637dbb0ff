"""kept.series_end (cocreate/store/series_middle.py): each series' last two rows and the middle of its sorted
|change| values, kept so that a file ending a series with one row works out its typical change from a
few values. Worked out by hand on a new series; after seeded runs of monthly files (a series' latest
period again, the next period), random files, rollbacks and direct edits, every kept state is what its
rows give, and figure_series equals a rebuild."""
from __future__ import annotations

import random

import pandas as pd
import pytest

from cocreate.intake.observations import ImportResult, load_frame, rollback_batch
from cocreate.store import db, series, series_middle
from cocreate.store.figures import refresh_figures
from tests.random_writes import random_writes
from tests.test_figure_series import _import, _kept_and_rebuilt, _mismatches
from tests.test_figures import _catalog, _random_rows

# every kept state against its series' rows: the tail as stored, w the run of the sorted |change| values
# from rank below + 1, the middle ranks inside it (a series may have none: it is worked out when needed)
_CHECK = """
WITH s AS (
    SELECT indicator_code, area_code, max(period) AS upto, arg_max_null(value, period) AS up_value,
           arg_max_null(value_before_1, period) AS up_before_1, arg_max_null(change, period) AS up_change,
           max(period) FILTER (WHERE next_period IS NOT NULL) AS prev,
           arg_max_null(value_before_1, period) FILTER (WHERE next_period IS NOT NULL) AS prev_before_1,
           min(first_period) AS first_period, count(change) AS n,
           coalesce(list(abs(change) ORDER BY abs(change)) FILTER (WHERE change IS NOT NULL), []::DOUBLE[]) AS sorted
    FROM figure_series GROUP BY indicator_code, area_code)
SELECT m.indicator_code, m.area_code, s.upto, m.upto, m.n, m.below, m.w
FROM kept.series_end m LEFT JOIN s USING (indicator_code, area_code)
WHERE s.indicator_code IS NULL
   OR m.upto IS DISTINCT FROM s.upto OR m.up_value IS DISTINCT FROM s.up_value
   OR m.up_before_1 IS DISTINCT FROM s.up_before_1 OR m.up_change IS DISTINCT FROM s.up_change
   OR m.prev IS DISTINCT FROM s.prev OR m.prev_before_1 IS DISTINCT FROM s.prev_before_1
   OR m.first_period IS DISTINCT FROM s.first_period OR m.n IS DISTINCT FROM s.n
   OR m.w IS DISTINCT FROM s.sorted[m.below + 1 : m.below + len(m.w)]
   OR (m.n > 0 AND NOT (m.below <= (m.n - 1) // 2 AND m.n // 2 <= m.below + len(m.w) - 1))
"""


def _end(con):
    return con.execute("SELECT * FROM kept.series_end WHERE indicator_code = 'good_air_days' AND area_code = '880100'"
                       ).fetchone()


def test_a_new_series_by_hand(fixture_con, monkeypatch):
    filled = []
    original = series_middle._fill
    monkeypatch.setattr(series_middle, "_fill", lambda cur, rows: (filled.append(rows), original(cur, rows)))
    # good-air days of the empty city 200, 210, 205, 230 (2022..2025): changes +10, -5, +25
    _import(fixture_con, [("2022-01-01", 200), ("2023-01-01", 210), ("2024-01-01", 205), ("2025-01-01", 230)], "a.csv")
    assert len(filled) == 1   # a new series: worked out from its rows
    _, _, upto, up_value, up_before_1, up_change, prev, prev_before_1, first, n, below, w = _end(fixture_con)
    assert (upto.year, up_value, up_before_1, up_change) == (2025, 230.0, 205.0, 25.0)
    assert (prev.year, prev_before_1, first.year) == (2024, 210.0, 2022)
    assert (n, below, w) == (3, 0, [5.0, 10.0, 25.0])   # |changes| sorted; 3 < 2 x HALF + 1: all kept

    # 2026: 220 appended (change -10): served from the kept end, no read of the rows; 10 goes into w
    # after the 10 already there; the median of 5, 10, 10, 25 = 10 * 0.5 + 10 * 0.5 = 10
    batch = _import(fixture_con, [("2026-01-01", 220)], "b.csv")
    assert len(filled) == 1
    _, _, upto, up_value, up_before_1, up_change, prev, prev_before_1, first, n, below, w = _end(fixture_con)
    assert (upto.year, up_value, up_before_1, up_change, prev.year, prev_before_1) == (2026, 220.0, 230.0, -10.0,
                                                                                       2025, 205.0)
    assert (n, below, w) == (4, 0, [5.0, 10.0, 10.0, 25.0])
    typical = fixture_con.execute("SELECT typical_change FROM figure_series WHERE indicator_code = 'good_air_days' "
                                  "AND area_code = '880100' AND period = DATE '2026-01-01'").fetchone()[0]
    assert typical == 10.0

    # 2026 again as 300 (change +70): the old |-10| leaves w, 70 ranks after it (w stays 5, 10, 25);
    # the median of 5, 10, 25, 70 = 10 * 0.5 + 25 * 0.5 = 17.5
    _import(fixture_con, [("2026-01-01", 300)], "c.csv")
    assert len(filled) == 1
    assert _end(fixture_con)[9:] == (4, 0, [5.0, 10.0, 25.0])
    assert fixture_con.execute("SELECT typical_change FROM figure_series WHERE indicator_code = 'good_air_days' "
                               "AND area_code = '880100' AND period = DATE '2026-01-01'").fetchone()[0] == 17.5

    rollback_batch(fixture_con, batch + 1)   # 220 again: served (one row leaves, one joins)
    assert _end(fixture_con)[9:] == (4, 0, [5.0, 10.0, 10.0, 25.0])
    rollback_batch(fixture_con, batch)       # the series ends in 2025 again: no new row, from its rows
    assert len(filled) == 2
    assert _end(fixture_con)[2].year == 2025 and _end(fixture_con)[9:] == (3, 0, [5.0, 10.0, 25.0])
    assert fixture_con.execute(_CHECK).fetchall() == []


def _monthly(con, rng: random.Random, append: bool) -> pd.DataFrame:
    """A clerk's file: the latest stored period of some district and city-only series, values changed,
    or the month after it."""
    latest = con.execute(
        "SELECT o.indicator_code, o.area_code, max(o.period) AS period, arg_max(o.value, o.period) AS value "
        "FROM observations o GROUP BY ALL ORDER BY ALL").fetchall()
    picked = rng.sample(latest, min(len(latest), rng.randrange(5, 40)))
    rows = []
    for code, area, period, value in picked:
        if append:
            period = (pd.Timestamp(period) + pd.DateOffset(months=1)).date()
        value = rng.choice([value, value + rng.choice([-3.0, 0.5, 2.0, 40.0]), round(rng.uniform(0, 100), 1)])
        rows.append({"indicator_code": code, "area_code": area, "period": pd.Timestamp(period), "value": float(value),
                     "note": None, "source": "fixture"})
    frame = pd.DataFrame(rows).astype({"indicator_code": "string", "area_code": "string", "value": "float64",
                                       "note": "string", "source": "string"})
    frame["period"] = frame["period"].astype("datetime64[s]")
    return frame


# as shipped; a tiny w, so that it runs out and is cut; every write rebuilding its series whole
@pytest.mark.parametrize("half, cap, pairs_per_row", [(8, 48, 20), (1, 4, 20), (8, 48, -1)])
def test_kept_ends_equal_their_rows(fixture_con, monkeypatch, half, cap, pairs_per_row):
    monkeypatch.setattr(series_middle, "HALF", half)
    monkeypatch.setattr(series_middle, "CAP", cap)
    monkeypatch.setattr(series, "REBUILD_FROM_PAIRS_PER_ROW", pairs_per_row)
    with db.transaction(fixture_con) as cur:
        refresh_figures(cur)   # the states of the build, with this HALF
    rng = random.Random(5 + half)
    indicators = _catalog(fixture_con)

    def new_frame(step):
        return (_monthly(fixture_con, rng, append=rng.random() < 0.5) if rng.random() < 0.7
                else _random_rows(rng, indicators, rng.randrange(1, 25)))

    def check(step):
        bad = fixture_con.execute(_CHECK).fetchall()
        assert bad == [], f"step {step}: {bad[:5]}"

    random_writes(fixture_con, rng, 14, new_frame, check, import_share=0.55)
    # a monthly file (not rebuilt whole): the states of its series come back from their rows
    monkeypatch.setattr(series, "REBUILD_FROM_PAIRS_PER_ROW", 20)
    frame = _monthly(fixture_con, rng, append=True)
    load_frame(fixture_con, frame, ImportResult(file_name="last.csv", sha256="x", rows_accepted=len(frame)),
               user_name="test")
    assert fixture_con.execute(_CHECK).fetchall() == []
    assert fixture_con.execute("SELECT count(*) FROM kept.series_end").fetchone()[0] >= len(frame)
    kept, rebuilt = _kept_and_rebuilt(fixture_con)
    assert _mismatches(kept, rebuilt).empty
