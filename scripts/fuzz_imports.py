"""Run N damaged observation files through the command line (`python -m cocreate import FILE`) and
count what happened: imported, refused, tracebacks (must be 0), tables changed by a refusal (must be
0), wrong outcomes (a damaged file imported, a good one refused, a wrong figure stored: must be 0).

usage: python scripts/fuzz_imports.py N [--seed S] [--db PATH]   (N >= 500 for issue 14)

The files are the ones tests/test_import_fuzz.py samples (tests/import_mutations.py): cut short,
bytes flipped, other encodings, stray commas and quotes, huge cells, NUL bytes, broken or missing
XLSX parts, formulas with and without saved values, percentage and date formats, lying dimensions,
too many rows. The database is a fresh demo build (or a copy of --db): nothing of yours is touched.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cocreate.cli.parser import main as cli_main  # noqa: E402
from cocreate.store import db  # noqa: E402
from tests.import_files import digest  # noqa: E402
from tests.import_mutations import KINDS, SLOW_KINDS, make_case, wrong_outcome  # noqa: E402


def kinds_for(n: int) -> list[str]:
    """Every kind in turn; a slow one (200,001 rows) once in every 100 files."""
    out = []
    for i in range(n):
        out.append(SLOW_KINDS[(i // 100) % len(SLOW_KINDS)] if i % 100 == 99 else KINDS[i % len(KINDS)])
    return out


def run_one(db_path: Path, folder: Path, kind: str, seed: int, lang: str) -> dict:
    case = make_case(kind, random.Random(seed))
    path = folder / case.name
    path.write_bytes(case.data)
    con = db.connect(db_path)
    before = digest(con)
    con.close()
    out, err = io.StringIO(), io.StringIO()
    crash = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = cli_main(["import", str(path), "--db", str(db_path), "--lang", lang])
        except SystemExit as exc:          # argparse: not expected here
            rc = exc.code if isinstance(exc.code, int) else 2
        except BaseException:              # noqa: BLE001 - a traceback is what this script counts
            rc, crash = 99, traceback.format_exc()
    stderr = err.getvalue()
    if crash is None and "Traceback" in stderr:
        crash = stderr
    con = db.connect(db_path)
    try:
        refused = rc != 0
        batch = None if refused else con.execute("SELECT max(batch_id) FROM import_batches").fetchone()[0]
        changed = refused and digest(con) != before
        wrong = None if crash else wrong_outcome(con, case, refused, batch)
    finally:
        con.close()
    path.unlink()
    return {"kind": kind, "seed": seed, "rc": rc, "refused": refused, "crash": crash, "changed": changed,
            "wrong": wrong, "silent": refused and not stderr.strip(), "message": stderr.strip().splitlines()[:1]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--db", help="a database to copy (default: a fresh build of the demo data)")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="fuzz_imports_"))
    try:
        db_path = work / "fuzz.duckdb"
        if args.db:
            shutil.copy(args.db, db_path)
        else:
            from cocreate.store.build import build_db
            with contextlib.redirect_stdout(io.StringIO()):
                build_db(db_path)
        master = random.Random(args.seed)
        counts, by_kind, bad = Counter(), Counter(), []
        start = time.time()
        for i, kind in enumerate(kinds_for(args.n)):
            r = run_one(db_path, work, kind, master.randrange(2**32), "zh" if i % 2 else "en")
            counts["files"] += 1
            counts["tracebacks" if r["crash"] else ("refused" if r["refused"] else "imported")] += 1
            for flag in ("changed", "wrong", "silent"):
                counts[flag] += bool(r[flag])
            by_kind[(kind, "traceback" if r["crash"] else ("refused" if r["refused"] else "imported"))] += 1
            if r["crash"] or r["changed"] or r["wrong"] or r["silent"]:
                bad.append(r)
        secs = time.time() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for r in bad[:20]:
        print(f"!! {r['kind']} seed={r['seed']} rc={r['rc']} wrong={r['wrong']} changed={r['changed']} "
              f"silent={r['silent']}\n{r['crash'] or ''}", file=sys.stderr)
    print("kind                              imported  refused  tracebacks")
    for kind in dict.fromkeys(k for k, _ in by_kind):
        print(f"{kind:<32} {by_kind[(kind, 'imported')]:>9} {by_kind[(kind, 'refused')]:>8} "
              f"{by_kind[(kind, 'traceback')]:>11}")
    print(f"files: {counts['files']}  imported: {counts['imported']}  refused: {counts['refused']}  "
          f"tracebacks: {counts['tracebacks']}  changed by a refusal: {counts['changed']}  "
          f"wrong outcome: {counts['wrong']}  refused without a sentence: {counts['silent']}  ({secs:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
