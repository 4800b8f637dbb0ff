"""The running median of each series, as DuckDB's `median(x) OVER (PARTITION BY series ORDER BY period
ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)` returns it, bit for bit, in a fraction of its time
(province tier, 4.3M rows in 36k series: 1.2 s against 3.5 s; the window's frame is re-sorted at every
row). Used by cocreate/store/series.py for the typical change when it rewrites whole series.

    running_median(first, values, null) -> (the median of the series' non-null values up to each row,
                                            True where it has none yet: NULL)

The rows come sorted by series and period; `first` marks each series' first row. A series is a row of a
matrix: each value gets its rank in its series' sorted values once, then the periods are walked in step
for every series at once, the ranks seen so far kept as bits (two 64-bit words for 128 periods), and the
middle ranks found by counting bits. Like DuckDB (its quantile for DOUBLE): an odd count gives the
middle value itself, an even one `lo * 0.5 + hi * 0.5`; NaN sorts above every number.
"""
from __future__ import annotations

import numpy as np

_ONE = np.uint64(1)


def _select_bit(words: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The position (0-63) of the j-th (0-based) set bit of each word (it has more than j set bits):
    the largest m whose bits below m number j or fewer, found by halving."""
    lo = np.zeros(len(words), dtype=np.uint64)
    for step in (32, 16, 8, 4, 2, 1):
        m = lo + np.uint64(step)
        below = np.bitwise_count(words & ((_ONE << np.minimum(m, np.uint64(63))) - _ONE))
        lo = np.where((m <= 63) & (below <= j), m, lo)
    return lo.astype(np.int64)


def _kth_rank(bits: np.ndarray, counts_upto: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The j-th (0-based) set bit's index in each column of `bits` (a column: one series' 64-bit words;
    counts_upto: the running count of set bits down each column's words)."""
    cols = np.arange(len(j))
    word = (counts_upto <= j).sum(axis=0)                             # the word holding it
    before = np.where(word > 0, counts_upto[np.maximum(word - 1, 0), cols], 0)
    return word * 64 + _select_bit(bits[word, cols], (j - before).astype(np.uint64))


def running_median(first: np.ndarray, values: np.ndarray, null: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """first, null: bool arrays; values: float array (read where not null). Rows sorted by series, then
    period; first is True on each series' first row. Returns (median, empty): float64, the median of the
    series' non-null values up to and including each row; bool, True where there is none yet (the
    median's slot is then NaN, to be read as NULL)."""
    n = len(values)
    if n == 0:
        return np.empty(0), np.empty(0, dtype=bool)
    first = np.asarray(first, dtype=bool).copy()
    first[0] = True
    starts = np.flatnonzero(first)
    series = np.cumsum(first) - 1
    pos = np.arange(n) - starts[series]
    n_series, width = len(starts), int(pos.max()) + 1
    lengths = np.diff(np.append(starts, n))
    null = np.asarray(null, dtype=bool)
    grid = np.full((n_series, width), np.nan)                        # NaN: null or past the series' end
    grid[series[~null], pos[~null]] = np.asarray(values, dtype=float)[~null]
    present = np.zeros((n_series, width), dtype=bool)
    present[series[~null], pos[~null]] = True
    order = np.argsort(grid, axis=1, kind="stable")                  # NaN last, a real NaN before the gaps
    ranked = np.take_along_axis(grid, order, axis=1)                 # each series' values in rank order
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(width), (n_series, width)), axis=1)
    # by period, then series: each step reads whole rows
    rank_at, present_at = np.ascontiguousarray(rank.T), np.ascontiguousarray(present.T)
    ranked = ranked.ravel()
    bits = np.zeros(((width + 63) // 64, n_series), dtype=np.uint64)
    count = np.zeros(n_series, dtype=np.int64)
    out = np.full((width, n_series), np.nan)
    seen_by = np.zeros((width, n_series), dtype=np.int64)            # the non-null values up to each row
    for k in range(width):
        seen = np.flatnonzero(present_at[k])
        r = rank_at[k, seen]
        bits[r >> 6, seen] |= _ONE << (r & 63).astype(np.uint64)
        count[seen] += 1
        seen_by[k] = count
        live = np.flatnonzero((count > 0) & (lengths > k))
        if not len(live):
            continue
        b, c = bits[:, live], count[live]
        upto = np.cumsum(np.bitwise_count(b), axis=0)
        hi = ranked[live * width + _kth_rank(b, upto, c // 2)]
        out[k, live] = hi                                            # an odd count: the middle value
        even = np.flatnonzero(c % 2 == 0)
        if len(even):
            lo = ranked[live[even] * width + _kth_rank(b[:, even], upto[:, even], c[even] // 2 - 1)]
            out[k, live[even]] = lo * 0.5 + hi[even] * 0.5
    return out[pos, series], seen_by[pos, series] == 0
