"""A public-service metric's gap in words: whole units of its raw measure ("+420 张（养老床位数）"),
from the rated rows' gap_units (cocreate.method.status.gap_in_units works out the number)."""
from __future__ import annotations

import math

from cocreate.present.i18n import fmt_number, pick, t


def gap_units_text(row, measures: dict, lang: str, with_measure: bool = True) -> str:
    """'+420 张（养老床位数）' / '+420 beds (Elderly-care beds)': a rated row's gap in whole units of
    its raw measure at the current base; '' when met or not a ratio."""
    n = row.get("gap_units")
    if n is None or (isinstance(n, float) and math.isnan(n)) or n <= 0:
        return ""
    code = row.get("gap_unit_measure")
    m = measures.get(code, {})
    whole = math.ceil(n - 1e-9)  # whole toilets / beds / centres: round up what is still needed
    unit = pick(m, "unit", lang) if m else ""
    name = pick(m, "name", lang) if m else (code or "")
    if lang == "en" and unit in ("", "count"):
        if not with_measure:
            return f"+{fmt_number(whole, 0, lang, big=False)}"
        return t("sv_gap_units_plain", lang, n=fmt_number(whole, 0, lang, big=False), measure=name.lower())
    if not with_measure:
        return f"+{fmt_number(whole, 0, lang, big=False)} {unit}".rstrip()
    return t("sv_gap_units", lang, n=fmt_number(whole, 0, lang, big=False), unit=unit, measure=name)
