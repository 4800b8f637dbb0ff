"""Load run: N concurrent browser sessions click through the pages for a while, against one app
server on 127.0.0.1, while an admin session imports a file on the Data page; reports page times
(p50/p95, navigation to the page's script run finished) and any error element seen.

usage: python scripts/load_run.py DB [--sessions 20] [--seconds 60] [--import-csv FILE] [--json FILE]

The database is copied first (the run writes to the copy); an admin account is added to the copy
before the server opens it. Bounded: sessions <= 40, seconds <= 600, loopback only.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_bench import ARGS, CHROMIUM, start_server  # noqa: E402

PAGES = ["overview", "title", "explorer", "services", "rankings", "map", "timeline", "tasks"]
ERROR = '[data-testid="stException"], [data-testid="stAlertContentError"]'
ADMIN, PASSWORD = "loadadmin", "load-run-password-1"


async def settle(page, timeout_ms: int = 120_000) -> None:
    """The script run is over: a heading in the main area and no running indicator."""
    await page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    await page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                 timeout=timeout_ms)


async def viewer(browser, base: str, area: str, k: int, until: float, times: list, errors: list) -> None:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    i = k
    try:
        while time.time() < until:
            name = PAGES[i % len(PAGES)]
            i += 1
            t0 = time.perf_counter()
            try:
                await page.goto(f"{base}/{name}?lang=zh&area={area}", wait_until="commit")
                await settle(page)
                times.append((name, (time.perf_counter() - t0) * 1000))
                n_err = await page.locator(ERROR).count()
                if n_err:
                    # a veto item failing is shown with st.error on purpose: count exceptions apart
                    exc = await page.locator('[data-testid="stException"]').count()
                    errors.append({"page": name, "exceptions": exc, "error_boxes": n_err - exc})
            except Exception as exc:   # a timeout is a failure of the run, not of the script
                errors.append({"page": name, "failure": str(exc)[:160]})
    finally:
        await ctx.close()


async def importer(browser, base: str, csv_file: Path, until: float, log: list) -> None:
    """Log in as the admin and import the file (and again, while time is left)."""
    ctx = await browser.new_context(viewport={"width": 1280, "height": 1000})
    page = await ctx.new_page()
    try:
        await page.goto(base + "/data?lang=en", wait_until="commit")
        await settle(page)
        await page.get_by_role("textbox", name="User name").fill(ADMIN)
        await page.get_by_role("textbox", name="Password").fill(PASSWORD)
        await page.get_by_role("button", name="Log in").click()
        while time.time() < until:
            upload = '[data-testid="stFileUploaderDropzoneInput"]'
            await page.wait_for_selector(upload, state="attached", timeout=120_000)
            t0 = time.perf_counter()
            await page.set_input_files(upload, str(csv_file))
            button = page.get_by_role("button", name="Import")
            await button.first.wait_for(timeout=300_000)
            await button.first.click()
            done = page.locator('[data-testid="stAlertContentSuccess"]', has_text="(batch")
            await done.wait_for(timeout=300_000)
            log.append({"import_s": round(time.perf_counter() - t0, 2), "message": (await done.inner_text())[:120]})
    except Exception as exc:
        log.append({"failure": str(exc)[:200]})
    finally:
        await ctx.close()


async def run(base: str, area: str, sessions: int, seconds: int, csv_file: Path | None) -> dict:
    from playwright.async_api import async_playwright
    times, errors, imports = [], [], []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        until = time.time() + seconds
        jobs = [viewer(browser, base, area, k, until, times, errors) for k in range(sessions)]
        if csv_file:
            jobs.append(importer(browser, base, csv_file, until, imports))
        await asyncio.gather(*jobs)
        await browser.close()
    ms = sorted(t for _, t in times)
    pct = lambda p: round(ms[min(len(ms) - 1, int(p * len(ms)))], 0) if ms else None   # noqa: E731
    per_page = {p: round(statistics.median([t for n, t in times if n == p]), 0) for p in PAGES
                if any(n == p for n, _ in times)}
    return {"sessions": sessions, "seconds": seconds, "page_views": len(ms), "p50_ms": pct(0.5),
            "p95_ms": pct(0.95), "per_page_median_ms": per_page, "errors": errors, "imports": imports}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--area", default=None)
    ap.add_argument("--import-csv")
    ap.add_argument("--json")
    a = ap.parse_args()
    sessions, seconds = max(1, min(a.sessions, 40)), max(5, min(a.seconds, 600))
    os.environ.setdefault("COCREATE_BCRYPT_ROUNDS", "4")
    from cocreate import auth
    from cocreate.store import db
    with tempfile.TemporaryDirectory(prefix="cocreate_load_") as tmp:
        copy = Path(tmp) / "load.duckdb"
        shutil.copy(a.db, copy)
        con = db.connect(copy)
        area = a.area or db.scalar(con, "SELECT min(code) FROM areas WHERE level = 'city'")
        auth.add_user(con, ADMIN, PASSWORD, "admin", None)
        con.close()
        proc, base = start_server(str(copy))
        try:
            out = asyncio.run(run(base, area, sessions, seconds, Path(a.import_csv) if a.import_csv else None))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    out.update({"db": str(a.db), "area": area, "nproc": os.cpu_count()})
    print(json.dumps({k: v for k, v in out.items() if k != "errors"}, indent=1, ensure_ascii=False))
    print(f"error elements / failures: {len(out['errors'])}", out["errors"][:5])
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
