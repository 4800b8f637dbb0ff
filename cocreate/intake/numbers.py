"""parse_number over many texts at once, with exactly parse_number's result for each.

Plain decimals ("12", "-3.5", "1e3"), plain thousands ("1,234.5") and, where allowed, plain
percentages ("95.5%") in ASCII, most of any file, are recognised by one regex pass (pyarrow) and converted by float() in C; texts that cannot be a
number whatever NFKC does (an ASCII text with a letter, a text with a CJK ideograph) are refused
the same way; only the rest (full-width digits, spaces, percent signs ...) go through parse_number
one by one. Callers pass distinct texts, so even those are parsed once each.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cocreate.intake.reading import parse_number

# RE2 (pyarrow): `$` is the end of the text only, [0-9] is ASCII; both match a subset of what
# parse_number's Python patterns take, on texts NFKC and strip leave unchanged (ASCII, no spaces)
_PLAIN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_THOUSANDS = r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$"
_PLAIN_PCT = _PLAIN[:-1] + "%$"
# a character no step of parse_number removes or reads: an ASCII text holding one is no number
# ('%' is read only where percentages are allowed)
_NO_NUMBER_ASCII = r"[^0-9+\-.,eE \t\n\r\x0b\x0c\x1c-\x1f]"
_NO_NUMBER_ASCII_PCT = r"[^0-9+\-.,eE% \t\n\r\x0b\x0c\x1c-\x1f]"
# a CJK ideograph: NFKC keeps it and it is no digit
_CJK = r"[\x{4e00}-\x{9fff}]"


def parse_numbers(texts: np.ndarray, allow_percent: bool = False) -> np.ndarray:
    """parse_number of each text (an object array of str) as float64, NaN where it gives None."""
    out = np.full(len(texts), np.nan)
    if not len(texts):
        return out
    try:
        arr = pa.array(texts, type=pa.string())
    except (pa.ArrowException, UnicodeError, TypeError):   # a lone surrogate, a text that is no str
        return _one_by_one(texts, np.ones(len(texts), dtype=bool), allow_percent, out)

    def flag(x) -> np.ndarray:
        return x.fill_null(False).to_numpy(zero_copy_only=False)

    plain = flag(pc.match_substring_regex(arr, _PLAIN))
    thousands = flag(pc.match_substring_regex(arr, _THOUSANDS))
    no_number = _NO_NUMBER_ASCII_PCT if allow_percent else _NO_NUMBER_ASCII
    hopeless = (flag(pc.string_is_ascii(arr)) & flag(pc.match_substring_regex(arr, no_number))) \
        | flag(pc.match_substring_regex(arr, _CJK))
    if plain.any():
        out[plain] = texts[plain].astype(np.float64)   # float() of each, as parse_number does
    if allow_percent:   # "95.5%": the number before the sign
        pct = flag(pc.match_substring_regex(arr, _PLAIN_PCT))
        if pct.any():
            out[pct] = np.array([t[:-1] for t in texts[pct]], dtype=object).astype(np.float64)
        plain |= pct
    if thousands.any():
        out[thousands] = np.array([t.replace(",", "") for t in texts[thousands]], dtype=object).astype(np.float64)
    out = _one_by_one(texts, ~(plain | thousands | hopeless), allow_percent, out)
    out[~np.isfinite(out)] = np.nan   # parse_number refuses inf ("1e999")
    return out


def _one_by_one(texts: np.ndarray, which: np.ndarray, allow_percent: bool, out: np.ndarray) -> np.ndarray:
    for i in np.flatnonzero(which):
        v = parse_number(texts[i], allow_percent=allow_percent)
        out[i] = np.nan if v is None else v
    return out
