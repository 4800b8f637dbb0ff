"""A status with the standard it is judged by: "对照 全国文明城市 ≥ 1.20 · ⚠ 需加快" / "vs National
Civilized City ≥ 1.20 · ⚠ needs acceleration", and the other standards of the same indicator in a
line. Words only: the rows come from cocreate.method.standards (rated rows, never re-rated)."""
from __future__ import annotations

import pandas as pd

from cocreate.present.honesty import threshold_mark
from cocreate.present.i18n import decimals_of, fmt_number, pick, status_word, t


def threshold_text(row, lang: str, mark: bool = True) -> str:
    """'≥ 1.20', '≤ 35', '= 是' (yes_no is met at yes whatever the catalog says), with the mark of a
    threshold that is not a checked figure."""
    direction = row.get("direction")
    if direction == "yes_no":
        text = "= " + t("yes", lang)
    else:
        text = ("≤ " if direction == "down" else "≥ ") + fmt_number(row.get("threshold"), decimals_of(row), lang, big=False)
    sign = threshold_mark(row) if mark else ""
    return f"{text} {sign}" if sign else text


def standard_name(row, lang: str, short: bool = False) -> str:
    if short:
        return pick(row, "title_short", lang) or pick(row, "title_name", lang)
    return pick(row, "title_name", lang) or pick(row, "title_short", lang)


def against_text(row, lang: str, short: bool = False, mark: bool = True) -> str:
    """'对照 全国文明城市 ≥ 1.20' / 'vs National Civilized City ≥ 1.20'."""
    return t("std_against", lang, standard=standard_name(row, lang, short), threshold=threshold_text(row, lang, mark))


def verdict_text(row, lang: str) -> str:
    """'✔ 达标' / '⚠ needs acceleration': the status as symbol + word."""
    from cocreate.present.charts import STATUS_SYMBOLS
    status = row.get("status")
    return f"{STATUS_SYMBOLS.get(status, '')} {status_word(status, lang)}".strip()


def status_line(row, lang: str, short: bool = False) -> str:
    """'对照 全国文明城市 ≥ 1.20：⚠ 需加快' / 'vs National Civilized City ≥ 1.20: ⚠ needs acceleration'."""
    return t("std_line", lang, against=against_text(row, lang, short), status=verdict_text(row, lang))


def others_text(rows: pd.DataFrame | None, lang: str) -> str:
    """The other standards of one indicator in one cell: '卫生城市 ≥ 90 ✔ 达标；园林城市 ≥ 95 ⚠ 需加快'."""
    if rows is None or rows.empty:
        return ""
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{standard_name(r, lang, short=True)} {threshold_text(r, lang)} {verdict_text(r, lang)}"
                    for r in rows.to_dict("records"))
