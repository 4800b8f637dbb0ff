"""Benchmark of a scale tier (DESIGN.md "Scale tiers"): the same questions answered by the bare
DuckDB query and by a plain pandas implementation, whole page runs (Streamlit AppTest), import
throughput and peak memory, in one run.

    run_tier(scale, workdir=None, reuse=False) -> dict    # the JSON record of one tier
    main_bench(scales, json_path=None, workdir=None, reuse=False) -> int

Each tier runs in its own process when several are asked (`--scale all`), so ru_maxrss and the
Streamlit caches of one tier do not leak into the next. JSON keys per tier: scale, rows,
build_seconds, queries (name -> {duckdb_ms, pandas_ms, max_abs_diff}), pages (name -> ms, the first,
uncached run), import_rows_per_s, peak_rss_mb; plus details (pandas_load_ms, pages_cached_ms,
pandas_tracemalloc_peak_mb, rss_mb_after each phase). Several tiers: a JSON list of such records.

This module never imports streamlit: run_pages borrows webui.page_timing, lazily.
"""
from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from cocreate import REPO_ROOT

from cocreate.store import db
from cocreate.bench.scale import generate, tier_sizes

RATIO_INDICATOR = "public_toilets_per_10k"   # ratio_of_sums: the city figure is sum(toilets)/sum(pop)
IMPORT_ROWS = 50_000
PAGES = {"overview": "pages/overview.py", "title": "pages/title.py"}
REPEATS = 3
EPOCH = pd.Timestamp("2000-01-01")


def rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_ms(fn, repeats: int = REPEATS) -> tuple[float, object]:
    """Median wall time of `repeats` calls in ms, and the last result."""
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


# --------------------------------------------------------------------------- pandas reference

