"""Screenshot pages of a running app with headless Debian chromium (for review and the README).

usage: python scripts/screenshots.py BASE_URL OUT_DIR PAGE[?query] ... [--widths 1280,1920] [--langs zh,en]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def shoot(base: str, out: Path, pages: list[str], widths: list[int], langs: list[str], full: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in widths:
            ctx = browser.new_context(viewport={"width": width, "height": 1000}, device_scale_factor=1)
            page = ctx.new_page()
            for spec in pages:
                path, _, query = spec.partition("?")
                for lang in langs:
                    q = "&".join(x for x in (query, f"lang={lang}") if x)
                    page.goto(f"{base.rstrip('/')}/{path}?{q}", wait_until="networkidle")
                    page.wait_for_selector('[data-testid="stMain"]', timeout=30000)
                    page.wait_for_timeout(2500)
                    try:  # the script has finished and no placeholder (skeleton) is left
                        page.wait_for_function(
                            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                            " && !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60000)
                    except Exception:
                        pass
                    page.wait_for_timeout(1500)
                    if full:  # the app scrolls inside stMain: grow the viewport to its content
                        h = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                        page.set_viewport_size({"width": width, "height": min(max(int(h), 800), 6000)})
                        page.wait_for_timeout(1200)
                    name = f"{(path or 'overview').replace('/', '_')}_{lang}_{width}.png"
                    target = out / name
                    page.screenshot(path=str(target), full_page=full)
                    errors = page.locator('[data-testid="stException"]').count()
                    print(f"{target} exceptions={errors}")
                    made.append(target)
                    page.set_viewport_size({"width": width, "height": 1000})
            ctx.close()
        browser.close()
    return made


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("out")
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--widths", default="1280,1920")
    ap.add_argument("--langs", default="zh,en")
    a = ap.parse_args(argv)
    shoot(a.base, Path(a.out), a.pages, [int(w) for w in a.widths.split(",")], a.langs.split(","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
