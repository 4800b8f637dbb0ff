"""The row rules of an observations upload, checked column by column (validate_frame's work).

Each rule is worked out once per distinct text (an indicator code, an area code, a period, a number)
and spread to the rows as masks; a Problem is built only for a row that breaks a rule. The result is
the one a loop over the rows gives: problems row by row in the frame's order, and within a row in
the order below (indicator, area, indicator/area pairing, period, value, note, duplicate).
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pyarrow as pa

from cocreate.intake.numbers import parse_numbers
from cocreate.intake.periods import parse_period
from cocreate.intake.reading import Problem
from cocreate.intake.refs import Catalog

EARLIEST_YEAR = 2000   # no campaign tracks figures older than this; an older date is a misread cell


def texts(raw: pd.DataFrame, col: str) -> tuple[np.ndarray, np.ndarray]:
    """A column read as the row loop read it, str(cell or ""), as (distinct texts, each row's index)."""
    if col not in raw.columns:
        return np.array([""], dtype=object), np.zeros(len(raw), dtype=np.intp)
    vals = raw[col].to_numpy(dtype=object)
    if pd.api.types.infer_dtype(vals, skipna=False) in ("string", "empty"):
        codes, uniq = pd.factorize(vals)
        return np.asarray(uniq, dtype=object), codes.astype(np.intp, copy=False)
    seen: dict[str, int] = {}
    index = np.fromiter((seen.setdefault(str(v or ""), len(seen)) for v in vals), dtype=np.intp, count=len(vals))
    return np.array(list(seen), dtype=object), index


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _plain(v) -> str:
    return str(int(v)) if float(v) == int(v) else str(v)


def _indicator_facts(codes: np.ndarray, cat: Catalog) -> dict[str, np.ndarray]:
    """Per distinct indicator code: state (0 ok, 1 missing, 2 unknown) and what the rules read."""
    f = {k: [] for k in ("state", "found", "ratio", "not_city_only", "city_only", "pct", "yes_no",
                         "vmin", "vmax", "min_key", "min_raw", "max_key", "max_raw")}
    for ic in codes:
        ind = cat.indicators.get(ic)
        f["state"].append(1 if not ic else 2 if ind is None else 0)
        f["found"].append(ind is not None)
        ind = ind or {}
        agg = ind.get("aggregation")
        f["ratio"].append(bool(ind) and ind["kind"] == "ratio")
        f["not_city_only"].append(bool(ind) and agg != "city_only")
        f["city_only"].append(bool(ind) and agg == "city_only")
        is_pct = bool(ind) and str(ind.get("unit") or "") == "pct"
        f["pct"].append(is_pct)
        f["yes_no"].append(ind.get("direction") == "yes_no")
        vmin, vmax = _num(ind.get("value_min")), _num(ind.get("value_max"))
        f["vmin"].append(np.nan if vmin is None else float(vmin))
        f["vmax"].append(np.nan if vmax is None else float(vmax))
        f["min_key"].append("import_negative" if vmin == 0 else "import_below_min")
        f["min_raw"].append(vmin)   # made text (_plain) only for a value out of range, as the loop did
        f["max_key"].append("import_over_100" if is_pct and vmax == 100 else "import_above_max")
        f["max_raw"].append(vmax)
    types = {"state": np.int8, "vmin": np.float64, "vmax": np.float64}
    return {k: np.array(v, dtype=object if k.endswith(("_key", "_raw")) else types.get(k, bool))
            for k, v in f.items()}


def _area_facts(codes: np.ndarray, cat: Catalog, allowed: set | None) -> dict[str, np.ndarray]:
    """Per distinct area code: state (0 ok, 1 missing, 2 unknown, 3 not the user's) and its place."""
    f = {k: [] for k in ("state", "found", "city", "has_parent")}
    for ac in codes:
        area = cat.areas.get(ac)
        f["state"].append(1 if not ac else 2 if area is None else 3 if allowed is not None and ac not in allowed else 0)
        f["found"].append(area is not None)
        f["city"].append(ac in cat.cities_with_children)
        parent = (area or {}).get("parent_code")
        f["has_parent"].append(isinstance(parent, str) and bool(parent))
    return {k: np.array(v, dtype=bool if k != "state" else np.int8) for k, v in f.items()}


def _period_facts(periods: np.ndarray, today: dt.date) -> dict[str, np.ndarray]:
    """Per distinct period text: state (0 ok, 1 missing, 2 unreadable, 3 future, 4 too old), the
    stored month (first day), its month number for duplicates and its 'YYYY-MM'."""
    state, first, month, label = [], [], [], []
    for p in periods:
        parsed = parse_period(p) if p else None
        state.append(1 if not p else 2 if parsed is None else 3 if parsed[1] > today
                     else 4 if parsed[0].year < EARLIEST_YEAR else 0)
        first.append(np.datetime64(parsed[0], "D") if parsed else np.datetime64("NaT", "D"))
        month.append(parsed[0].year * 12 + parsed[0].month - 1 if parsed else -1)
        label.append(parsed[0].isoformat()[:7] if parsed else "")
    return {"state": np.array(state, dtype=np.int8), "first": np.array(first, dtype="datetime64[D]"),
            "month": np.array(month, dtype=np.int64), "label": np.array(label, dtype=object)}


def _values(vt: np.ndarray, vi: np.ndarray, pct_row: np.ndarray) -> np.ndarray:
    """Each row's number (NaN = not a number), percent signs read only for percent indicators."""
    plain = parse_numbers(vt)
    with_pct = plain.copy()
    need = np.zeros(len(vt), dtype=bool)
    need[vi[pct_row]] = True
    need &= np.isnan(plain)   # a text parse_number reads without a percent sign reads the same with one
    if need.any():
        with_pct[need] = parse_numbers(vt[need], allow_percent=True)
    return np.where(pct_row, with_pct[vi], plain[vi])


def check_rows(raw: pd.DataFrame, cat: Catalog, allowed: set | None, columns: dict, user: dict | None,
               today: dt.date, zh: dict[str, str]) -> tuple[pd.DataFrame, list[Problem], int]:
    """validate_frame's checks; see its docstring."""
    ic_d, ic_i = texts(raw, "indicator_code")
    ac_d, ac_i = texts(raw, "area_code")
    pt_d, pt_i = texts(raw, "period")
    vt_d, vt_i = texts(raw, "value")
    nt_d, nt_i = texts(raw, "note")
    sc_d, sc_i = texts(raw, "source")
    live = (vt_d != "")[vt_i]
    skipped = int(len(raw) - live.sum())
    rows = np.flatnonzero(live)          # rows with a value, in the frame's order
    ic_i, ac_i, pt_i, vt_i, nt_i, sc_i = (a[rows] for a in (ic_i, ac_i, pt_i, vt_i, nt_i, sc_i))

    ind, area, per = _indicator_facts(ic_d, cat), _area_facts(ac_d, cat, allowed), _period_facts(pt_d, today)
    i_state, a_state, p_state = ind["state"][ic_i], area["state"][ac_i], per["state"][pt_i]
    both = ind["found"][ic_i] & area["found"][ac_i]
    rule = np.select([both & ind["ratio"][ic_i], both & ind["not_city_only"][ic_i] & area["city"][ac_i],
                      both & ind["city_only"][ic_i] & area["has_parent"][ac_i]], [1, 2, 3], 0)
    value = _values(vt_d, vt_i, ind["pct"][ic_i])
    found = ind["found"][ic_i]
    with np.errstate(invalid="ignore"):
        v_state = np.select([np.isnan(value), found & ind["yes_no"][ic_i] & (value != 0) & (value != 1),
                             found & (value < ind["vmin"][ic_i]), found & (value > ind["vmax"][ic_i])],
                            [1, 2, 3, 4], 0)
    # "1,234" or a decimal comma "1,5" in a CSV splits the value and the rest lands in the note
    note_bad = ~np.isnan(value) & ~np.isnan(parse_numbers(nt_d))[nt_i]

    # a duplicate: same indicator, area and month as an earlier row with a value (whatever else is wrong)
    eligible = np.isin(p_state, (0, 3, 4)) & (ic_d != "")[ic_i] & (ac_d != "")[ac_i]
    key = (ic_i.astype(np.int64) * len(ac_d) + ac_i) * (per["month"].max(initial=0) + 1) + per["month"][pt_i]
    first = np.arange(len(rows))
    if eligible.any():
        pos = np.flatnonzero(eligible)
        codes, _ = pd.factorize(key[pos])   # numbered in order of first appearance
        earlier = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
        first[pos] = pos[codes > earlier][codes]   # a code above every earlier one appears for the first time
    dup = eligible & (first != np.arange(len(rows)))

    bad = (i_state > 0) | (a_state > 0) | (rule > 0) | (p_state > 0) | (v_state > 0) | note_bad | dup
    k, line = np.flatnonzero(bad), raw["line"].to_numpy()[rows] if len(raw) else np.zeros(0, dtype=np.int64)
    j = ic_i[k]
    bad_rows = [a.tolist() for a in (
        line[k], line[first[k]], ic_d[j], ac_d[ac_i[k]], pt_d[pt_i[k]], vt_d[vt_i[k]], nt_d[nt_i[k]],
        per["label"][pt_i[k]], i_state[k], a_state[k], rule[k], p_state[k], v_state[k], note_bad[k], dup[k],
        ind["min_key"][j], ind["min_raw"][j], ind["max_key"][j], ind["max_raw"][j])]
    problems = _problems(bad_rows, cat, columns, user, today, zh)

    ok = ~bad
    out = {"indicator_code": _strings(ic_d, ic_i[ok]), "area_code": _strings(ac_d, ac_i[ok]),
           "period": per["first"][pt_i[ok]], "value": value[ok].astype(np.float64),
           "note": _strings(_or_none(nt_d), nt_i[ok]), "source": _strings(_or_none(sc_d), sc_i[ok])}
    valid = pd.DataFrame(out)
    valid = valid.astype({"indicator_code": "string", "area_code": "string", "value": "float64",
                          "note": "string", "source": "string"})
    valid["period"] = pd.to_datetime(valid["period"]).astype("datetime64[s]") if len(valid) else \
        pd.Series([], dtype="datetime64[s]")
    return valid, problems, skipped


def _strings(distinct: np.ndarray, index: np.ndarray):
    """Texts by index as a pandas string array built in pyarrow (None = missing); astype("string")
    of it is then a no-op where pyarrow is pandas' string storage, and a conversion otherwise."""
    try:
        return pd.arrays.ArrowStringArray(pa.array(distinct, type=pa.string()).take(pa.array(index)))
    except (pa.ArrowException, UnicodeError, TypeError, ValueError):   # a lone surrogate: pandas converts it
        return distinct[index]


def _or_none(distinct: np.ndarray) -> np.ndarray:
    return np.array([t or None for t in distinct], dtype=object)


def _problems(bad_rows: list[list], cat: Catalog, columns: dict, user: dict | None, today: dt.date,
              zh: dict[str, str]) -> list[Problem]:
    """The Problems of the rows that break a rule, row by row, each row's in the rules' order."""
    problems: list[Problem] = []
    names: dict[tuple, tuple] = {}
    where = {col: (columns.get(col, {}).get("header", ""), columns.get(col, {}).get("letter", ""), zh.get(col, ""))
             for col in ("indicator_code", "area_code", "period", "value", "note", "")}

    def add(line, col, key, **params):
        problems.append(Problem(line, col, key, params, *where[col]))

    def name(kind, code):
        if (kind, code) not in names:
            names[kind, code] = cat.name(kind, code)
        return names[kind, code]

    for (line, first, ic, ac, ptxt, vtxt, note, label, i_state, a_state, rule, p_state, v_state, note_bad, dup,
         min_key, min_raw, max_key, max_raw) in zip(*bad_rows):
        line = int(line)
        if i_state == 1:
            add(line, "indicator_code", "import_missing_value_in", column=(zh["indicator_code"], "indicator_code"))
        elif i_state == 2:
            add(line, "indicator_code", "import_unknown_indicator", code=ic)
        if a_state == 1:
            add(line, "area_code", "import_missing_value_in", column=(zh["area_code"], "area_code"))
        elif a_state == 2:
            add(line, "area_code", "import_unknown_area", code=ac)
        elif a_state == 3:
            add(line, "area_code", "import_area_not_allowed", area=name("area", ac), user=(user or {}).get("name", ""))
        if rule == 1:
            row = cat.indicators[ic]
            add(line, "indicator_code", "import_ratio_indicator", code=ic,
                num=name("indicator", row["numerator_code"]), den=name("indicator", row["denominator_code"]))
        elif rule == 2:
            add(line, "area_code", "import_city_rolls_up", code=ic, area=name("area", ac))
        elif rule == 3:
            add(line, "area_code", "import_district_city_only", code=ic, area=name("area", ac),
                city=name("area", cat.areas[ac]["parent_code"]))
        if p_state == 1:
            add(line, "period", "import_missing_value_in", column=(zh["period"], "period"))
        elif p_state == 2:
            add(line, "period", "import_bad_period", text=ptxt)
        elif p_state == 3:
            add(line, "period", "import_future_period", text=ptxt, today=today.isoformat())
        elif p_state == 4:
            add(line, "period", "import_period_too_old", text=ptxt, year=EARLIEST_YEAR)
        if v_state == 1:
            add(line, "value", "import_not_number", text=vtxt)
        elif v_state == 2:
            add(line, "value", "import_not_yes_no", text=vtxt)
        elif v_state == 3:
            add(line, "value", min_key, text=vtxt, min=_plain(min_raw))
        elif v_state == 4:
            add(line, "value", max_key, text=vtxt, max=_plain(max_raw))
        if note_bad:
            add(line, "note", "import_note_is_number", note=note, value=vtxt)
        if dup:
            add(line, "", "import_duplicate", first=int(first), code=ic, area=ac, period=label)
    return problems