class PandasStore:
    """The plain-pandas way: load observations and the catalog into DataFrames once, then answer
    each question with pandas operations (filters, merge_asof for denominators and weights as of the
    period, groupby for the city roll-up, closed-form least squares per group)."""

    def __init__(self, con):
        cur = con.cursor()
        try:
            self.obs = cur.execute("SELECT indicator_code, area_code, period, value FROM observations").df()
            self.areas = cur.execute("SELECT code, parent_code, level FROM areas").df()
            self.ind = cur.execute("SELECT code, kind, direction, numerator_code, denominator_code, "
                                   "coalesce(scale, 1) AS scale, aggregation, weight_code FROM indicators").df()
            self.ti = cur.execute("SELECT title_code, indicator_code, threshold FROM title_indicators").df()
            self.campaigns = cur.execute("SELECT title_code, area_code, campaign_start FROM campaigns").df()
        finally:
            cur.close()
        self.obs["period"] = pd.to_datetime(self.obs["period"])
        self.ind_by_code = self.ind.set_index("code")
        self.n_children = self.areas.dropna(subset=["parent_code"]).groupby("parent_code").size()

    def _measure(self, codes, areas) -> pd.DataFrame:
        o = self._sub
        return o[o["indicator_code"].isin(codes) & o["area_code"].isin(areas)]

    def values(self, indicators, city: str) -> pd.DataFrame:
        """indicator_code, area_code, period, value, numerator, denominator, complete: the city (rolled
        up unless city_only) and its children, for the given indicators."""
        children = self.areas.loc[self.areas["parent_code"] == city, "code"].tolist()
        ind = self.ind_by_code.loc[list(indicators)]
        # one pass over all observations keeps the city's rows; every later step works on those
        self._sub = self.obs[self.obs["area_code"].isin(children + [city])]
        parts = []
        plain = ind[ind["kind"] != "ratio"]
        if len(plain):
            own = self._measure(plain.index, children + [city]).copy()
            own["numerator"] = np.nan
            own["denominator"] = np.nan
            parts.append(own)
        for code, r in ind[ind["kind"] == "ratio"].iterrows():     # one merge per ratio indicator
            num = self._measure([r["numerator_code"]], children).sort_values("period")
            den = self._measure([r["denominator_code"]], children).sort_values("period")
            m = pd.merge_asof(num, den[["area_code", "period", "value"]], on="period", by="area_code",
                              suffixes=("_num", "_den"))
            parts.append(pd.DataFrame({
                "indicator_code": code, "area_code": m["area_code"], "period": m["period"],
                "value": m["value_num"] / m["value_den"].replace(0, np.nan) * r["scale"],
                "numerator": m["value_num"], "denominator": m["value_den"]}))
        leaf = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["indicator_code", "area_code", "period", "value", "numerator", "denominator"])
        leaf = leaf.dropna(subset=["value"])
        leaf = leaf.merge(ind[["aggregation", "weight_code", "scale"]], left_on="indicator_code", right_index=True)
        # leaf figures: city_only at the city, the rest at the children (a city row of a roll-up is ignored)
        is_city = leaf["area_code"] == city
        keep = (leaf["aggregation"] == "city_only") | ~is_city
        out_leaf = leaf[keep].copy()
        out_leaf["complete"] = True
        kids = leaf[~is_city & (leaf["aggregation"] != "city_only")].copy()
        kids["weight"] = np.nan
        wm = kids["aggregation"] == "weighted_mean"
        if wm.any():
            w_parts = []
            for wcode, grp in kids[wm].groupby("weight_code"):
                w = self._measure([wcode], children)[["area_code", "period", "value"]].sort_values("period")
                g = pd.merge_asof(grp.sort_values("period"), w.rename(columns={"value": "w"}),
                                  on="period", by="area_code")
                g["weight"] = g["w"]
                w_parts.append(g.drop(columns="w"))
            kids = pd.concat([kids[~wm]] + w_parts, ignore_index=True)
        kids["vw"] = kids["value"] * kids["weight"]
        g = kids.groupby(["indicator_code", "period"], sort=False).agg(
            aggregation=("aggregation", "first"), scale=("scale", "first"), value_sum=("value", "sum"),
            vw=("vw", "sum"), w=("weight", "sum"), numerator=("numerator", "sum"),
            denominator=("denominator", "sum"), n=("value", "size")).reset_index()
        value = np.select(
            [g["aggregation"] == "sum", g["aggregation"] == "weighted_mean", g["aggregation"] == "ratio_of_sums"],
            [g["value_sum"], g["vw"] / g["w"].replace(0, np.nan),
             g["numerator"] / g["denominator"].replace(0, np.nan) * g["scale"]], default=np.nan)
        rolled = pd.DataFrame({"indicator_code": g["indicator_code"], "area_code": city, "period": g["period"],
                               "value": value, "numerator": g["numerator"], "denominator": g["denominator"],
                               "complete": g["n"] == int(self.n_children.get(city, 0))})
        rolled = rolled.dropna(subset=["value"])
        cols = ["indicator_code", "area_code", "period", "value", "numerator", "denominator", "complete"]
        return pd.concat([out_leaf[cols], rolled[cols]], ignore_index=True)

    def indicator_series(self, indicator: str, city: str) -> pd.DataFrame:
        v = self.values([indicator], city)
        return v.sort_values(["area_code", "period"], ignore_index=True)

    def latest_by_area(self, indicator: str, city: str) -> pd.DataFrame:
        v = self.values([indicator], city)
        v = v[v["complete"]]
        idx = v.groupby("area_code")["period"].idxmax()
        return v.loc[idx, ["area_code", "period", "value"]].reset_index(drop=True)

    def title_progress(self, city: str) -> pd.DataFrame:
        """Per title x indicator x area (city and children): latest period and value, baseline
        period and value, least-squares slope per year from the baseline to the latest."""
        items = self.campaigns[self.campaigns["area_code"] == city].merge(self.ti, on="title_code")
        v = self.values(items["indicator_code"].unique(), city)
        v = v[v["complete"]]
        s = items[["title_code", "indicator_code", "campaign_start"]].merge(v, on="indicator_code")
        s["campaign_start"] = pd.to_datetime(s["campaign_start"])
        keys = ["title_code", "indicator_code", "area_code"]
        grp = s.groupby(keys, sort=False)
        latest = grp["period"].transform("max")
        before = s["period"].where(s["period"] <= s["campaign_start"])
        baseline = before.groupby([s[k] for k in keys], sort=False).transform("max")
        baseline = baseline.fillna(grp["period"].transform("min"))
        s["latest_period"], s["baseline_period"] = latest, baseline
        w = s[(s["period"] >= s["baseline_period"]) & (s["period"] <= s["latest_period"])].copy()
        w["t"] = (w["period"] - EPOCH).dt.days / 365.25
        w["tt"], w["tv"] = w["t"] * w["t"], w["t"] * w["value"]
        agg = w.groupby(keys, sort=False).agg(n=("t", "size"), st=("t", "sum"), sv=("value", "sum"),
                                              stt=("tt", "sum"), stv=("tv", "sum")).reset_index()
        agg["slope_per_year"] = ((agg["n"] * agg["stv"] - agg["st"] * agg["sv"])
                                 / (agg["n"] * agg["stt"] - agg["st"] ** 2).replace(0, np.nan))
        at_latest = s[s["period"] == s["latest_period"]][keys + ["latest_period", "value"]].rename(
            columns={"value": "latest_value"})
        at_base = s[s["period"] == s["baseline_period"]][keys + ["baseline_period", "value"]].rename(
            columns={"value": "baseline_value"})
        out = at_latest.merge(at_base, on=keys).merge(agg[keys + ["n", "slope_per_year"]], on=keys)
        return out.rename(columns={"n": "n_points"}).reset_index(drop=True)


