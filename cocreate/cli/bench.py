"""Commands `demo` and `bench` (DESIGN.md "Commands", fixed):
    python -m cocreate demo --scale city|province|nation --db PATH
    python -m cocreate bench [--scale city|province|nation|all] [--json FILE]
`--scale all` runs city and province; nation only when asked by name (it builds ~50M rows).
"""
from __future__ import annotations

import sys

SCALES = ("city", "province", "nation")


def _cmd_demo(args) -> int:
    from cocreate.bench.scale import generate
    info = generate(args.db, args.scale)
    print(f"generated {args.db}: scale {info['scale']}, {info['rows']:,} observation rows "
          f"(tier formula {info['expected_rows']:,}), {info['indicators']} indicators+measures, "
          f"{info['areas']} areas, {info['build_seconds']:.1f} s")
    return 0


def _cmd_bench(args) -> int:
    from cocreate.bench.run import main_bench
    scales = ["city", "province"] if args.scale == "all" else [args.scale]
    return main_bench(scales, json_path=args.json, workdir=args.workdir, reuse=args.reuse, quiet=args.quiet)


def register(subparsers) -> None:
    d = subparsers.add_parser("demo", help="generate a synthetic database of a benchmark tier")
    d.add_argument("--scale", choices=SCALES, required=True)
    d.add_argument("--db", required=True)
    d.set_defaults(func=_cmd_demo)

    b = subparsers.add_parser("bench", help="benchmark a tier: DuckDB vs pandas, pages, import, memory")
    b.add_argument("--scale", choices=SCALES + ("all",), default="city",
                   help="city (default); all = city and province; nation only when named")
    b.add_argument("--json", help="write the figures as JSON to this file")
    b.add_argument("--workdir", help="keep the tier databases here (default: a temporary directory)")
    b.add_argument("--reuse", action="store_true", help="reuse <workdir>/<scale>.duckdb when present")
    b.add_argument("--quiet", action="store_true", help=argparse_suppress())
    b.set_defaults(func=_cmd_bench)


def argparse_suppress():
    import argparse
    return argparse.SUPPRESS


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: python -m cocreate demo|bench ...")
