"""Page data times on both backends: the embedded DuckDB file and a PostgreSQL server, same store.

    python scripts/bench_backends.py [--scale province] [--workdir DIR] [--url postgresql://...]
                                     [--out BENCHMARKS_POSTGRES.md] [--pages-apptest]
                                     [--pages map,title] [--query '{"map_metric": "built_up_green_coverage_pct"}']
                                     [--url URL --no-copy] [--city CODE]

1. The tier's DuckDB file (`python -m cocreate demo --scale S`; reused from --workdir when present).
2. A PostgreSQL server: --url, else a throwaway cluster (tests/pg_server.py) stopped at the end;
   the file is put on it with copy-db (timed), unless --no-copy says the --url server holds it already
   (the nation tier's copy takes a quarter of an hour: pay it once, then run the pages in groups).
3. Each page's queries, recorded once by running the page in Streamlit's AppTest with db.run
   watched (so the list is what the page really asks, not a guess), are replayed through db.run on
   both backends: cold (first run, fresh connection) and warm (median of 3), per page.
4. With --pages-apptest, whole page runs (AppTest, cold caches) on both backends too.
The table goes to --out (Markdown), the raw figures to <out>.json.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PAGES = ["overview", "title", "explorer", "services", "rankings", "map", "timeline", "tasks", "rectification",
         "score", "data"]
REPEATS = 3


def record_page_queries(db_file: Path, city: str, pages: list[str] | None = None,
                        query: dict | None = None) -> dict[str, list[tuple[str, dict]]]:
    """{page: [(query name, params), ...]} as the page runs them on a cold cache (AppTest)."""
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    from cocreate.store import db
    os.environ.pop("COCREATE_DATABASE_URL", None)
    os.environ["COCREATE_DB"] = str(db_file)
    original_run, original_init = db.run, PagesManager.__init__
    calls: list[tuple[str, dict]] = []

    def watched(con, name, **params):
        calls.append((name, dict(params)))
        return original_run(con, name, **params)

    def init(self, *a, **k):
        original_init(self, *a, **k)
        PagesManager.uses_pages_directory = False
    db.run, PagesManager.__init__ = watched, init
    out = {}
    try:
        for page in pages or PAGES:
            if not (ROOT / "pages" / f"{page}.py").exists():
                continue
            st.cache_data.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
            at.query_params["lang"] = "zh"
            at.query_params["area"] = city
            for k, v in (query or {}).items():     # a view other than the default, e.g. the map's indicator
                at.query_params[k] = v
            at.switch_page(f"pages/{page}.py")
            calls.clear()
            at.run()
            out[page] = [(n, p) for n, p in calls if n != "areas" or page == "overview"]
            if at.exception:
                print(f"  {page}: exception {at.exception[0].message[:200]}", file=sys.stderr)
    finally:
        db.run, PagesManager.__init__ = original_run, original_init
        st.cache_data.clear()
        st.cache_resource.clear()
    return out


def server_cpu(con):
    """A function giving the CPU seconds used so far by the PostgreSQL cluster `con` talks to, when it runs on
    this machine (the throwaway server): its postmaster (with the parallel workers it has reaped) and its
    children, from /proc. None for DuckDB or a server elsewhere. Work on a shared machine shows in wall times
    (waiting for a core) but not in CPU times."""
    from cocreate.store import db
    try:
        pid = int(Path(db.scalar(con, "SELECT current_setting('data_directory')"), "postmaster.pid").read_text().split()[0])
    except Exception:       # DuckDB, not a superuser, not on this machine
        return None
    tick = os.sysconf("SC_CLK_TCK")

    def total() -> float:
        ticks = 0
        for proc in Path("/proc").iterdir():
            try:
                f = (proc / "stat").read_text().rsplit(")", 1)[1].split() if proc.name.isdigit() else None
            except OSError:
                continue
            if f and (int(proc.name) == pid or int(f[1]) == pid):   # utime, stime (+ reaped children's)
                ticks += int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if int(proc.name) == pid else 0)
        return ticks / tick
    return total


def time_calls(target: str, calls_by_page: dict) -> dict:
    """Per page: cold ms (first replay on a fresh connection) and warm ms (median of REPEATS); warm CPU ms
    (this process's CPU, plus the local server's on PostgreSQL: the work itself, whatever else the machine runs)."""
    from cocreate.store import db
    con = db.connect(target, read_only=True)
    server = server_cpu(con) if db.is_postgres(con) else None
    out = {}
    try:
        for page, calls in calls_by_page.items():
            times, cpu = [], []
            for _ in range(1 + REPEATS):
                s0 = server() if server else 0.0
                c0, t0 = time.process_time(), time.perf_counter()
                for name, params in calls:
                    db.run(con, name, **params)
                times.append((time.perf_counter() - t0) * 1000)
                c1 = time.process_time()
                cpu.append((c1 - c0 + ((server() - s0) if server else 0.0)) * 1000)
            each = [(name, _one(con, (name, params)) * 1000) for name, params in calls]   # one more pass
            slowest = max(each, key=lambda c: c[1], default=("", 0.0))
            out[page] = {"queries": len(calls), "cold_ms": round(times[0], 1),
                         "warm_ms": round(statistics.median(times[1:]), 1),
                         "warm_cpu_ms": round(statistics.median(cpu[1:]), 1), "cpu_of": "client + server" if server
                         else "client" if not db.is_postgres(con) else "client only (server not local)",
                         "slowest_query": slowest[0], "slowest_ms": round(slowest[1], 1),
                         "slowest_share": round(slowest[1] / max(sum(ms for _, ms in each), 1e-9), 3),
                         "each_ms": [[n, round(ms, 1)] for n, ms in each]}
    finally:
        con.close()
    return out


def _one(con, call) -> float:
    from cocreate.store import db
    t0 = time.perf_counter()
    db.run(con, call[0], **call[1])
    return time.perf_counter() - t0


def time_whole_pages(target: str, city: str) -> dict:
    from webui.page_timing import time_pages
    if target.startswith("postgresql://"):
        os.environ["COCREATE_DATABASE_URL"] = target
    else:
        os.environ.pop("COCREATE_DATABASE_URL", None)
    pages = {p: f"pages/{p}.py" for p in PAGES if (ROOT / "pages" / f"{p}.py").exists()}
    try:
        first, cached, problems = time_pages(target, pages, {"lang": "zh", "area": city}, timeout=900)
    finally:
        os.environ.pop("COCREATE_DATABASE_URL", None)
    return {p: {"first_ms": first[p], "cached_ms": cached[p], "errors": problems.get(p, [])} for p in pages}


def _slowest(row: dict) -> str:
    if "slowest_ms" not in row:
        return row.get("slowest_query", "")
    return f"{row['slowest_query']} ({row['slowest_ms']:.0f}, {row['slowest_share']:.0%})"


def markdown(report: dict) -> str:
    d, p = report["duckdb"], report["postgres"]
    copied = ("copy-db before this run (not timed here)" if report["copy_seconds"] is None
              else f"copy-db of the file into it took {report['copy_seconds']:.1f} s")
    lines = [
        "# Backends: DuckDB file vs PostgreSQL server (page data times)", "",
        f"Measured {report['when']} on {report['machine']}; tier **{report['scale']}** "
        f"({report['rows']:,} observation rows, {report['areas']} areas), city {report['city']}. "
        f"PostgreSQL {report['pg_version']} ({report['pg_where']}); {copied}. 1-minute load average at the start / end: "
        f"{' / '.join(str(x) for x in report.get('load_avg_1min', []))}.", "",
        "Each page's queries (recorded by running the page once in AppTest) replayed through `db.run`: "
        "cold = first replay on a fresh connection, warm = median of 3 more. No Streamlit cache involved.", "",
        "| page | queries | DuckDB cold ms | DuckDB warm ms | PostgreSQL cold ms | PostgreSQL warm ms | PG / DuckDB warm "
        "| slowest on PG (ms, share of one pass) | slowest on DuckDB (ms, share) |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for page in d:
        ratio = p[page]["warm_ms"] / max(d[page]["warm_ms"], 1e-9)
        lines.append(f"| {page} | {d[page]['queries']} | {d[page]['cold_ms']:.0f} | {d[page]['warm_ms']:.0f} | "
                     f"{p[page]['cold_ms']:.0f} | {p[page]['warm_ms']:.0f} | {ratio:.1f} | "
                     f"{_slowest(p[page])} | {_slowest(d[page])} |")
    if report.get("whole_pages"):
        wd, wp = report["whole_pages"]["duckdb"], report["whole_pages"]["postgres"]
        lines += ["", "Whole page runs (AppTest, cold caches, then cached re-run):", "",
                  "| page | DuckDB first ms | DuckDB cached ms | PostgreSQL first ms | PostgreSQL cached ms |",
                  "|---|---:|---:|---:|---:|"]
        for page in wd:
            lines.append(f"| {page} | {wd[page]['first_ms']:.0f} | {wd[page]['cached_ms']:.0f} | "
                         f"{wp[page]['first_ms']:.0f} | {wp[page]['cached_ms']:.0f} |")
    return "\n".join(lines) + "\n"


def measure(scale: str = "province", workdir=None, url: str | None = None, vacuum: bool = False,
            pages: list[str] | None = None, query: dict | None = None, pages_apptest: bool = False,
            rounds: int = 1, say=lambda text: print(text, file=sys.stderr), no_copy: bool = False,
            city: str | None = None) -> dict:
    """The tier's file (built when missing), its pages' queries recorded, a server (`url`, else a throwaway
    one stopped at the end) filled by copy-db, and every page's queries timed on both: the report.
    rounds > 1: DuckDB then PostgreSQL again, alternated; per page and engine the round with the lowest warm
    median is kept (the least disturbed by other work on a shared machine), all rounds in report["rounds"]."""
    from cocreate.bench.scale import generate
    from cocreate.store import db
    from cocreate.store.copy import copy_store
    query = query or {}
    load_start = os.getloadavg()[0]
    workdir = Path(workdir or f"/tmp/cocreate_bench_{scale}")
    workdir.mkdir(parents=True, exist_ok=True)
    db_file = workdir / f"{scale}.duckdb"
    if not db_file.exists():
        say(f"generating {db_file} ...")
        generate(db_file, scale)
    con = db.connect(db_file, read_only=True)
    rows = db.scalar(con, "SELECT count(*) FROM observations")
    areas = db.scalar(con, "SELECT count(*) FROM areas")
    city = city or db.scalar(con, "SELECT min(code) FROM areas WHERE level = 'city'")
    con.close()
    say(f"recording page queries on {db_file} (city {city}) ...")
    calls = record_page_queries(db_file, city, pages or None, query)

    with contextlib.ExitStack() as stack:
        if url:
            where = "given server"
        else:
            from pg_server import throwaway_cluster
            url = stack.enter_context(throwaway_cluster(settings={"shared_buffers": "512MB", "work_mem": "64MB"}))
            where = "throwaway local cluster, shared_buffers 512MB, work_mem 64MB, fsync off"
        copy_seconds = None
        if not no_copy:     # --no-copy: the given server holds the copy already (the nation tier's takes 25 min)
            say("copy-db into PostgreSQL ...")
            t0 = time.perf_counter()
            copy_store(db_file, url, progress=lambda t, n, s: say(f"  {t}: {n} rows {s:.1f}s"))
            copy_seconds = time.perf_counter() - t0
        if vacuum:
            import psycopg
            with psycopg.connect(url, autocommit=True) as vcon:
                vcon.execute("VACUUM ANALYZE")
            where += "; VACUUM ANALYZE after copy-db"
        pcon = db.connect(url, read_only=True)
        pg_version = db.scalar(pcon, "SELECT current_setting('server_version')")
        pcon.close()
        all_rounds = []
        for r in range(rounds):
            say(f"timing DuckDB, then PostgreSQL (round {r + 1} of {rounds}) ...")
            all_rounds.append({"duckdb": time_calls(str(db_file), calls), "postgres": time_calls(url, calls)})
        duck, pg = ({page: min((a[engine][page] for a in all_rounds), key=lambda row: row["warm_ms"])
                     for page in all_rounds[0][engine]} for engine in ("duckdb", "postgres"))
        report = {"scale": scale, "rows": int(rows), "areas": int(areas), "city": city,
                  "when": time.strftime("%Y-%m-%d"), "pg_version": pg_version, "pg_where": where,
                  "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared)",
                  "copy_seconds": copy_seconds, "duckdb": duck, "postgres": pg, "db_file": str(db_file),
                  "load_avg_1min": [round(load_start, 2), round(os.getloadavg()[0], 2)],
                  "calls": {p: [n for n, _ in c] for p, c in calls.items()}, "query": query, "rounds": all_rounds}
        if pages_apptest:
            report["whole_pages"] = {"duckdb": time_whole_pages(str(db_file), city),
                                     "postgres": time_whole_pages(url, city)}
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", default="province", choices=["city", "province", "nation"])
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--url", default=None, help="an existing server (its tables are replaced)")
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS_POSTGRES.md"))
    ap.add_argument("--pages-apptest", action="store_true")
    ap.add_argument("--vacuum", action="store_true",
                    help="VACUUM ANALYZE again after copy-db (copy-db itself ends with VACUUM (ANALYZE) since issue 19)")
    ap.add_argument("--no-copy", action="store_true",
                    help="with --url: the server already holds this file's copy-db; skip the copy")
    ap.add_argument("--city", default=None, help="the city the pages show (default: the tier's first city); "
                    "another city than the last run's gives a cold server cache again")
    ap.add_argument("--pages", default="", help="only these pages (comma-separated)")
    ap.add_argument("--query", default="{}", help="more query parameters for the pages, JSON")
    args = ap.parse_args()
    if args.no_copy and not args.url:
        ap.error("--no-copy needs --url (a throwaway server starts empty)")
    from pg_server import stop_on_term
    stop_on_term()       # a kill still stops the throwaway server (and the replicas) on the way out
    report = measure(args.scale, args.workdir, args.url, args.vacuum, [p for p in args.pages.split(",") if p],
                     json.loads(args.query), args.pages_apptest,
                     no_copy=args.no_copy, city=args.city)
    out = Path(args.out)
    out.write_text(markdown(report), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
