"""A SELECT's rows read through COPY + Arrow (cocreate.store.pg_read) give the frame the row path gives:
same columns, dtypes and values; NULL apart from the empty string; parameters bound as the driver binds
them; other column types left to the row path."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import psycopg
import pytest

from cocreate.store import db, dialect, pg_read

TYPES = """
SELECT * FROM (VALUES
  (1::int, 2::smallint, 3::bigint, 1.5::float8, 2.25::numeric, true, DATE '2025-07-31',
   TIMESTAMP '2025-07-31 01:02:03.000004', 'a,b "c"' || chr(10) || 'd', '', 'x'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'y')) AS t(i, s, b, f, n, flag, d, ts, txt, empty, plain)
"""


@pytest.fixture()
def cur(pg_fixture_url):
    con = db.connect(pg_fixture_url, read_only=True)
    cursor = con.cursor()
    yield cursor
    cursor.close()
    con.close()


def copied(cursor, sql: str, params=None) -> pd.DataFrame | None:
    """The COPY path alone (None: it declined)."""
    text, values = cursor._bind(dialect.translate(sql), params)
    return pg_read.frame(cursor._raw, text, values)


def test_every_type_null_and_empty_string(cur):
    out = copied(cur, TYPES)
    assert out is not None
    pd.testing.assert_frame_equal(out, cur.execute(TYPES).df(), check_exact=True)   # the row path's frame
    assert [str(out[c].dtype) for c in ["i", "s", "b", "f", "n", "flag", "d", "ts"]] == \
        ["Int32", "Int16", "Int64", "float64", "float64", "boolean", "datetime64[us]", "datetime64[us]"]
    assert out["i"].tolist() == [1, pd.NA] and out["b"].tolist() == [3, pd.NA]
    assert out["n"].iloc[0] == 2.25 and pd.isna(out["n"].iloc[1])
    assert out["flag"].tolist() == [True, pd.NA]
    assert out["d"].iloc[0] == pd.Timestamp(2025, 7, 31) and pd.isna(out["d"].iloc[1])
    assert out["ts"].iloc[0] == pd.Timestamp(2025, 7, 31, 1, 2, 3, 4)
    assert out["txt"].iloc[0] == 'a,b "c"\nd' and pd.isna(out["txt"].iloc[1])   # comma, quotes, newline kept
    assert out["empty"].iloc[0] == "" and pd.isna(out["empty"].iloc[1])         # '' is not NULL
    assert out["plain"].tolist() == ["x", "y"]
    # no NULL in a column: numpy's own dtypes, as DuckDB's df() gives them
    assert str(copied(cur, "SELECT 1::int AS i, false AS f")["i"].dtype) == "int32"
    assert str(copied(cur, "SELECT 1::int AS i, false AS f")["f"].dtype) == "bool"


def test_parameters_are_bound_as_the_driver_binds_them(cur):
    sql = ("SELECT $x AS x, pg_typeof($x)::text AS x_type, $s AS s, $n AS n, $big AS big, CAST(unnest($ds) AS DATE) AS d "
           "WHERE $missing IS NULL")
    params = {"x": 0.1, "s": "o'x\\y %s", "n": 7, "big": 2 ** 40, "ds": [dt.date(2025, 7, 31), dt.date(2025, 8, 31)], "missing": None}
    out = copied(cur, sql, params)
    pd.testing.assert_frame_equal(out, cur.execute(sql, params).df(), check_exact=True)
    assert out["x"].tolist() == [0.1, 0.1] and out["x_type"].tolist() == ["double precision"] * 2   # float8, exact
    assert out["s"].tolist() == ["o'x\\y %s"] * 2
    assert out["d"].tolist() == [pd.Timestamp(2025, 7, 31), pd.Timestamp(2025, 8, 31)]


def test_no_rows_and_repeated_names(cur):
    empty = copied(cur, "SELECT 1::int AS a, 'x' AS t WHERE false")
    assert list(empty.columns) == ["a", "t"] and len(empty) == 0 and str(empty["a"].dtype) == "int32"
    both = copied(cur, "SELECT 1 AS a, 2 AS a")
    assert list(both.columns) == ["a", "a_1"] == list(cur.execute("SELECT 1 AS a, 2 AS a").df().columns)


def test_other_types_are_left_to_the_row_path(cur):
    sql = """SELECT '{"a": 1}'::json AS j, ARRAY[1, 2] AS arr"""
    assert copied(cur, sql) is None
    out = cur.select_df(sql)
    assert out["j"].iloc[0] == {"a": 1} and list(out["arr"].iloc[0]) == [1, 2]


def test_small_answers_take_the_row_path_next_time(cur):
    sql = "SELECT generate_series(1, $n) AS k"
    text, _ = cur._bind(dialect.translate(sql), {"n": 3})
    pg_read._last_rows.pop(text, None)
    assert pg_read.worth_copying(text)                  # not seen yet: COPY
    assert cur.select_df(sql, {"n": 3})["k"].tolist() == [1, 2, 3]
    assert not pg_read.worth_copying(text)              # 3 rows < SMALL (200): rows next time
    assert len(cur.select_df(sql, {"n": 250})) == 250
    assert pg_read.worth_copying(text)                  # 250 >= 200: COPY again


def test_the_row_path_can_be_chosen(monkeypatch):
    monkeypatch.setenv("COCREATE_PG_COPY_READS", "0")
    assert not pg_read.worth_copying("SELECT 1 AS never_seen")
    monkeypatch.setenv("COCREATE_PG_COPY_READS", "1")
    assert pg_read.worth_copying("SELECT 1 AS never_seen")


def test_errors_are_the_servers_and_the_session_goes_on(cur):
    with pytest.raises(psycopg.errors.UndefinedTable):
        cur.select_df("SELECT x FROM no_such_table")
    assert cur.select_df("SELECT 2::int AS two")["two"].tolist() == [2]
