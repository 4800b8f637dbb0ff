"""Display pieces of the map of points (/points): tables with headers in the user's language and a
point's card. The numbers come from cocreate (ledger.point_counts, points.hotspots, problems.remind)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cocreate.points.field import without_location
from cocreate.present.i18n import fmt_date, pick, t
from cocreate.problems import store
from webui import common


def name_of(names: dict, code, lang: str) -> str:
    row = names.get(code)
    return pick(row, "name", lang) if row else ("—" if code is None or pd.isna(code) else str(code))


def point_name(r: dict, lang: str) -> str:
    return r["name_en"] if lang == "en" and isinstance(r.get("name_en"), str) and r["name_en"] else r["name"]


def hover_text(r: dict, lang: str, types: dict, units: dict, period_code: str) -> str:
    return "<br>".join([
        f"<b>{point_name(r, lang)}</b> · {r['point_code']}",
        f"{name_of(types, r['point_type'], lang)} · {name_of(units, r['unit_code'], lang)}",
        t(f"pm_state_{r['state']}", lang) + " · " + t("pm_hover_counts", lang, open=r["open"], overdue=r["overdue"],
                                                       repeat=r["repeat_90d"]),
        t("pm_hover_found", lang, n=r["found_period"], period=period_code),
    ])


def repeats_table(top: pd.DataFrame, types: dict, units: dict, areas: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("pm_th_point", lang): [point_name(r, lang) for r in top.to_dict("records")],
        t("pm_th_code", lang): top["point_code"],
        t("pm_th_type", lang): [name_of(types, x, lang) for x in top["point_type"]],
        t("pm_th_district", lang): [name_of(areas, x, lang) for x in top["area_code"]],
        t("pm_th_unit", lang): [name_of(units, x, lang) for x in top["unit_code"]],
        t("pm_th_repeat_90d", lang): top["repeat_90d"], t("pm_th_found_90d", lang): top["found_90d"],
        t("pm_th_open", lang): top["open"], t("pm_th_overdue", lang): top["overdue"],
    })


def heat_table(heat: pd.DataFrame, types: dict, cats: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("pm_th_type", lang): [name_of(types, x, lang) for x in heat["point_type"]],
        t("pm_th_weekday", lang): [t(f"pm_weekday_{d}", lang) for d in heat["weekday"]],
        t("pm_th_category", lang): [name_of(cats, x, lang) for x in heat["category"]],
        t("pm_th_problems", lang): heat["problems"],
    })


def reminder_table(rows: pd.DataFrame, units: dict, cats: dict, levels: dict, lang: str,
                   names_en: dict | None = None) -> pd.DataFrame:
    """The reminders as shown; `names_en`: point_code -> the ledger's English name (en only)."""
    en = names_en if lang == "en" and names_en else {}
    return pd.DataFrame({
        t("pm_th_unit", lang): [name_of(units, x, lang) for x in rows["unit_code"]],
        t("pm_th_kind", lang): [t(f"pm_rem_kind_{k}", lang) for k in rows["kind"]],
        t("pm_th_id", lang): rows["problem_id"],
        t("pm_th_point", lang): [en.get(c) or n for c, n in zip(rows["point_code"], rows["point_name"])],
        t("pm_th_category", lang): [name_of(cats, x, lang) for x in rows["category"]],
        t("pm_th_deadline", lang): pd.to_datetime(rows["deadline"]).dt.date,
        t("pm_th_days_overdue", lang): ["" if pd.isna(d) else str(int(d)) for d in rows["days_overdue"]],
        t("pm_th_level", lang): [name_of(levels, x, lang) if x else "" for x in rows["level"]],
    })


def history_table(mine: pd.DataFrame, cats: dict, lang: str) -> pd.DataFrame:
    def day(x):
        return "" if x is None or pd.isna(x) else pd.Timestamp(x).date().isoformat()
    return pd.DataFrame({
        t("pm_th_id", lang): mine["problem_id"],
        t("pm_th_found", lang): [day(x) for x in mine["found_date"]],
        t("pm_th_category", lang): [name_of(cats, x, lang) for x in mine["category"]],
        t("pm_th_status", lang): [t(f"prob_status_{s}", lang) for s in mine["status"]],
        t("pm_th_deadline", lang): [day(x) for x in mine["deadline"]],
        t("pm_th_rectified", lang): [day(x) for x in mine["rectified_date"]],
    })


def card(r: dict, mine: pd.DataFrame, *, types: dict, units: dict, areas: dict, cats: dict, lang: str,
         today, office: bool, max_photos: int = 6) -> None:
    """A point's card: its ledger facts, its counts (the `points list` row), its problems and photos."""
    box = st.container(border=True, key="pm_card")
    box.markdown(f"#### {point_name(r, lang)}")
    if lang == "en" and point_name(r, lang) != r["name"]:
        box.caption(r["name"])
    box.markdown(
        f"`{r['point_code']}` · {name_of(types, r['point_type'], lang)} · {name_of(areas, r['area_code'], lang)}  \n"
        f"{t('pm_th_unit', lang)}: **{name_of(units, r['unit_code'], lang)}** · "
        f"{t('pm_address', lang)}: {r['address'] if isinstance(r.get('address'), str) and r['address'] else '—'}  \n"
        + t("pm_coords", lang, lat=f"{float(r['lat']):.5f}", lon=f"{float(r['lon']):.5f}"))
    cols = box.columns(4)
    for col, key in zip(cols, ("open", "overdue", "found_90d", "repeat_90d")):
        col.metric(t(f"pm_th_{key}", lang), int(r[key]), border=True, help=t(f"pm_help_{key}", lang, date=fmt_date(today, lang)))
    box.caption(t("pm_card_counts_note", lang, date=fmt_date(today, lang)))
    still = mine[mine["status"].isin(("open", "returned"))]
    if len(still):   # the open ones by id, in words (what the unit is asked to put right)
        box.markdown(t("pm_card_open_ids", lang) + ("；" if lang == "zh" else "; ").join(
            t("pm_card_open_item", lang, id=p["problem_id"], category=name_of(cats, p["category"], lang),
              deadline=pd.Timestamp(p["deadline"]).date().isoformat()) for p in still.to_dict("records")))
    box.markdown(f"**{t('pm_card_history', lang, n=len(mine))}**")
    if mine.empty:
        box.caption(t("pm_card_no_problems", lang))
        return
    box.dataframe(history_table(mine, cats, lang), hide_index=True, width="stretch",
                  height=common.table_height(len(mine), 320), key="pm_card_history")
    with_photo = mine[mine["photo"].notna() & (mine["photo"].astype(str) != "")]
    if with_photo.empty:
        return
    box.markdown(f"**{t('pm_card_photos', lang)}**")
    shown = 0
    cols = box.columns(3)
    for p in with_photo.to_dict("records"):
        for ph in common.run("problems_photos", problem=p["problem_id"]).to_dict("records"):
            if shown >= max_photos:
                break
            try:   # only bytes whose magic says JPEG/PNG/WebP were kept
                data = store.read_photo(common.con(), ph["stored_name"])
                if not office:   # viewing is open: a photo's EXIF location is for the office only
                    data = without_location(data)
                cols[shown % 3].image(data, width="stretch", caption=f"{p['problem_id']} · "
                                      + t(f"prob_photo_{ph['role']}", lang))
                shown += 1
            except Exception as exc:
                common.show_error(exc, lang)
