"""Flags beside the status word (DESIGN.md, honesty rules): what a single word can hide.

`stalled`: the last three values made no progress toward the threshold (neither move
between them went toward it); `recent_drop`: the latest
value moved away from the threshold by more than the typical change between consecutive values
(the median absolute change); `deadline_passed`: the inspection date lies before the reference
date and the indicator is still short. Several flags are joined with ";". Pure functions; the
inputs come from title_progress.sql (the `recent` CTE) or from `flag_inputs` (its Python twin)."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np

FLAGS = ("stalled", "recent_drop", "deadline_passed")
FLAG_SEPARATOR = ";"
# statuses that need no warning: met (nothing short) and not_applicable (not rated)
QUIET_STATUSES = frozenset({"met", "not_applicable"})


def _num(x) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def flag_inputs(values) -> dict:
    """Python twin of the SQL `recent` CTE, from the values of a series in period order: the last
    three values (recent_value_1 = the latest), the median absolute change between consecutive
    values, and the latest change."""
    v = [float(x) for x in values if _num(x) is not None]
    out = dict(recent_value_1=None, recent_value_2=None, recent_value_3=None,
               typical_change=None, latest_change=None)
    for i in range(1, 4):
        if len(v) >= i:
            out[f"recent_value_{i}"] = v[-i]
    if len(v) >= 2:
        changes = np.diff(np.array(v))
        out["typical_change"] = float(np.median(np.abs(changes)))
        out["latest_change"] = float(changes[-1])
    return out


def _toward(direction: str) -> int:
    """+1 when higher values move toward the threshold, -1 when lower ones do."""
    return -1 if direction == "down" else 1


def is_stalled(recent_value_1, recent_value_2, recent_value_3, direction: str) -> bool:
    """Neither of the last two moves went toward the threshold (a plateau, or a slide; a single
    large fall is `recent_drop`'s job, so a rise followed by a fall is not a plateau)."""
    v1, v2, v3 = _num(recent_value_1), _num(recent_value_2), _num(recent_value_3)
    if v1 is None or v2 is None or v3 is None:
        return False
    tol = 1e-9 * max(1.0, abs(v3))
    sign = _toward(direction)
    return sign * (v2 - v3) <= tol and sign * (v1 - v2) <= tol


def is_recent_drop(latest_change, typical_change, direction: str) -> bool:
    """The latest change moved away from the threshold by more than the typical change."""
    change, typical = _num(latest_change), _num(typical_change)
    if change is None or typical is None:
        return False
    away = -_toward(direction) * change
    return away > 0 and away > typical + 1e-12 * max(1.0, abs(typical))


def deadline_passed(deadline, reference_date) -> bool:
    """The inspection date lies before the reference date (the as-of date, else the latest data)."""
    if deadline is None or reference_date is None:
        return False
    return _as_date(deadline) < _as_date(reference_date)


def _as_date(x) -> dt.date:
    if hasattr(x, "date") and not isinstance(x, dt.date):
        return x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, str):
        return dt.date.fromisoformat(x[:10])
    return x


def flags_for(*, status: str, direction: str, recent_value_1=None, recent_value_2=None, recent_value_3=None,
              typical_change=None, latest_change=None, deadline=None, reference_date=None) -> str:
    """The flags of one rated indicator, joined with ';' ('' when none). A met or not-applicable
    indicator carries none: the flags warn about what is still short."""
    if status in QUIET_STATUSES:
        return ""
    out = []
    if is_stalled(recent_value_1, recent_value_2, recent_value_3, direction):
        out.append("stalled")
    if is_recent_drop(latest_change, typical_change, direction):
        out.append("recent_drop")
    if deadline_passed(deadline, reference_date):
        out.append("deadline_passed")
    return FLAG_SEPARATOR.join(out)


def split_flags(text) -> list[str]:
    """'stalled;recent_drop' -> ['stalled', 'recent_drop'] (empty or missing -> [])."""
    if not isinstance(text, str) or not text:
        return []
    return [f for f in text.split(FLAG_SEPARATOR) if f]