def _max_diff(a: pd.DataFrame, b: pd.DataFrame, keys: list[str], col: str) -> float:
    """Largest absolute difference of `col` between two answers joined on `keys` (inf if rows differ)."""
    a = a.dropna(subset=[col])[keys + [col]]
    b = b.dropna(subset=[col])[keys + [col]]
    if len(a) != len(b):
        return float("inf")
    for k in keys:
        if "period" in k:
            a[k], b[k] = pd.to_datetime(a[k]), pd.to_datetime(b[k])
    m = a.merge(b, on=keys, how="outer", suffixes=("_a", "_b"))
    if m[[col + "_a", col + "_b"]].isna().any().any():
        return float("inf")
    return float((m[col + "_a"] - m[col + "_b"]).abs().max()) if len(m) else 0.0


# --------------------------------------------------------------------------- phases

def run_queries(db_file: Path, city: str) -> tuple[dict, dict]:
    """DuckDB (db.run of the named queries) and pandas answers of the same three questions."""
    con = db.connect(db_file, read_only=True)
    try:
        children = [r[0] for r in con.execute("SELECT code FROM areas WHERE parent_code = ? ORDER BY code",
                                              [city]).fetchall()]
        areas = [city] + children
        duck = {
            "title_progress": lambda: db.run(con, "title_progress", area=city, title=None, as_of=None,
                                             with_children=True),
            "indicator_series": lambda: db.run(con, "indicator_series", indicator=RATIO_INDICATOR, areas=areas,
                                               as_of=None),
            "latest_by_area": lambda: db.run(con, "latest_by_area", indicator=RATIO_INDICATOR, areas=areas,
                                             as_of=None),
        }
        results, out = {}, {}
        for name, fn in duck.items():
            ms, res = median_ms(fn)
            results[name] = {"duckdb_ms": round(ms, 1)}
            out[name] = res
        rss_duck = rss_mb()
        t0 = time.perf_counter()
        store = PandasStore(con)
        load_ms = (time.perf_counter() - t0) * 1000
    finally:
        con.close()
    pand = {
        "title_progress": lambda: store.title_progress(city),
        "indicator_series": lambda: store.indicator_series(RATIO_INDICATOR, city),
        "latest_by_area": lambda: store.latest_by_area(RATIO_INDICATOR, city),
    }
    for name, fn in pand.items():
        ms, res = median_ms(fn)
        results[name]["pandas_ms"] = round(ms, 1)
        if name == "title_progress":
            d = out[name]
            d = d[d["n_points"] > 0]
            diff = max(_max_diff(d, res, ["title_code", "indicator_code", "area_code"], "latest_value"),
                       _max_diff(d, res, ["title_code", "indicator_code", "area_code"], "slope_per_year"))
        else:
            diff = _max_diff(out[name], res, ["area_code", "period"], "value")
        results[name]["max_abs_diff"] = diff if np.isfinite(diff) else "rows differ"
    rss_pandas = rss_mb()
    # memory of the pandas way, traced separately (tracing slows it down, so not in the timings)
    del store
    tracemalloc.start()
    con = db.connect(db_file, read_only=True)
    try:
        store = PandasStore(con)
    finally:
        con.close()
    store.title_progress(city)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del store
    return results, {"pandas_load_ms": round(load_ms, 1), "pandas_tracemalloc_peak_mb": round(peak / 2**20, 1),
                     "rss_mb_after_duckdb_queries": round(rss_duck, 1),
                     "rss_mb_after_pandas": round(rss_pandas, 1)}


