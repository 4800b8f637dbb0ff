"""The `figures` table: every indicator x area x period as the product reads it, worked out when
observations change (inside the writer's transaction), so a page reads a finished table.

    refresh_figures(cur, indicator_codes=None, area_codes=None, periods=None, keys=None) -> dict

It computes exactly what the roll-up macro `indicator_values_for` (views.sql, kept as the
reference; tests/test_figures.py compares the two) computes, plus the source, for only what a
write can have changed:
  touched observation keys (indicator, area, period)
  -> dirty leaf figures: a value/measure at its key; a ratio whose numerator is touched, at that
     key; a ratio whose denominator, or a weighted mean whose weight, is touched at period p, at
     every period from p until that measure's next stored period (they read it "as of" the period)
  -> dirty roll-ups: the city of every dirty district leaf (not city_only), same period
  -> DELETE the dirty leaf figures and INSERT them worked out from observations, with their sources
     (glossary "figure_sources", store/sources_sql.py); then DELETE the
     dirty roll-ups and INSERT them summed from the districts' leaf figures now in the table.
     Rows go in sorted by area_code (a city and its districts share a code prefix, so a city's
     rows sit together and the other row groups are skipped by min/max). Areas are two levels
     (a city and its districts), as the importer requires.
With every argument None the whole table is rebuilt. The caller owns the transaction and bumps
the data version.
"""
from __future__ import annotations

import datetime as dt

from cocreate.store import figures_sql as sql
from cocreate.store.db import is_postgres, quote_ident
from cocreate.store.sources_sql import pg_both_sources, pg_split
from cocreate.store.series import refresh_series_duckdb, refresh_series_postgres


def _leaf_sql(restricted: bool, scoped: bool = False) -> str:
    if restricted:
        return sql.LEAF.format(own_value=sql.OWN_VALUE_NEED, ratio_numerator=sql.RATIO_NUMERATOR_NEED,
                               as_of_areas=sql.AS_OF_AREAS_NEED)
    scope = sql.AREA_SCOPE if scoped else ""
    return sql.LEAF.format(own_value=sql.OWN_VALUE_ALL + scope, ratio_numerator=sql.RATIO_NUMERATOR_ALL + scope,
                           as_of_areas=scope)


def _insert_sql() -> str:
    return sql.INSERT.format(columns=sql.COLUMNS)


def _as_list(values, cast=str):
    return None if values is None else [cast(v) for v in values]


def _as_date(v) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def refresh_figures(cur, indicator_codes=None, area_codes=None, periods=None, keys=None,
                    cities=None) -> dict:
    """Bring `figures` up to date after a write to observations, on the caller's cursor and inside its
    transaction. `keys`: the observation keys the write touched (inserted, changed or deleted), as a
    DataFrame / Arrow table or the name of a table or registered frame with columns indicator_code,
    area_code, period. Otherwise the lists (None = any) select the touched keys; all None (and no
    keys) rebuilds the whole table; `cities` alone rebuilds those cities and their districts whole
    (a bulk load in parts). Returns {"deleted": n, "inserted": n, "full": bool}."""
    full = keys is None and indicator_codes is None and area_codes is None and periods is None
    if is_postgres(cur):
        if full and cities is not None:   # whole cities: the server's path recomputes touched cities anyway
            return _refresh_postgres(cur, False, _as_list(cities), None)
        return _refresh_postgres(cur, full, area_codes, keys, periods)
    registered = None
    try:
        cur.execute(sql.IND)
        cur.execute(sql.PARENTS)
        if full:
            scoped = cities is not None
            if scoped:
                cur.execute(sql.SCOPE, {"cities": _as_list(cities)})
                deleted = cur.execute("DELETE FROM figures WHERE area_code IN (SELECT area_code FROM _fig_scope)"
                                      ).fetchone()[0]
            else:
                deleted = cur.execute("DELETE FROM figures").fetchone()[0]
            cur.execute(_leaf_sql(restricted=False, scoped=scoped))
            inserted = cur.execute(_insert_sql()).fetchone()[0]
            refresh_series_duckdb(cur, full=True, scoped=scoped)
            return {"deleted": int(deleted), "inserted": int(inserted), "full": True}
        if keys is not None:
            if isinstance(keys, str):
                name = keys
            else:
                name = registered = "_fig_keys_frame"
                cur.register(name, keys)
            cur.execute(sql.TOUCHED_FROM_KEYS.format(keys=quote_ident(name)))
        else:
            cur.execute(sql.TOUCHED_FROM_LISTS, {
                "inds": _as_list(indicator_codes), "areas": _as_list(area_codes),
                "periods": _as_list(periods, _as_date)})
        cur.execute(sql.DIRTY_LEAVES)
        cur.execute(sql.DIRTY_ROLLUPS)
        cur.execute(sql.NEED)
        cur.execute(_leaf_sql(restricted=True))
        deleted = cur.execute(sql.DELETE_LEAVES).fetchone()[0]
        inserted = cur.execute(sql.INSERT_LEAVES.format(columns=sql.COLUMNS)).fetchone()[0]
        deleted += cur.execute(sql.DELETE_ROLLUPS).fetchone()[0]
        first, last = cur.execute("SELECT min(period), max(period) FROM _fig_dr").fetchone()
        cur.execute(sql.KIDS, {"first": first, "last": last})
        inserted += cur.execute(sql.INSERT_ROLLUPS.format(columns=sql.COLUMNS)).fetchone()[0]
        refresh_series_duckdb(cur, full=False)   # the series of the keys just rewritten, from those periods
        return {"deleted": int(deleted), "inserted": int(inserted), "full": False}
    finally:
        if registered:
            cur.unregister(registered)
        for table in sql.TEMP_TABLES:
            cur.execute("DROP TABLE IF EXISTS " + quote_ident(table))


