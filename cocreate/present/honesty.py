"""Words and marks of the honesty rules, shared by pages, charts and the deck: threshold confidence
(word + mark), flags (icon + word + why), coverage ("跟踪 11 / 标准 75 项"), the not-applicable
reason, the threshold's reference and note, and the footer stamp every exported picture carries."""
from __future__ import annotations

import math

from cocreate.method.flags import split_flags
from cocreate.present.i18n import fmt_date, fmt_number, pick, t

CONFIDENCE_MARKS = {"seen": "✓", "uncertain": "?", "plan": "◇", "assumed": "△"}
FLAG_ICONS = {"stalled": "→", "recent_drop": "↓", "deadline_passed": "⚑"}
ILLUSTRATIVE = "illustrative"  # every source starting with it marks an invented figure
SPLIT_PREFIX = "illustrative split of a city figure ("


def _text(x) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x)


def confidence_of(row) -> str:
    c = _text(row.get("threshold_confidence"))
    return c if c in CONFIDENCE_MARKS else "seen"


def confidence_label(confidence, lang: str) -> str:
    """'△ 假定值' / '△ assumed': a mark and a word, never the word alone."""
    c = confidence if confidence in CONFIDENCE_MARKS else "seen"
    return f"{CONFIDENCE_MARKS[c]} {t(f'confidence_{c}', lang)}"


def threshold_mark(row) -> str:
    """The mark shown after a threshold that is not a checked figure ('' when checked)."""
    c = confidence_of(row)
    return "" if c == "seen" else CONFIDENCE_MARKS[c]


def flags_text(flags, lang: str) -> str:
    """'→ 停滞 · ↓ 近期下滑' ('' when none)."""
    return " · ".join(f"{FLAG_ICONS.get(f, '')} {t(f'flag_{f}', lang)}" for f in split_flags(flags))


def flags_why(row, lang: str) -> list[str]:
    """One sentence per flag of a rated row, saying why it is raised (for tooltips)."""
    d = int(row.get("decimals") or 2) if _text(row.get("decimals")) else 2
    num = lambda v: fmt_number(v, d, lang, big=False)  # noqa: E731
    out = []
    for f in split_flags(row.get("flags")):
        if f == "stalled":
            out.append(t("flag_stalled_why", lang, v1=num(row.get("recent_value_1")), v2=num(row.get("recent_value_2")),
                         v3=num(row.get("recent_value_3")), thr=num(row.get("threshold"))))
        elif f == "recent_drop":
            ch = row.get("latest_change")
            out.append(t("flag_recent_drop_why", lang, change=("+" if ch and ch > 0 else "") + num(ch),
                         typical=num(row.get("typical_change"))))
        elif f == "deadline_passed":
            out.append(t("flag_deadline_passed_why", lang, date=fmt_date(row.get("deadline"), lang)))
    return out


def na_reason(row, lang: str) -> str:
    return pick(row, "not_applicable_reason", lang)


def coverage_text(summary: dict, lang: str) -> str:
    """'跟踪 11 / 标准 75 项' (+ '· 1 项不适用'), or a plain count when the standard's total is unknown."""
    tracked = int(summary.get("n_tracked") or summary.get("n_indicators") or 0)
    total = summary.get("indicators_in_standard")
    if total is None or (isinstance(total, float) and math.isnan(total)):
        text = t("coverage_unknown", lang, tracked=tracked)
    elif tracked > int(total):  # the catalog also tracks local targets or follow-up items
        text = t("coverage_beyond", lang, tracked=tracked, total=int(total))
    else:
        text = t("coverage_line", lang, tracked=tracked, total=int(total))
    n_na = int(summary.get("n_not_applicable") or 0)
    if n_na:
        text += " · " + t("na_count", lang, n=n_na)
    return text


def threshold_reference(row, lang: str) -> list[str]:
    """The threshold's reference, note and the standard's version, in the user's language."""
    lines = [f"{confidence_label(confidence_of(row), lang)}"]
    ref = pick(row, "standard_ref", lang)
    if ref:
        lines.append(t("threshold_ref", lang, ref=ref))
    note = pick(row, "threshold_note", lang)
    if note:
        lines.append(t("threshold_note", lang, note=note))
    version = pick(row, "standard_version", lang)
    if version:
        lines.append(t("threshold_version", lang, version=version))
    return lines


def split_sources(sources) -> list[str]:
    """'illustrative; source documents' -> ['illustrative', 'source documents']."""
    out = []
    parts = [sources] if sources is None or isinstance(sources, str) else list(sources)
    for part in parts:
        for s in _text(part).split(";"):
            s = s.strip()
            if s and s not in out:
                out.append(s)
    return out


def is_illustrative(source: str) -> bool:
    return _text(source).startswith(ILLUSTRATIVE)


def source_label(source: str, lang: str) -> str:
    """A stored source in the user's language where the product knows it ('示例', '2020年人口普查')."""
    if source.startswith(SPLIT_PREFIX) and source.endswith(")"):
        return t("src_split", lang, origin=source_label(source[len(SPLIT_PREFIX):-1], lang))
    key = f"src_{source}"
    word = t(key, lang)
    return source if word == key else word


def stamp_text(area_name: str, as_of, sources, lang: str) -> str:
    """The footer of every exported picture: area, as-of date, sources, and the demo label when any
    plotted value is illustrative."""
    names = split_sources(sources)
    demo = any(is_illustrative(s) for s in names)
    shown = [source_label(s, lang) for s in names] or [t("src_store", lang)]
    parts = [area_name] if area_name else []
    if as_of is not None and _text(as_of):
        parts.append(t("stamp_as_of", lang, date=fmt_date(as_of, lang, month_only=True)))
    if shown:
        parts.append(t("stamp_source", lang, sources="; ".join(shown)))
    if demo:
        parts.append(t("stamp_demo", lang))
    return " · ".join(parts)


def demo_text(city_row, n_illustrative: int, n_total: int, lang: str) -> str:
    """The demo banner of one city (pages and the deck's cover): its own count of illustrative values
    and its own note from the area catalog; empty when none of its values is illustrative."""
    if not n_illustrative:
        return ""
    note = pick(city_row, "demo_note", lang)
    return t("demo_banner", lang, area=pick(city_row, "name", lang), n_demo=fmt_number(n_illustrative, 0, lang),
             n_total=fmt_number(n_total, 0, lang), note=note)
