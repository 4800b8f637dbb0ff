"""The figures refresh on PostgreSQL (cocreate.store.figures.refresh_figures dispatches here), on the
writer's cursor and inside its transaction.

    refresh_by_difference(cur, keys=None, indicator_codes=None, area_codes=None, periods=None) -> dict
    refresh_whole(cur, cities=None) -> dict

By difference (every write: an import, a rollback, an edit), as the DuckDB path does (figures.py):
touched observation keys -> dirty leaf figures (incl. the ratios and weighted means reading a touched
measure as of the period until its next stored period) -> dirty roll-ups -> DELETE and INSERT those
only, then the series of the keys rewritten from their first changed period (series.py). Work in
proportion to the write, not to the cities behind it (figures_pg_sql.py: index probes per key).
Whole (a build, a bulk load in parts): every figure of the cities through the server's roll-up
function indicator_values_for (store/postgres/views.sql), then the sources, then their series.
Sources everywhere: glossary "figure_sources" (store/sources_sql.py)."""
from __future__ import annotations

from cocreate.store import figures_pg_sql as sql
from cocreate.store import source_counts
from cocreate.store.db import quote_ident
from cocreate.store.series import refresh_series_postgres
from cocreate.store.sources_sql import pg_both_sources, pg_split


def _drop_temps(cur) -> None:
    for table in sql.TEMP_TABLES:
        cur.native("DROP TABLE IF EXISTS " + quote_ident(table))


def refresh_by_difference(cur, keys=None, indicator_codes=None, area_codes=None, periods=None) -> dict:
    """`keys`: a table name or a frame of the touched (indicator_code, area_code, period); else the
    lists (None = any) select them. Returns {"deleted": n, "inserted": n, "full": False}."""
    registered = None
    _drop_temps(cur)
    if keys is not None:
        if not isinstance(keys, str):
            registered = keys_name = "_fig_keys_frame"
            cur.register(keys_name, keys)
        else:
            keys_name = keys
        cur.native(sql.TOUCHED_FROM_KEYS.format(keys=quote_ident(keys_name)))
    else:
        cur.native(sql.TOUCHED_FROM_LISTS, {"inds": indicator_codes, "areas": area_codes, "periods": periods})
    cur.native("ANALYZE _fig_t")
    cur.native(sql.DIRTY_LEAVES)
    cur.native("ANALYZE _fig_dl")
    cur.native(sql.DIRTY_ROLLUPS)
    cur.native("ANALYZE _fig_dr")
    deleted = cur.native(sql.DELETE_LEAVES).rowcount
    inserted = cur.native(sql.INSERT_LEAVES).rowcount
    deleted += cur.native(sql.DELETE_ROLLUPS).rowcount
    inserted += cur.native(sql.INSERT_ROLLUPS).rowcount
    refresh_series_postgres(cur)   # the series of the keys just rewritten (_fig_dl, _fig_dr), from those periods
    source_counts.refresh_touched(cur)   # the (area, period) source counts of the touched keys (_fig_t)
    _drop_temps(cur)
    if registered:
        cur.unregister(registered)
    return {"deleted": int(max(deleted, 0)), "inserted": int(max(inserted, 0)), "full": False}


# Whole cities: the server-side roll-up function (the same rules as the DuckDB macro) recomputes every
# figure of the cities with their districts; exact and set-based, for a build or a bulk load.
_CITIES = """
SELECT DISTINCT coalesce(a.parent_code, a.code) FROM areas a WHERE a.code = ANY(%(areas)s)
"""
_DELETE = "DELETE FROM figures WHERE area_code = ANY(%(areas)s)"
_INSERT = """
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
_LEAF_SOURCES = """
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
_ROLLUP_SOURCES = """
UPDATE figures f SET source = s.source
FROM (SELECT a.parent_code AS area_code, l.indicator_code, l.period,
             string_agg(DISTINCT x.source COLLATE "C", '; ' ORDER BY x.source COLLATE "C") AS source
      FROM figures l JOIN areas a ON a.code = l.area_code JOIN indicators i ON i.code = l.indicator_code
      CROSS JOIN LATERAL unnest({split}) AS x(source)
      WHERE a.parent_code = ANY(%(cities)s) AND NOT l.is_rollup AND i.aggregation <> 'city_only'
      GROUP BY a.parent_code, l.indicator_code, l.period) s
WHERE f.is_rollup AND f.area_code = s.area_code AND f.indicator_code = s.indicator_code AND f.period = s.period
""".replace("{split}", pg_split("l.source"))


def refresh_whole(cur, cities=None) -> dict:
    """Every figure of `cities` (None: of every area) with their districts, and their series whole."""
    cities_given = cities
    touched = cities if cities is not None else [r[0] for r in cur.native("SELECT code FROM areas").fetchall()]
    cities = [r[0] for r in cur.native(_CITIES, {"areas": list(touched)}).fetchall()]
    areas = cities + [r[0] for r in cur.native("SELECT code FROM areas WHERE parent_code = ANY(%(c)s)",
                                                  {"c": cities}).fetchall()]
    deleted = cur.native(_DELETE, {"areas": areas}).rowcount
    inserted = cur.native(_INSERT, {"areas": areas}).rowcount
    cur.native(_LEAF_SOURCES, {"areas": areas})
    cur.native(_ROLLUP_SOURCES, {"cities": cities})
    refresh_series_postgres(cur, areas, None)
    source_counts.refresh_areas(cur, None if cities_given is None else areas)
    return {"deleted": int(max(deleted, 0)), "inserted": int(max(inserted, 0)), "full": True}
