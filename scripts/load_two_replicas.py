"""Load run: two app processes on one PostgreSQL server, sessions browsing while two imports run.

    python scripts/load_two_replicas.py [--sessions 20] [--duration 90] [--max-clicks 600]
                                        [--import-rows 2000] [--out BENCHMARKS_POSTGRES.md]

A throwaway PostgreSQL cluster (tests/pg_server.py) gets the demo store (build-db); two
`streamlit run app.py` processes (127.0.0.1, free ports, one cookie secret) serve it. Each session
is a real Streamlit client on the websocket (the browser's protocol: BackMsg rerun_script, then
ForwardMsgs until script_finished), clicking through the pages of its replica; a click is timed
from the request to the end of the script run. A third of the way in, two clerks import at the
same moment (two `python -m cocreate import` processes, the same import_file the Data page calls).
Everything is bounded in time and count and stopped at the end. Reported: clicks, errors
(exceptions and error boxes), p50 / p95 / max per replica and while the imports ran, the imports'
outcome, and the data version both replicas read afterwards. The table is appended to --out.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CLICKS = [("", "lang=zh&area=620100"), ("title", "lang=zh&area=620100&title=garden"),
          ("explorer", "lang=zh&area=620100&indicator=ambulances"), ("services", "lang=zh&area=620100"),
          ("rankings", "lang=zh&area=620100"), ("timeline", "lang=zh&area=620100"),
          ("tasks", "lang=zh&area=620100"), ("rectification", "lang=zh&area=420100"),
          ("score", "lang=zh&area=620100"), ("", "lang=en&area=420100"),
          ("title", "lang=en&area=420100&title=civilized"), ("map", "lang=zh&area=620100")]
ERROR_OK = ("**红榜", "**黑榜", "**Red list", "**Black list")   # lists shown in coloured boxes


def start_replica(port: int, url: str, cookie_secret: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "COCREATE_DATABASE_URL": url, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
           "COCREATE_PG_POOL_MAX": "12"}
    env.pop("COCREATE_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_healthy(port: int, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with contextlib.suppress(Exception):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return
        time.sleep(0.5)
    raise RuntimeError(f"replica on port {port} did not start")


async def click(ws, page: str, query: str, timeout: float = 180) -> tuple[float, list[str]]:
    """One script run of `page`: (seconds, error texts)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    t0 = time.perf_counter()
    await ws.send(msg.SerializeToString())
    errors: list[str] = []
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout)
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            el = fwd.delta.new_element
            which = el.WhichOneof("type")
            if which == "exception":
                errors.append("exception: " + el.exception.message[:200])
            elif which == "alert" and el.alert.format == el.alert.ERROR and not el.alert.body.startswith(ERROR_OK):
                errors.append("error box: " + el.alert.body[:200])
        elif kind == "page_not_found":
            errors.append(f"page not found: {page}")
        elif kind == "script_finished":
            if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            return time.perf_counter() - t0, errors


async def session(k: int, port: int, stop_at: float, budget: dict, samples: list, errors: list) -> None:
    from websockets.asyncio.client import connect
    rng = random.Random(k)
    order = CLICKS[:]
    rng.shuffle(order)
    async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                       open_timeout=60, ping_interval=None) as ws:
        i = 0
        while time.time() < stop_at and budget["left"] > 0:
            budget["left"] -= 1
            page, query = order[i % len(order)]
            i += 1
            try:
                seconds, errs = await click(ws, page, query)
            except Exception as exc:  # noqa: BLE001 (counted and reported)
                errors.append((k, port, page, f"{type(exc).__name__}: {exc}"[:200]))
                return
            samples.append((time.time(), port, page or "overview", seconds))
            errors.extend((k, port, page, e) for e in errs)
            await asyncio.sleep(rng.uniform(0.2, 1.0))      # a person reads before the next click


def import_file_for(url: str, path: Path, rows: int, seed: int) -> None:
    """`rows` district figures of the demo store, each changed (so each replaces one, with history)."""
    from cocreate.store import db
    con = db.connect(url, read_only=True)
    try:
        df = con.cursor().execute(
            "SELECT o.indicator_code, o.area_code, o.period, o.value FROM observations o "
            "JOIN areas a ON a.code = o.area_code JOIN indicators i ON i.code = o.indicator_code "
            "WHERE a.parent_code IS NOT NULL AND i.kind = 'measure' AND i.aggregation = 'sum' "
            "ORDER BY o.indicator_code, o.area_code, o.period").df()
    finally:
        con.close()
    part = df.iloc[seed::2].head(rows).copy()       # the two clerks send different figures
    part["period"] = part["period"].dt.strftime("%Y-%m")
    part["value"] = (part["value"] + 1 + seed).round(0)
    part.to_csv(path, index=False)


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


async def run_load(ports, url, args, workdir) -> dict:
    stop_at = time.time() + args.duration
    budget, samples, errors = {"left": args.max_clicks}, [], []
    tasks = [asyncio.create_task(session(k, ports[k % 2], stop_at, budget, samples, errors))
             for k in range(args.sessions)]
    await asyncio.sleep(args.duration / 3)
    env = {**os.environ, "COCREATE_DATABASE_URL": url}
    env.pop("COCREATE_DB", None)
    files = [workdir / f"clerk{k}.csv" for k in range(2)]
    for k, f in enumerate(files):
        import_file_for(url, f, args.import_rows, k)
    t0 = time.time()
    procs = [await asyncio.create_subprocess_exec(sys.executable, "-m", "cocreate", "import", str(f), "--lang", "en",
                                                  cwd=str(ROOT), env=env, stdout=asyncio.subprocess.PIPE,
                                                  stderr=asyncio.subprocess.PIPE) for f in files]
    outs = [await p.communicate() for p in procs]
    t1 = time.time()
    await asyncio.gather(*tasks)
    return {"samples": samples, "errors": errors, "import_window": (t0, t1),
            "imports": [(p.returncode, o[0].decode().strip(), o[1].decode().strip()[-300:]) for p, o in zip(procs, outs)]}


