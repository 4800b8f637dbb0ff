"""Issue 19's "Done when" tables for today's code at one tier, as one Markdown block for BENCHMARKS.md.

    python scripts/bench_issue19.py --scale city|province [--workdir DIR] [--repeats 5] [--out FILE]
                                    [--url postgresql://...] [--pages map,rankings]

1. The tier's DuckDB file (`cocreate.bench.scale.generate`, built in --workdir when missing).
2. App / independent bare / pandas on DuckDB, per question: scripts/bench_contenders.py's `table`.
3. DuckDB / PostgreSQL per page (the 11 pages' recorded queries, cold and warm): scripts/bench_backends.py's
   `measure`, on a throwaway server (stopped and its data dir deleted at the end) unless --url is given.
Prints the block (the date, `uptime` at the start and the end, the commands, both tables, the pages that
miss the targets) and writes it to --out, the raw figures to <out>.json.
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

TARGET_MS, TARGET_RATIO = 1000, 2.0     # issue 19: every page's data on PostgreSQL under 1 s and within 2x of DuckDB


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def page_table(report: dict) -> list[str]:
    d, p = report["duckdb"], report["postgres"]
    lines = ["| page | queries | DuckDB cold ms | DuckDB warm ms | PG cold ms | PG warm ms | PG / DuckDB warm "
             "| PG < 1 s and <= 2x | CPU ms DuckDB / PG | PG / DuckDB CPU | slowest on PG (ms, share of one pass) |",
             "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|"]
    for page in d:
        ratio = p[page]["warm_ms"] / max(d[page]["warm_ms"], 1e-9)
        ok = p[page]["warm_ms"] < TARGET_MS and ratio <= TARGET_RATIO
        why = "" if ok else " (" + ", ".join(x for x, bad in (("1 s", p[page]["warm_ms"] >= TARGET_MS),
                                                              ("2x", ratio > TARGET_RATIO)) if bad) + ")"
        lines.append(f"| {page} | {d[page]['queries']} | {d[page]['cold_ms']:,.0f} | {d[page]['warm_ms']:,.0f} | "
                     f"{p[page]['cold_ms']:,.0f} | {p[page]['warm_ms']:,.0f} | {ratio:.1f} | "
                     f"{'**yes**' if ok else 'no' + why} | {d[page]['warm_cpu_ms']:,.0f} / {p[page]['warm_cpu_ms']:,.0f} | "
                     f"{p[page]['warm_cpu_ms'] / max(d[page]['warm_cpu_ms'], 1e-9):.1f} | {p[page]['slowest_query']} "
                     f"({p[page]['slowest_ms']:,.0f}, {p[page]['slowest_share']:.0%}) |")
    return lines


def misses(report: dict) -> str:
    d, p = report["duckdb"], report["postgres"]
    out = [f"{page} {p[page]['warm_ms']:,.0f} / {d[page]['warm_ms']:,.0f} ms "
           f"({p[page]['warm_ms'] / max(d[page]['warm_ms'], 1e-9):.1f}x)" for page in d
           if p[page]["warm_ms"] >= TARGET_MS or p[page]["warm_ms"] > TARGET_RATIO * d[page]["warm_ms"]]
    met = len(d) - len(out)
    cpu = [f"{page} {p[page]['warm_cpu_ms'] / max(d[page]['warm_cpu_ms'], 1e-9):.1f}x" for page in d
           if p[page]["warm_cpu_ms"] > TARGET_RATIO * d[page]["warm_cpu_ms"]]
    return (f"PostgreSQL under 1 s and within 2x of DuckDB (warm): {met} of {len(d)} pages"
            + (f"; missing (PG / DuckDB warm): {'; '.join(out)}." if out else ".")
            + f" By CPU time within 2x: {len(d) - len(cpu)} of {len(d)}" + (f" (over: {', '.join(cpu)})." if cpu else "."))


def main() -> int:
    import bench_backends
    import bench_contenders
    from pg_server import stop_on_term

    from cocreate.bench.scale import generate
    from cocreate.store import db
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", required=True, choices=["city", "province"])
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--repeats", type=int, default=5, help="contenders: medians of this many runs")
    ap.add_argument("--rounds", type=int, default=2, help="pages: DuckDB then PostgreSQL this many times, the "
                    "lowest warm median per page and engine kept")
    ap.add_argument("--url", default=None, help="an existing server (its tables are replaced); else a throwaway one")
    ap.add_argument("--pages", default="", help="only these pages (comma-separated); default all 11")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    stop_on_term()        # a kill still stops the throwaway server on the way out
    workdir = Path(args.workdir or f"/tmp/cocreate_issue19_{args.scale}")
    workdir.mkdir(parents=True, exist_ok=True)
    db_file = workdir / f"{args.scale}.duckdb"
    start, started = uptime(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    if not db_file.exists():
        print(f"generating {db_file} ...", file=sys.stderr)
        generate(db_file, args.scale)
    con = db.connect(db_file, read_only=True)
    city = db.scalar(con, "SELECT min(code) FROM areas WHERE level = 'city'")
    con.close()
    print("contenders (DuckDB) ...", file=sys.stderr)
    contenders = list(bench_contenders.table(db_file, city, args.repeats))
    report = bench_backends.measure(args.scale, workdir, args.url, pages=[p for p in args.pages.split(",") if p],
                                    rounds=args.rounds)
    end = uptime()
    command = "python scripts/bench_issue19.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    block = [
        f"#### {args.scale.capitalize()} tier: {report['rows']:,} observations, {report['areas']} areas, city {city}",
        "",
        f"Measured {started} on {report['machine']}; `uptime` at the start: `{start}`; at the end: `{end}`.",
        f"PostgreSQL {report['pg_version']} ({report['pg_where']}); copy-db took {report['copy_seconds']:.1f} s.",
        "", "```", command,
        f"# = python scripts/bench_contenders.py {db_file} --city {city} --repeats {args.repeats}",
        f"#   + python scripts/bench_backends.py --scale {args.scale} --workdir {workdir} (its measure(..., rounds={args.rounds}))"
        + (" --url URL" if args.url else ""), "```", "",
        "App (the query file through `db.run`) / independent bare SQL / independent pandas, on DuckDB, median ms:",
        "", *contenders, "",
        "DuckDB / PostgreSQL per page: each page's queries (recorded in AppTest) replayed through `db.run`; "
        "cold = first replay on a fresh connection, warm = median of 3 more; the engines alternated "
        f"{args.rounds} times (DuckDB, then PostgreSQL), per page and engine the round with the lowest warm "
        "median. CPU ms = the warm passes' median CPU time: DuckDB's (this process, all its threads), PostgreSQL's "
        "client process plus the throwaway server's processes (/proc, parallel workers included): the work done, "
        "which the other jobs on a shared machine do not inflate as they do wall times:", "",
        *page_table(report), "", misses(report), ""]
    text = "\n".join(block)
    print(text)
    if args.out:
        out = Path(args.out)
        out.write_text(text, encoding="utf-8")
        out.with_suffix(".json").write_text(json.dumps({"report": report, "contenders": contenders}, ensure_ascii=False,
                                                       indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
