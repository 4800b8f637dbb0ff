"""Whether a contender's answer equals the app's: the same rows (by key), equal values in every column
the contender returns, floats within a tolerance, NULL equal to NULL (NaN, None, NaT alike)."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd


def _norm(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NaT or (isinstance(v, pd.Timestamp) and pd.isna(v)):
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return pd.Timestamp(v).normalize() if pd.Timestamp(v) == pd.Timestamp(v).normalize() else pd.Timestamp(v)
    if isinstance(v, dt.date):
        return pd.Timestamp(v)
    if hasattr(v, "item"):          # numpy scalars
        return _norm(v.item())
    if v is pd.NA:
        return None
    return v


def differences(app: pd.DataFrame, other: pd.DataFrame, keys, columns, tol: float = 1e-9,
                limit: int = 5) -> list[str]:
    """What differs, in words (empty: equal)."""
    keys, columns = list(keys), list(columns)
    missing = [c for c in columns if c not in app.columns or c not in other.columns]
    if missing:
        return [f"columns missing: {missing}"]
    out = []
    if len(app) != len(other):
        out.append(f"rows: app {len(app)}, contender {len(other)}")
    a = {tuple(_norm(x) for x in k): r for k, r in zip(app[keys].itertuples(index=False, name=None),
                                                       app[columns].to_dict("records"))}
    b = {tuple(_norm(x) for x in k): r for k, r in zip(other[keys].itertuples(index=False, name=None),
                                                       other[columns].to_dict("records"))}
    if len(a) != len(app) or len(b) != len(other):
        out.append("keys not unique")
    if set(a) != set(b):
        out.append(f"keys differ: app only {sorted(set(a) - set(b), key=str)[:3]}, "
                   f"contender only {sorted(set(b) - set(a), key=str)[:3]}")
    for k in sorted(set(a) & set(b), key=str):
        for c in columns:
            x, y = _norm(a[k][c]), _norm(b[k][c])
            if x is None and y is None:
                continue
            if isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool) \
                    and not isinstance(y, bool):
                if abs(float(x) - float(y)) <= tol * max(1.0, abs(float(x))):
                    continue
            elif x == y:
                continue
            out.append(f"{k} {c}: app {x!r}, contender {y!r}")
            if len(out) >= limit:
                return out
    return out
