"""A seeded run of the writes the store takes (random imports, rollbacks of an earlier batch, a direct
delete refreshed by lists), shared by the tests of what is kept at write time (figures, figure_series,
the kept series ends, the source counts): each checks its own invariant after every step."""
from __future__ import annotations

import random
from typing import Callable

import pandas as pd

from cocreate.errors import CocreateError
from cocreate.intake.observations import ImportResult, load_frame, rollback_batch
from cocreate.store import db
from cocreate.store.figures import refresh_figures


def delete_and_refresh(con, rng: random.Random, n: int) -> None:
    """A direct edit: delete n stored observations, then refresh by the lists of their codes and periods."""
    stored = con.execute("SELECT indicator_code, area_code, period FROM observations ORDER BY ALL").fetchall()
    picked = rng.sample(stored, n)
    with db.transaction(con) as cur:
        for key in picked:
            cur.execute("DELETE FROM observations WHERE indicator_code = ? AND area_code = ? AND period = ?", list(key))
        refresh_figures(cur, indicator_codes={k[0] for k in picked}, area_codes={k[1] for k in picked},
                        periods={k[2] for k in picked})


def random_writes(con, rng: random.Random, steps: int, new_frame: Callable[[int], pd.DataFrame],
                  check: Callable[[int], None], import_share: float = 0.6, deleted: int = 3) -> None:
    """`steps` writes: an import of new_frame(step) (share `import_share`, and whenever no batch is left to
    roll back), else a rollback of a random earlier batch (a superseded one refuses) up to 0.85, else a
    direct delete of `deleted` observations; check(step) after each."""
    active: list[int] = []
    for step in range(steps):
        action = rng.random()
        if action < import_share or not active:
            frame = new_frame(step)
            result = ImportResult(file_name=f"random-{step}.csv", sha256="x", rows_accepted=len(frame))
            load_frame(con, frame, result, user_name="test")
            active.append(result.batch_id)
        elif action < 0.85:
            batch = rng.choice(active)
            try:
                rollback_batch(con, batch)
                active.remove(batch)
            except CocreateError as exc:
                assert exc.key == "batch_superseded"
        else:
            delete_and_refresh(con, rng, deleted)
        check(step)