def run_pages(db_file: Path, city: str) -> tuple[dict, dict]:
    """Whole page runs with AppTest on the tier database: first (cold caches) and cached re-run."""
    from webui.page_timing import time_pages  # Streamlit glue stays out of the core; loaded only here
    first, cached, problems = time_pages(db_file, PAGES, {"lang": "zh", "area": city})
    return first, {"pages_cached_ms": cached, "page_errors": problems}


_IMPORT_CSV = """
COPY (
    SELECT o.indicator_code, o.area_code, strftime(o.period, '%Y-%m') AS period,
           CASE WHEN i.direction = 'yes_no' THEN o.value
                ELSE least(coalesce(i.value_max, o.value * 2 + 1), round(o.value * 1.01 + 1, coalesce(i.decimals, 2)))
           END AS value
    FROM observations o JOIN indicators i ON i.code = o.indicator_code
    JOIN areas a ON a.code = o.area_code
    WHERE a.parent_code IS NOT NULL AND i.aggregation <> 'city_only' AND i.kind <> 'ratio'
    ORDER BY hash(o.indicator_code || o.area_code || o.period::VARCHAR)
    LIMIT {limit}
) TO '{path}' (HEADER, DELIMITER ',')
"""


def run_import(db_file: Path, workdir: Path, n_rows: int = IMPORT_ROWS) -> dict:
    """Rows/s of import_file for a generated CSV of n_rows district figures (changed values, so
    every row replaces one and keeps the old value in history), into a copy of the tier database."""
    copy = workdir / "import_copy.duckdb"
    shutil.copy(db_file, copy)
    csv_path = workdir / "bench_import.csv"
    con = db.connect(copy)
    try:
        # COPY TO takes no parameters for its file name: the path is ours (workdir), the limit an int
        statement = _IMPORT_CSV.format(limit=int(n_rows), path=str(csv_path).replace("'", "''"))
        con.execute(statement)
        from cocreate.intake.observations import import_file
        t0 = time.perf_counter()
        result = import_file(con, csv_path, user=None, lang="en")
        seconds = time.perf_counter() - t0
    finally:
        con.close()
        copy.unlink(missing_ok=True)
        Path(str(copy) + ".wal").unlink(missing_ok=True)
    return {"import_rows": result.rows_accepted, "import_seconds": round(seconds, 2),
            "import_rows_per_s": round(result.rows_accepted / seconds, 1),
            "import_replaced": result.rows_replaced}