# PostgreSQL: the server-side roll-up function (store/postgres/views.sql, the same rules as the DuckDB
# macro) recomputes every figure of the cities a write touched, with their districts. Coarser than the
# DuckDB path's per-key refresh, but exact, set-based and inside the writer's transaction. Sources as
# on DuckDB (glossary "figure_sources", store/sources_sql.py).
_PG_CITIES = """
SELECT DISTINCT coalesce(a.parent_code, a.code) FROM areas a WHERE a.code = ANY(%(areas)s)
"""
_PG_DELETE = "DELETE FROM figures WHERE area_code = ANY(%(areas)s)"
_PG_INSERT = """
INSERT INTO figures (area_code, indicator_code, period, value, numerator, denominator, areas_reported,
                     areas_expected, is_rollup, source)
SELECT v.area_code, v.indicator_code, v.period, v.value, v.numerator, v.denominator, v.areas_reported,
       v.areas_expected, v.is_rollup, NULL
FROM indicator_values_for(%(areas)s) v
WHERE v.area_code = ANY(%(areas)s)
ORDER BY v.area_code, v.indicator_code, v.period
"""
# a leaf's: its observation's; a ratio's: its numerator's and the denominator observation it reads (the
# latest stored on or before the period, as indicator_values_for reads it)
_PG_LEAF_SOURCES = """
UPDATE figures f SET source = s.source
FROM (SELECT l.area_code, l.indicator_code, l.period,
             CASE WHEN d.source IS NULL THEN l.source ELSE {both} END AS source
      FROM (SELECT f.area_code, f.indicator_code, f.period, i.kind, i.denominator_code,
                   coalesce(o.source, 'unknown') AS source
            FROM figures f JOIN indicators i ON i.code = f.indicator_code
            JOIN observations o
              ON o.indicator_code = CASE WHEN i.kind = 'ratio' THEN i.numerator_code ELSE i.code END
             AND o.area_code = f.area_code AND o.period = f.period
            WHERE f.area_code = ANY(%(areas)s) AND NOT f.is_rollup) l
      LEFT JOIN LATERAL (SELECT coalesce(o.source, 'unknown') AS source FROM observations o
                         WHERE l.kind = 'ratio' AND o.indicator_code = l.denominator_code
                           AND o.area_code = l.area_code AND o.period <= l.period
                         ORDER BY o.period DESC LIMIT 1) d ON true) s
WHERE NOT f.is_rollup AND f.area_code = s.area_code AND f.indicator_code = s.indicator_code AND f.period = s.period
""".replace("{both}", pg_both_sources("l.source", "d.source"))
# a roll-up's: its districts' leaf figures' sources, split, united, sorted, joined
_PG_ROLLUP_SOURCES = """
UPDATE figures f SET source = s.source
FROM (SELECT a.parent_code AS area_code, l.indicator_code, l.period,
             string_agg(DISTINCT x.source COLLATE "C", '; ' ORDER BY x.source COLLATE "C") AS source
      FROM figures l JOIN areas a ON a.code = l.area_code JOIN indicators i ON i.code = l.indicator_code
      CROSS JOIN LATERAL unnest({split}) AS x(source)
      WHERE a.parent_code = ANY(%(cities)s) AND NOT l.is_rollup AND i.aggregation <> 'city_only'
      GROUP BY a.parent_code, l.indicator_code, l.period) s
WHERE f.is_rollup AND f.area_code = s.area_code AND f.indicator_code = s.indicator_code AND f.period = s.period
""".replace("{split}", pg_split("l.source"))


def _refresh_postgres(cur, full: bool, area_codes, keys, periods=None) -> dict:
    from_period = None   # the first period a write touched: the series are rewritten from there
    if full or (keys is None and area_codes is None):
        touched = [r[0] for r in cur.native("SELECT code FROM areas").fetchall()]
        if not full and periods is not None:
            from_period = min(_as_list(periods, _as_date), default=None)
    elif keys is not None:
        if not isinstance(keys, str):
            cur.register("_fig_keys_frame", keys)
            keys = "_fig_keys_frame"
        touched = [r[0] for r in cur.native("SELECT DISTINCT area_code FROM " + quote_ident(keys)).fetchall()]
        from_period = cur.native("SELECT min(CAST(period AS DATE)) FROM " + quote_ident(keys)).fetchone()[0]
    else:
        touched = _as_list(area_codes)
        if periods is not None:
            from_period = min(_as_list(periods, _as_date), default=None)
    cities = [r[0] for r in cur.native(_PG_CITIES, {"areas": touched}).fetchall()]
    areas = cities + [r[0] for r in cur.native("SELECT code FROM areas WHERE parent_code = ANY(%(c)s)",
                                                  {"c": cities}).fetchall()]
    deleted = cur.native(_PG_DELETE, {"areas": areas}).rowcount
    inserted = cur.native(_PG_INSERT, {"areas": areas}).rowcount
    cur.native(_PG_LEAF_SOURCES, {"areas": areas})
    cur.native(_PG_ROLLUP_SOURCES, {"cities": cities})
    refresh_series_postgres(cur, areas, from_period)
    return {"deleted": int(max(deleted, 0)), "inserted": int(max(inserted, 0)), "full": bool(full)}
