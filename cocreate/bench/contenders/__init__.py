"""Independent contenders for the pages' data questions (issue 19 item 4): for each question of
scripts/bench_questions.py, a bare DuckDB SQL text written for the question (the least work that
returns the same values; not the app's query file) and a pandas function written apart from both
(tables read into frames once, outside the timing: frames.Frames).

    QUESTIONS[name] = Contender(sql, pandas, keys, columns)
    bare(con, name, params) -> DataFrame        # the SQL contender on a cursor
    by_pandas(frames, name, params) -> DataFrame

`columns`: the app's columns each contender returns (compared with the app's query by
tests/test_bench_contenders.py: same rows, equal values, floats within 1e-9). title_progress's
contenders return the keys, every computed column and the status rule's catalog inputs; the 30 or
so descriptive catalog columns (names, units, notes in two languages) are left out of both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from cocreate.bench.contenders import latest_by_area, indicator_series, map_indicators, ranking_items, title_progress


@dataclass(frozen=True)
class Contender:
    sql: str
    pandas: Callable
    keys: tuple[str, ...]
    columns: tuple[str, ...]


QUESTIONS = {m.NAME: Contender(m.SQL, m.by_pandas, m.KEYS, m.COLUMNS)
             for m in (title_progress, map_indicators, ranking_items, latest_by_area, indicator_series)}


def bare(con, name: str, params: dict) -> pd.DataFrame:
    """The SQL contender of `name`, bound on a cursor (lists for tuples), fetched as a DataFrame."""
    bound = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}
    cur = con.cursor()
    try:
        return cur.execute(QUESTIONS[name].sql, bound).df()
    finally:
        cur.close()


def by_pandas(frames, name: str, params: dict) -> pd.DataFrame:
    return QUESTIONS[name].pandas(frames, **params)