def run_tier(scale: str, workdir: Path | None = None, reuse: bool = False, log=print) -> dict:
    """Build (or reuse) the tier database and run every phase; the JSON record of the tier."""
    tier_sizes(scale)
    own_dir = workdir is None
    workdir = Path(workdir or tempfile.mkdtemp(prefix=f"cocreate_bench_{scale}_"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_file = workdir / f"{scale}.duckdb"
    try:
        if reuse and db_file.exists():
            build_seconds = None
            log(f"[{scale}] reusing {db_file}")
        else:
            log(f"[{scale}] generating {db_file} ...")
            info = generate(db_file, scale)
            build_seconds = info["build_seconds"]
            log(f"[{scale}] {info['rows']:,} rows, {info['indicators']} indicators+measures, "
                f"{info['areas']} areas in {build_seconds:.1f} s")
        con = db.connect(db_file, read_only=True)
        try:
            rows = int(db.scalar(con, "SELECT count(*) FROM observations"))
            city = db.scalar(con, "SELECT min(code) FROM areas WHERE level = 'city'")
        finally:
            con.close()
        rss_build = rss_mb()
        log(f"[{scale}] queries (median of {REPEATS}) ...")
        queries, qdetail = run_queries(db_file, city)
        log(f"[{scale}] pages (AppTest) ...")
        pages, pdetail = run_pages(db_file, city)
        rss_pages = rss_mb()
        log(f"[{scale}] import of {IMPORT_ROWS:,} rows ...")
        imp = run_import(db_file, workdir)
        return {
            "scale": scale, "rows": rows, "build_seconds": build_seconds, "queries": queries, "pages": pages,
            "import_rows_per_s": imp["import_rows_per_s"], "peak_rss_mb": round(rss_mb(), 1),
            "details": {"city": city, "ratio_indicator": RATIO_INDICATOR, **qdetail, **pdetail, **imp,
                        "rss_mb_after_build": round(rss_build, 1), "rss_mb_after_pages": round(rss_pages, 1),
                        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
                        "python": sys.version.split()[0]},
        }
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)


def format_table(records: list[dict]) -> str:
    """The benchmark as a text table, one block per tier."""
    lines = []
    for r in records:
        d = r.get("details", {})
        build = "reused" if r["build_seconds"] is None else f"{r['build_seconds']:.1f} s"
        lines.append(f"tier {r['scale']}: {r['rows']:,} observation rows, build {build}, city {d.get('city')}")
        lines.append(f"  {'question':22} {'duckdb ms':>10} {'pandas ms':>10} {'max |diff|':>12}")
        for name, q in r["queries"].items():
            diff = q.get("max_abs_diff")
            diff = f"{diff:.2g}" if isinstance(diff, float) else str(diff)
            lines.append(f"  {name:22} {q['duckdb_ms']:10.1f} {q['pandas_ms']:10.1f} {diff:>12}")
        lines.append(f"  {'pandas load (once)':22} {'':10} {d.get('pandas_load_ms', 0):10.1f}")
        lines.append(f"  {'page (AppTest)':22} {'first ms':>10} {'cached ms':>10}")
        for name, ms in r["pages"].items():
            lines.append(f"  {name:22} {ms:10.1f} {d.get('pages_cached_ms', {}).get(name, float('nan')):10.1f}")
        for name, errs in d.get("page_errors", {}).items():
            lines.append(f"  page {name} raised: {errs}")
        lines.append(f"  import: {d.get('import_rows', 0):,} rows in {d.get('import_seconds', 0):.2f} s = "
                     f"{r['import_rows_per_s']:,.0f} rows/s")
        lines.append(f"  peak RSS {r['peak_rss_mb']:,.0f} MB (after build {d.get('rss_mb_after_build', 0):,.0f}, "
                     f"duckdb queries {d.get('rss_mb_after_duckdb_queries', 0):,.0f}, pandas "
                     f"{d.get('rss_mb_after_pandas', 0):,.0f}, pages {d.get('rss_mb_after_pages', 0):,.0f}); "
                     f"pandas tracemalloc peak {d.get('pandas_tracemalloc_peak_mb', 0):,.0f} MB")
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
