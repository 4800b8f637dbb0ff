"""`observation_sources` (schema_figures.sql): how many observations each area holds per period and
source, kept in the writer's transaction beside `figures` (figures.py and figures_pg.py call it), so the
sidebar's and the stamp's questions (demo_data_share.sql, area_sources.sql) read a few rows per area and
period instead of every observation of a city (issue 19: 196,800 index entries a page on PostgreSQL at
the city tier, 25-63 ms against 2-5 on DuckDB).

    refresh_touched(cur)          the (area, period) pairs of the figures refresh's touched keys (_fig_t)
    refresh_areas(cur, areas)     whole areas (None: every area): a build, a bulk load in parts
    fill_if_missing(cur) -> bool  a store made before the table: counted once

A write recounts the (area, period) pairs it touched from their observations (an index range each on
PostgreSQL): work in proportion to the file, the same SQL on both engines.
"""
from __future__ import annotations

from cocreate.store.engine import is_postgres

COUNT = """SELECT o.area_code, o.period, o.source, count(*) AS n_observations FROM observations o"""
PAIRS = "CREATE TEMP TABLE _src_pairs AS SELECT DISTINCT area_code, period FROM _fig_t"
DELETE_PAIRS = """DELETE FROM observation_sources s USING _src_pairs p
WHERE s.area_code = p.area_code AND s.period = p.period"""
INSERT_PAIRS = ("INSERT INTO observation_sources (area_code, period, source, n_observations)\n" + COUNT +
                "\nJOIN _src_pairs p ON p.area_code = o.area_code AND p.period = o.period"
                "\nGROUP BY o.area_code, o.period, o.source")
INSERT_ALL = ("INSERT INTO observation_sources (area_code, period, source, n_observations)\n" + COUNT +
              "\nGROUP BY o.area_code, o.period, o.source")
# whole areas: DuckDB binds a list with $areas, PostgreSQL (cur.native) an array with %(areas)s
DELETE_AREAS = {False: "DELETE FROM observation_sources WHERE list_contains($areas, area_code)",
                True: "DELETE FROM observation_sources WHERE area_code = ANY(%(areas)s)"}
INSERT_AREAS = {False: INSERT_ALL.replace("\nGROUP BY", "\nWHERE list_contains($areas, o.area_code)\nGROUP BY"),
                True: INSERT_ALL.replace("\nGROUP BY", "\nWHERE o.area_code = ANY(%(areas)s)\nGROUP BY")}


def _run(cur, sql: str, params: dict | None = None):
    return cur.native(sql, params) if is_postgres(cur) else cur.execute(sql, params or {})


def refresh_touched(cur) -> None:
    """Recount the (area, period) pairs of the keys the figures refresh just touched (its _fig_t)."""
    _run(cur, "DROP TABLE IF EXISTS _src_pairs")
    _run(cur, PAIRS)
    _run(cur, DELETE_PAIRS)
    _run(cur, INSERT_PAIRS)
    _run(cur, "DROP TABLE _src_pairs")


def refresh_areas(cur, areas: list[str] | None) -> None:
    """Recount whole areas (None: the whole table)."""
    if areas is None:
        _run(cur, "DELETE FROM observation_sources")
        _run(cur, INSERT_ALL)
        return
    pg = is_postgres(cur)
    _run(cur, DELETE_AREAS[pg], {"areas": list(areas)})
    _run(cur, INSERT_AREAS[pg], {"areas": list(areas)})


def fill_if_missing(cur) -> bool:
    """A store made before observation_sources existed (its schema just applied, or a copy of such a
    file): count every area once, on the caller's transaction. True when it did."""
    if _run(cur, "SELECT count(*) FROM observation_sources").fetchone()[0]:
        return False
    if not _run(cur, "SELECT count(*) FROM observations").fetchone()[0]:
        return False
    refresh_areas(cur, None)
    return True
