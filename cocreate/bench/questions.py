"""The data questions each page asks (as its default view does), answered three ways for the benchmark:
through the app's own path (db.run, and the rated title progress), as the bare DuckDB SQL of the
same query files (Arrow out, no gateway, no rating), and by the pandas reference.

    page_questions(ctx) -> {page: [(name, params), ...]}    # name: a query, or "progress"
    time_page(...)  -> {"data_ms", "duckdb_ms", "pandas_ms"} # medians over repeats
"""
from __future__ import annotations

import statistics
import time

from cocreate.method.progress import title_progress
from cocreate.method.rankings import periods
from cocreate.store import db

SERVICES_TITLE = "public_services"
RATIO_INDICATOR = "public_toilets_per_10k"   # ratio_of_sums: the city figure is sum(toilets)/sum(pop)
# catalog questions: query -> (table the pandas reference filters, whether by city)
_CATALOG = {"areas": ("areas", False), "indicators": ("indicators", False), "titles": ("titles", False),
            "campaigns_for_area": ("campaigns", True), "shared_indicators": ("title_indicators", False),
            "indicator_thresholds": ("title_indicators", False), "service_references": ("benchmark_references", False),
            "stage_timeline": ("stages", True), "milestone_timeline": ("milestones", True),
            "task_board": ("tasks", True), "department_list": ("departments", True),
            "department_indicators": ("indicators", False), "task_history_log": ("tasks", True),
            "demo_data_share": ("titles", False)}


def context(con, city: str, as_of) -> dict:
    """The defaults a page picks for a city: its first campaigned title, the title's first
    indicator, the city and its districts, the ranking's twelve monthly dates, a department."""
    children = [r[0] for r in con.execute("SELECT code FROM areas WHERE parent_code = ? ORDER BY code",
                                          [city]).fetchall()]
    title = db.scalar(con, "SELECT min(c.title_code) FROM campaigns c JOIN titles t ON t.code = c.title_code "
                           "WHERE c.area_code = ? AND t.kind = 'title'", [city])
    indicator = db.scalar(con, "SELECT min(indicator_code) FROM title_indicators WHERE title_code = ?", [title])
    department = db.scalar(con, "SELECT min(code) FROM departments WHERE area_code = ?", [city])
    # the services page shows one metric at a time, the title's first by default
    service_indicator = db.scalar(con, "SELECT min(indicator_code) FROM title_indicators WHERE title_code = ?",
                                  [SERVICES_TITLE])
    dates = tuple(periods(as_of, "month", 12)["data_as_of"].drop_duplicates())
    return {"city": city, "areas": [city] + children, "as_of": as_of, "title": title, "indicator": indicator,
            "department": department, "dates": dates, "service_indicator": service_indicator}


def page_questions(x: dict) -> dict[str, list[tuple[str, dict]]]:
    city, as_of = x["city"], x["as_of"]
    sidebar = [("areas", {}), ("latest_period", {"area": city}), ("demo_data_share", {"area": city})]
    progress = lambda title=None, children=False: ("progress", {   # noqa: E731
        "area": city, "title": title, "as_of": as_of, "with_children": children})
    pages = {
        "overview": [("campaigns_for_area", {"area": city}), progress(), ("titles", {}), ("shared_indicators", {})],
        "title": [("campaigns_for_area", {"area": city}), progress(x["title"], True),
                  ("indicator_series", {"indicator": x["indicator"], "areas": [city], "as_of": as_of})],
        "explorer": [("indicators", {}), ("indicator_thresholds", {"indicator": RATIO_INDICATOR}),
                     ("indicator_series", {"indicator": RATIO_INDICATOR, "areas": x["areas"], "as_of": as_of}),
                     ("latest_by_area", {"indicator": RATIO_INDICATOR, "areas": x["areas"], "as_of": as_of})],
        "services": [progress(SERVICES_TITLE, True),
                     ("indicator_series", {"indicator": x["service_indicator"], "areas": x["areas"], "as_of": as_of}),
                     ("service_references", {"title": SERVICES_TITLE}), ("indicators", {})],
        "rankings": [("titles", {}), ("campaigns_for_area", {"area": city}),
                     ("ranking_items", {"city": city, "as_of_dates": x["dates"], "title": None})],
        # the map's default view: its selectors' indicators and the score (an indicator, when chosen, is
        # rated alone: title_progress with `indicator`)
        "map": [("map_indicators", {"city": city, "as_of": as_of}),
                ("ranking_items", {"city": city, "as_of_dates": x["dates"][:1], "title": None})],
        "timeline": [("stage_timeline", {"area": city}), ("milestone_timeline", {"area": city}),
                     ("task_board", {"area": city}), progress(x["title"]), ("indicators", {})],
        "tasks": [("task_board", {"area": city}), ("department_list", {"area": city}),
                  ("campaigns_for_area", {"area": city}), ("indicators", {}),
                  ("department_indicators", {"department": x["department"]}), progress(),
                  ("task_history_log", {"area": city, "task": None})],
    }
    return {name: sidebar + qs for name, qs in pages.items()}


def ask_app(con, name: str, params: dict):
    """The app's own path: the gateway (DataFrame out) and, for progress, the status rating."""
    if name == "progress":
        return title_progress(con, **params)
    return db.run(con, name, **params)


def ask_bare(con, name: str, params: dict):
    """The bare DuckDB SQL of the same query file, bound and fetched as Arrow on a cursor."""
    if name == "progress":
        name, params = "title_progress", {"indicator": None, **params}
    bound = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}
    cur = con.cursor()
    try:
        return cur.sql(db.query_text(name), params=bound).to_arrow_table()
    finally:
        cur.close()


def ask_pandas(store, name: str, params: dict):
    if name == "progress":
        return store.title_progress(**params)
    if name == "indicator_series":
        return store.indicator_series(params["indicator"], list(params["areas"]), params["as_of"])
    if name == "latest_by_area":
        return store.latest_by_area(params["indicator"], list(params["areas"]), params["as_of"])
    if name == "service_series":
        return store.service_series(params["city"], params["title"], params["as_of"])
    if name == "ranking_items":
        return store.ranking_items(params["city"], params["as_of_dates"], params["title"])
    if name == "latest_period":
        return store.latest_period(params["area"])
    if name == "map_indicators":
        return store.map_indicators(params["city"], params["as_of"])
    table, by_city = _CATALOG[name]
    return store.catalog(table, params.get("area") if by_city else None)


def _median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def time_page(con, store, questions: list[tuple[str, dict]], repeats: int = 3) -> dict:
    """Median time of all of a page's questions, each way."""
    return {
        "data_ms": _median_ms(lambda: [ask_app(con, n, p) for n, p in questions], repeats),
        "duckdb_ms": _median_ms(lambda: [ask_bare(con, n, p) for n, p in questions], repeats),
        "pandas_ms": _median_ms(lambda: [ask_pandas(store, n, p) for n, p in questions], repeats),
    }
