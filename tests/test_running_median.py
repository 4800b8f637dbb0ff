"""cocreate/store/running_median.py: each series' running median, by hand and against DuckDB's window
(the form figure_series was kept with before), bit for bit."""
from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from cocreate.store.running_median import running_median


def test_two_series_by_hand():
    # series A: NULL, 10, 2, 6, 4 -> nothing yet; [10] = 10; [2, 10] = 2*0.5 + 10*0.5 = 6;
    #   [2, 6, 10] = 6; [2, 4, 6, 10] = 4*0.5 + 6*0.5 = 5
    # series B: 3, NULL, 1 -> [3] = 3; still [3] = 3; [1, 3] = 2
    first = np.array([1, 0, 0, 0, 0, 1, 0, 0], dtype=bool)
    values = np.array([0, 10, 2, 6, 4, 3, 0, 1], dtype=float)
    null = np.array([1, 0, 0, 0, 0, 0, 1, 0], dtype=bool)
    median, empty = running_median(first, values, null)
    assert empty.tolist() == [True] + [False] * 7
    assert median[1:].tolist() == [10, 6, 6, 5, 3, 3, 2]


def test_nothing_and_all_null():
    median, empty = running_median(np.array([], dtype=bool), np.array([]), np.array([], dtype=bool))
    assert len(median) == 0 and len(empty) == 0
    _, empty = running_median(np.array([1, 0], dtype=bool), np.array([0.0, 0.0]), np.array([1, 1], dtype=bool))
    assert empty.tolist() == [True, True]


def test_equals_duckdb_window_bit_for_bit():
    """Random series of 1 to 150 rows (more than the 64 ranks of one word), ties, nulls, values from
    1e-3 to 1e6, some NaN: the same doubles as median(x) OVER (... ROWS UNBOUNDED PRECEDING ...)."""
    rng = np.random.default_rng(19)
    lengths = rng.integers(1, 151, 400)
    series = np.repeat(np.arange(len(lengths)), lengths)
    period = np.concatenate([np.arange(n) for n in lengths])
    x = rng.random(len(series)) * rng.choice([1e-3, 1.0, 1e6], len(series))
    x = np.where(rng.random(len(x)) < 0.15, np.round(x), x)            # ties
    x = np.where(rng.random(len(x)) < 0.002, np.nan, x)                # NaN sorts above every number
    null = (rng.random(len(x)) < 0.1) | (period == 0)
    frame = pa.table({"s": series, "p": period, "x": pa.array(x, mask=null)})   # NaN kept apart from NULL
    want = duckdb.connect().execute(
        "SELECT median(x) OVER (PARTITION BY s ORDER BY p ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS m "
        "FROM frame ORDER BY s, p").fetchnumpy()["m"]
    median, empty = running_median(period == 0, np.where(null, 0, x), null)
    want_null = np.ma.getmaskarray(want)
    want_values = np.ma.getdata(want).astype(float)
    assert (empty == want_null).all()
    got, ref = median[~empty], want_values[~empty]
    assert ((got == ref) | (np.isnan(got) & np.isnan(ref))).all()
    assert not empty.all() and np.isnan(ref).any()
