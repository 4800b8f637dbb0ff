"""A problem row that names a ledger point (`point_code`, 点位编号): its point type, district, unit
and (when empty) its point name come from the ledger; a value given that differs from the ledger's is
refused (DESIGN.md "Points and field reports"). Used by the problems import and the field report."""
from __future__ import annotations

# the problem's column, the ledger's column (queries/points_ledger.sql), and whether a difference refuses
LEDGER_COLUMNS = (("point_type", "point_type", True), ("area_code", "area_code", True),
                  ("unit_code", "unit_code", True), ("point_name", "name", False))
ZH = {"point_type": "点位类型", "area_code": "地区代码", "unit_code": "责任单位代码"}


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and v != v) else str(v).strip()


def fill_from_ledger(rec: dict, ledger: dict, point_types: dict, bad, line: int) -> bool:
    """Fill `rec` (a problems file row, text cells) from the ledger row of rec["point_code"] in place;
    report through `bad(line, column, key, **params)` an unknown point or a value that differs.
    False for an unknown point (the row's other checks would only repeat it)."""
    code = rec.get("point_code") or ""
    if not code:
        return True
    point = ledger.get(code)
    if point is None:
        bad(line, "point_code", "pt_prob_unknown_point", code=code)
        return False
    for col, src, strict in LEDGER_COLUMNS:
        stored = _text(point.get(src))
        given = rec.get(col) or ""
        if not given:
            rec[col] = stored
            continue
        same = (point_types.get(given.lower(), given) == stored) if col == "point_type" else given == stored
        if strict and not same:
            bad(line, col, "pt_prob_differs", column=(ZH[col], col), given=given, stored=stored or "—", code=code)
    return True
