"""The city-side catalog of a synthetic tier: every synthetic city gets a copy of the demo city's
(620100) departments, campaign stages, milestones and tasks, and every synthetic area a position,
so each page has what it draws at every tier (the map needs positions, the task board departments).
The benchmark references (per indicator, not per area) load as they are."""
from __future__ import annotations

from pathlib import Path

from cocreate.store.build import load_frame, read_catalog_csv
from cocreate.store.db import quote_ident

TEMPLATE_CITY = "620100"

# Positions on a grid: city i at (30 + i // 20, 100 + i % 20), its districts on a small circle.
_POSITIONS = """
UPDATE areas AS a SET lat = p.lat, lon = p.lon
FROM (
    SELECT code,
           30 + (dense_rank() OVER (ORDER BY coalesce(parent_code, code)) - 1) // 20
              + CASE WHEN parent_code IS NULL THEN 0 ELSE 0.2 * sin(hash(code) % 628 / 100.0) END AS lat,
           100 + (dense_rank() OVER (ORDER BY coalesce(parent_code, code)) - 1) % 20
              + CASE WHEN parent_code IS NULL THEN 0 ELSE 0.2 * cos(hash(code) % 628 / 100.0) END AS lon
    FROM areas
) p
WHERE p.code = a.code
"""

# (table, statement copying the template city's rows to every synthetic city)
_COPIES = {
    "departments": """
        INSERT INTO departments BY NAME
        SELECT t.* REPLACE (t.code || '_' || c.code AS code, c.code AS area_code)
        FROM _tpl_departments t, areas c WHERE c.level = 'city' AND t.area_code = $tpl""",
    "stages": """
        INSERT INTO stages BY NAME
        SELECT t.* REPLACE (c.code AS area_code)
        FROM _tpl_stages t, areas c WHERE c.level = 'city' AND t.area_code = $tpl""",
    "milestones": """
        INSERT INTO milestones BY NAME
        SELECT t.* REPLACE (c.code AS area_code)
        FROM _tpl_milestones t, areas c WHERE c.level = 'city' AND t.area_code = $tpl""",
    "tasks": """
        INSERT INTO tasks BY NAME
        SELECT t.* REPLACE (c.code || '-' || t.task_id AS task_id, c.code AS area_code,
                            t.department_code || '_' || c.code AS department_code)
        FROM _tpl_tasks t, areas c WHERE c.level = 'city' AND t.area_code = $tpl""",
}


def add_city_catalog(con, data_dir: Path) -> None:
    """Positions, departments, stages, milestones, tasks for the synthetic cities (inside the
    caller's transaction), and the benchmark references."""
    con.execute(_POSITIONS)
    refs = data_dir / "catalog" / "benchmark_references.csv"
    if refs.exists():
        load_frame(con, "benchmark_references", read_catalog_csv(refs))
    for table, statement in _COPIES.items():
        path = data_dir / ("demo" if table == "tasks" else "catalog") / f"{table}.csv"
        if not path.exists():
            continue
        frame = read_catalog_csv(path)
        cols = {name for name, in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
        frame = frame[[c for c in frame.columns if c in cols]]
        con.register("_tpl_frame", frame)
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE " + quote_ident("_tpl_" + table) + " AS SELECT * FROM _tpl_frame")
        finally:
            con.unregister("_tpl_frame")
        con.execute(statement, {"tpl": TEMPLATE_CITY})
