"""Benchmark of a scale tier (DESIGN.md "Scale tiers"), in one run: for each page, whole page runs
(Streamlit AppTest: cold in a fresh process, warm, and on a changed parameter), the page's data
time through the app's own path, the bare DuckDB SQL of the same questions and the pandas
reference; import throughput; peak memory; the machine.

    run_tier(scale, workdir=None, reuse=False) -> dict    # the JSON record of one tier
    main_bench(scales, json_path=None, workdir=None, reuse=False) -> int

JSON keys per tier: scale, rows, pages {name: cold_ms, warm_ms, changed_ms, data_ms, duckdb_ms,
pandas_ms}, import_rows_per_s, peak_rss_mb (the largest page process: the app's memory), machine;
plus details (the bench process's own peak, which holds the pandas reference, apart). Every figure is a median of
REPEATS runs (cold: REPEATS fresh processes). Several tiers: a JSON list of such records.
This module never imports streamlit: page runs happen in `python -m webui.page_timing` processes.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cocreate import REPO_ROOT
from cocreate.bench import questions as q
from cocreate.bench.import_bench import run_import
from cocreate.bench.pandas_ref import PandasStore
from cocreate.bench.scale import LAST_PERIOD, generate, tier_sizes
from cocreate.store import db

PAGES = ("overview", "title", "explorer", "services", "rankings", "map", "timeline", "tasks")
REPEATS = 3


def rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines()
                          if l.startswith("MemTotal")))
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 2**20, 1),
            "load_avg_1m_at_start": round(os.getloadavg()[0], 2), "python": sys.version.split()[0],
            "platform": platform.platform()}


def _changes(con, city: str) -> list[dict]:
    """The changed parameter: other cities when the tier has them, else earlier as-of dates."""
    others = [r[0] for r in con.execute("SELECT code FROM areas WHERE level = 'city' AND code <> ? "
                                        "ORDER BY code LIMIT ?", [city, REPEATS]).fetchall()]
    if len(others) >= REPEATS:
        return [{"area": c} for c in others]
    return [{"as_of": (LAST_PERIOD.replace(day=1) - dt.timedelta(days=1 + 31 * k)).replace(day=1).isoformat()}
            for k in range(REPEATS)]


def run_page_processes(db_file: Path, city: str, changes: list[dict], log=print) -> dict:
    """Per page: REPEATS fresh processes; each times a cold run, warm re-runs and (first process)
    the changed parameters. Medians in ms."""
    out = {}
    for name in PAGES:
        colds, warms, changed, errors, rss = [], [], [], [], []
        for k in range(REPEATS):
            cmd = [sys.executable, "-m", "webui.page_timing", "--db", str(db_file), "--page", f"pages/{name}.py",
                   "--query", json.dumps({"lang": "zh", "area": city}),
                   "--changes", json.dumps(changes if k == 0 else []), "--warm", str(REPEATS if k == 0 else 0)]
            res = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=1800)
            if res.returncode != 0:
                errors.append(res.stderr.strip().splitlines()[-1:] or ["failed"])
                continue
            rec = json.loads(res.stdout.strip().splitlines()[-1])
            colds.append(rec["cold_ms"])
            warms += rec["warm_ms"]
            changed += rec["changed_ms"]
            rss.append(rec.get("peak_rss_mb", 0.0))
            errors += rec["errors"]
        med = lambda xs: round(statistics.median(xs), 1) if xs else None   # noqa: E731
        out[name] = {"cold_ms": med(colds), "warm_ms": med(warms), "changed_ms": med(changed),
                     "changed_max_ms": max(changed) if changed else None, "errors": errors[:3],
                     "peak_rss_mb": max(rss) if rss else None}
        log(f"  page {name}: cold {out[name]['cold_ms']} warm {out[name]['warm_ms']} "
            f"changed {out[name]['changed_ms']} ms")
    return out


def run_questions(db_file: Path, city: str, log=print) -> tuple[dict, dict]:
    """Per page: data_ms (app path), duckdb_ms (bare SQL), pandas_ms (reference), medians."""
    con = db.connect(db_file, read_only=True)
    try:
        ctx = q.context(con, city, LAST_PERIOD)
        t0 = time.perf_counter()
        store = PandasStore(con)
        load_ms = (time.perf_counter() - t0) * 1000
        out = {}
        for name, questions in q.page_questions(ctx).items():
            out[name] = q.time_page(con, store, questions, REPEATS)
            log(f"  data {name}: {out[name]}")
    finally:
        con.close()
    return out, {"pandas_load_ms": round(load_ms, 1), "rss_mb_after_questions": round(rss_mb(), 1)}


def run_tier(scale: str, workdir: Path | None = None, reuse: bool = False, log=print) -> dict:
    """Build (or reuse) the tier database and run every phase; the JSON record of the tier."""
    tier_sizes(scale)
    own_dir = workdir is None
    workdir = Path(workdir or tempfile.mkdtemp(prefix=f"cocreate_bench_{scale}_"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_file = workdir / f"{scale}.duckdb"
    mach = machine()
    try:
        build_seconds = None
        if reuse and db_file.exists():
            log(f"[{scale}] reusing {db_file}")
        else:
            log(f"[{scale}] generating {db_file} ...")
            info = generate(db_file, scale)
            build_seconds = info["build_seconds"]
            log(f"[{scale}] {info['rows']:,} rows, {info['areas']} areas in {build_seconds:.1f} s")
        con = db.connect(db_file, read_only=True)
        try:
            rows = int(db.scalar(con, "SELECT count(*) FROM observations"))
            figures = int(db.scalar(con, "SELECT count(*) FROM figures"))
            city = db.scalar(con, "SELECT min(code) FROM areas WHERE level = 'city'")
            changes = _changes(con, city)
        finally:
            con.close()
        log(f"[{scale}] page questions, median of {REPEATS} ...")
        data, qdetail = run_questions(db_file, city, log)
        log(f"[{scale}] whole pages (AppTest), {REPEATS} fresh processes per page ...")
        pages = run_page_processes(db_file, city, changes, log)
        log(f"[{scale}] import ...")
        imp = run_import(db_file, workdir, repeats=REPEATS)
        merged = {name: {k: pages[name][k] for k in ("cold_ms", "warm_ms", "changed_ms")} | data[name]
                  for name in PAGES}
        return {
            "scale": scale, "rows": rows, "pages": merged,
            "import_rows_per_s": imp["import_rows_per_s"],
            # the app's memory: the largest page process (each one app process running the page)
            "peak_rss_mb": max((p["peak_rss_mb"] or 0) for p in pages.values()), "machine": mach,
            "details": {"city": city, "changed": changes, "figures_rows": figures, "build_seconds": build_seconds,
                        "page_errors": {n: p["errors"] for n, p in pages.items() if p["errors"]},
                        "changed_max_ms": {n: p["changed_max_ms"] for n, p in pages.items()},
                        **qdetail, **imp, "rss_mb_bench_process_with_pandas": round(rss_mb(), 1),
                        "rss_mb_per_page": {n: p["peak_rss_mb"] for n, p in pages.items()},
                        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
                        "load_avg_1m_at_end": round(os.getloadavg()[0], 2)},
        }
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)


def format_table(records: list[dict]) -> str:
    """The benchmark as a text (Markdown) table, one block per tier."""
    lines = []
    for r in records:
        d, m = r.get("details", {}), r.get("machine", {})
        lines.append(f"tier {r['scale']}: {r['rows']:,} observation rows ({d.get('figures_rows', 0):,} figures), "
                     f"city {d.get('city')}; {m.get('nproc')} cores, {m.get('memory_gb')} GB, load "
                     f"{m.get('load_avg_1m_at_start')} -> {d.get('load_avg_1m_at_end')}")
        lines.append("| page | cold ms | warm ms | changed ms | data ms | bare DuckDB ms | pandas ms |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for name, p in r["pages"].items():
            cells = [p.get(k) for k in ("cold_ms", "warm_ms", "changed_ms", "data_ms", "duckdb_ms", "pandas_ms")]
            lines.append(f"| {name} | " + " | ".join("—" if v is None else f"{v:,.0f}" for v in cells) + " |")
        for name, errs in d.get("page_errors", {}).items():
            lines.append(f"page {name} raised: {errs}")
        lines.append(f"import: {d.get('import_rows', 0):,} rows, median {d.get('import_seconds', 0):.2f} s = "
                     f"{r['import_rows_per_s']:,.0f} rows/s (load step {d.get('import_load_seconds', 0):.2f} s); "
                     f"pandas load {d.get('pandas_load_ms', 0):,.0f} ms; peak RSS {r['peak_rss_mb']:,.0f} MB")
        if d.get("import_monthly_rows"):
            lines.append(f"monthly file: {d['import_monthly_rows']:,} rows, median {d['import_monthly_seconds']:.2f} s = "
                         f"{d['import_monthly_rows_per_s']:,.0f} rows/s (load step {d['import_monthly_load_seconds']:.2f} s)")
    return "\n".join(lines)


def main_bench(scales: list[str], json_path=None, workdir=None, reuse: bool = False, quiet: bool = False) -> int:
    """Run the tiers; one tier runs here, several run one subprocess each (clean peak memory)."""
    if len(scales) == 1:
        records = [run_tier(scales[0], Path(workdir) if workdir else None, reuse,
                            log=lambda m: print(m, file=sys.stderr, flush=True))]
    else:
        records = []
        with tempfile.TemporaryDirectory(prefix="cocreate_bench_") as tmp:
            for scale in scales:
                out = Path(tmp) / f"{scale}.json"
                cmd = [sys.executable, "-m", "cocreate", "bench", "--scale", scale, "--json", str(out), "--quiet"]
                if workdir:
                    cmd += ["--workdir", str(workdir)] + (["--reuse"] if reuse else [])
                subprocess.run(cmd, check=True, cwd=REPO_ROOT)
                records.append(json.loads(out.read_text(encoding="utf-8")))
    if not quiet:
        print(format_table(records), flush=True)
    if json_path:
        payload = records[0] if len(records) == 1 else records
        Path(json_path).write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n",
                                   encoding="utf-8")
    return 0