def summarise(res: dict, ports, version_before, versions_after, args) -> str:
    samples = res["samples"]
    t0, t1 = res["import_window"]
    all_s = [s for *_, s in samples]
    during = [s for ts, _, _, s in samples if t0 <= ts <= t1 + 1]
    lines = ["", "## Load: two app processes on one PostgreSQL server", "",
             f"Measured {time.strftime('%Y-%m-%d')} on this 2-core machine (shared with other jobs): "
             f"{args.sessions} Streamlit sessions (websocket clients, the browser's protocol) clicking through "
             f"{len(CLICKS)} page views on 2 replicas for {args.duration} s, a 0.2-1 s pause between clicks; "
             f"two imports of {args.import_rows} figures each started at the same moment a third of the way in. "
             "Demo store (data/), throwaway PostgreSQL 15.", "",
             "| | clicks | errors | p50 s | p95 s | max s |", "|---|---:|---:|---:|---:|---:|"]

    def row(label, values, errs):
        lines.append(f"| {label} | {len(values)} | {errs} | {pct(values, 50):.2f} | {pct(values, 95):.2f} | "
                     f"{(max(values) if values else float('nan')):.2f} |")
    row("all", all_s, len(res["errors"]))
    for port in ports:
        row(f"replica :{port}", [s for _, p, _, s in samples if p == port],
            sum(1 for e in res["errors"] if e[1] == port))
    row("while the imports ran", during, 0)
    lines.append("")
    for k, (code, out, err) in enumerate(res["imports"]):
        lines.append(f"- import {k + 1}: exit {code} in {t1 - t0:.1f} s (both) - {out or err}")
    version_after, batches, after = versions_after
    lines.append(f"- the server's data version went from {version_before} to {version_after} (batches {batches}); "
                 "a click on each replica afterwards: " +
                 ", ".join(f":{p} {s:.2f} s, {len(e)} errors" for p, (s, e) in after.items()))
    cpu, wall = res["cpu"]
    busy = cpu / wall >= 0.75 * (os.cpu_count() or 1)
    lines.append(f"- the two app processes used {cpu:.0f} CPU-seconds in {wall:.0f} s of load "
                 f"({cpu / wall:.2f} of the machine's {os.cpu_count()} cores)"
                 + (": the clicks wait mostly for the page scripts (Python, charts), not for the database"
                    if busy else ""))
    if res["errors"]:
        lines.append("- errors: " + "; ".join(f"session {k} :{p} {page or 'overview'}: {e}"
                                               for k, p, page, e in res["errors"][:10]))
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--duration", type=int, default=90)
    ap.add_argument("--max-clicks", type=int, default=600)
    ap.add_argument("--import-rows", type=int, default=2000)
    ap.add_argument("--out", default=None, help="append the Markdown table to this file")
    args = ap.parse_args()
    from pg_server import stop_on_term
    stop_on_term()       # a kill still stops the throwaway server (and the replicas) on the way out
    from pg_server import free_port, throwaway_cluster
    from cocreate.store import db
    from cocreate.store.build import build_db
    workdir = Path(tempfile.mkdtemp(prefix="cocreate_load_"))
    procs = []
    with throwaway_cluster(settings={"shared_buffers": "256MB"}) as url:
        try:
            build_db(url)
            con = db.connect(url)
            version_before = db.data_version(con)
            con.close()
            cookie = secrets.token_hex(32)
            ports = [free_port(), free_port()]
            procs = [start_replica(p, url, cookie, workdir / f"replica_{p}.log") for p in ports]
            for p in ports:
                wait_healthy(p)

            async def warm():   # first runs import plotly, kaleido...: not what a user waits for each click
                from websockets.asyncio.client import connect
                for p in ports:
                    async with connect(f"ws://127.0.0.1:{p}/_stcore/stream", subprotocols=["streamlit"],
                                       max_size=None, open_timeout=60) as ws:
                        for page, query in CLICKS:
                            await click(ws, page, query)
            asyncio.run(warm())
            cpu0, t0 = [cpu_seconds(p.pid) for p in procs], time.time()
            res = asyncio.run(run_load(ports, url, args, workdir))
            res["cpu"] = (sum(cpu_seconds(p.pid) for p in procs) - sum(cpu0), time.time() - t0)
            after = {}
            for p in ports:   # one more click on each replica once both imports are in
                async def one(port=p):
                    from websockets.asyncio.client import connect
                    async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                       max_size=None) as ws:
                        return await click(ws, "data", "lang=zh&area=620100")
                after[p] = asyncio.run(one())
            con = db.connect(url, read_only=True)
            version_after = db.data_version(con)
            batches = db.run(con, "batch_list")["batch_id"].tolist()
            con.close()
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
    text = summarise(res, ports, version_before, (version_after, batches, after), args)
    print(text)
    ok = not res["errors"] and all(code == 0 for code, *_ in res["imports"])
    if ok:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"replica logs kept in {workdir}", file=sys.stderr)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
