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

from cocreate.store import figures_pg, source_counts
from cocreate.store import figures_rollup_sql as rollup_sql
from cocreate.store import figures_sql as sql
from cocreate.store.db import is_postgres, quote_ident
from cocreate.store.series import refresh_series_duckdb


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
        if full:   # the whole table, or whole cities (a bulk load in parts): the server's roll-up function
            return figures_pg.refresh_whole(cur, None if cities is None else _as_list(cities))
        return figures_pg.refresh_by_difference(cur, keys=keys, indicator_codes=_as_list(indicator_codes),
                                                area_codes=_as_list(area_codes),
                                                periods=_as_list(periods, _as_date))
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
            source_counts.refresh_areas(cur, [r[0] for r in cur.execute("SELECT area_code FROM _fig_scope").fetchall()]
                                        if scoped else None)
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
        deleted += cur.execute(rollup_sql.DELETE_ROLLUPS).fetchone()[0]
        first, last = cur.execute("SELECT min(period), max(period) FROM _fig_dr").fetchone()
        cur.execute(rollup_sql.KIDS, {"first": first, "last": last})
        inserted += cur.execute(rollup_sql.INSERT_ROLLUPS.format(columns=sql.COLUMNS)).fetchone()[0]
        refresh_series_duckdb(cur, full=False)   # the series of the keys just rewritten, from those periods
        source_counts.refresh_touched(cur)       # and the (area, period) source counts of the touched keys
        return {"deleted": int(deleted), "inserted": int(inserted), "full": False}
    finally:
        if registered:
            cur.unregister(registered)
        for table in sql.TEMP_TABLES:
            cur.execute("DROP TABLE IF EXISTS " + quote_ident(table))
