"""Field report (现场上报, issue 21), made for a phone first (390 px, one column, big targets): an
inspector picks a point (nearest first when a photo carries GPS in its EXIF; else by name or code),
a category and a line of text, adds photos, and files one problem; the receipt names its id. The
unit comes from the point ledger and the deadline from the category's rule (cocreate.points.field)."""
import pandas as pd
import streamlit as st

from cocreate.points import field
from cocreate.problems.store import PHOTO_UPLOAD_MB
from cocreate.present.i18n import fmt_date, pick
from webui import auth, common, phone

c = common.ctx()
lang = c.lang
# a phone first: app.py opens this page with the sidebar closed, in one centred column (PHONE_FIRST)
# one column, big targets: widgets fill the width, buttons and inputs are finger-high
phone.big_targets()
st.title(c.t("pt_field_heading"))
st.caption(c.t("pt_field_caption"))
user = auth.require_role(*field.FIELD_ROLES, lang=lang, what=c.t("pt_field_login"), key="field_login")
if user is None:
    st.stop()

if receipt := st.session_state.pop("_pt_field_receipt", None):
    st.success(receipt, icon=":material/check_circle:")

try:
    points = field.field_points(common.con(), user)
    cats = common.run("problems_catalogs")
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()
if points.empty:
    st.info(c.t("pt_field_no_points"))
    st.stop()
type_names = {r["code"]: pick(r, "name", lang) for r in cats[cats["catalog"] == "point_type"].to_dict("records")}
categories = cats[cats["catalog"] == "category"].to_dict("records")
units = {}
for city in sorted({a for a in points["area_code"]}):
    for r in common.run("problems_units", area=city).to_dict("records"):
        units[r["unit_code"]] = pick(r, "name", lang)

# ---- ① photos: the phone's camera through the file input (or this page's camera)
st.subheader(c.t("pt_field_step_photo"))
n_filed = st.session_state.get("_pt_filed", 0)     # a new report starts with empty photo inputs
uploads = st.file_uploader(c.t("pt_field_photos"), type=["jpg", "jpeg", "png", "webp"],
                           accept_multiple_files=True, key=f"pt_photos_{n_filed}",
                           max_upload_size=PHOTO_UPLOAD_MB) or []
shot = None
if st.toggle(c.t("pt_field_camera_on"), key="pt_camera_on"):   # the browser asks for the camera only now
    shot = st.camera_input(c.t("pt_field_camera"), key=f"pt_camera_{n_filed}")
photos = [(f.name, f.getvalue()) for f in uploads] + ([(shot.name or "camera.jpg", shot.getvalue())] if shot else [])
gps = next((g for g in (field.gps_from_exif(data) for _, data in photos) if g), None)
if photos:
    st.caption(c.t("pt_field_gps") if gps else c.t("pt_field_no_gps"))

# ---- ② the point: nearest first with a location, else found by name or code
st.subheader(c.t("pt_field_step_point"))
ordered = field.nearest(points, *(gps or (None, None)))
ordered = field.search(ordered, st.text_input(c.t("pt_field_search"), key="pt_search"))
if ordered.empty:
    st.warning(c.t("pt_field_none_match"))
    st.stop()
rows = {r["point_code"]: r for r in ordered.to_dict("records")}
if gps and st.session_state.get("_pt_gps") != gps:   # a new photo location: the nearest point comes first
    st.session_state["pt_point"] = next(iter(rows))
st.session_state["_pt_gps"] = gps


def _label(code: str) -> str:
    r = rows[code]
    d = r["distance_m"]
    far = "" if pd.isna(d) else " · " + (c.t("pt_field_metres", m=f"{d:,.0f}") if d < 1000
                                         else c.t("pt_field_km", km=f"{d / 1000:,.1f}"))
    name = r["name_en"] if lang == "en" and isinstance(r.get("name_en"), str) else r["name"]
    return f"{name}{far}"


code = st.selectbox(c.t("pt_field_pick"), list(rows), format_func=_label, key="pt_point")
point = rows[code]
st.caption(f"{code} · " + c.t("pt_field_point_card", type=type_names.get(point["point_type"], point["point_type"]),
                              unit=units.get(point["unit_code"], point["unit_code"]),
                              address=point["address"] if isinstance(point["address"], str) else "—"))
if lang == "en" and isinstance(point["name_en"], str):
    st.caption(point["name"])

# ---- ③ what is wrong: the point type's checklist (one problem per item ticked) or a category
st.subheader(c.t("pt_field_step_what"))
cat_rows = {r["code"]: r for r in categories}
checks = common.run("points_checklist", point_type=point["point_type"])
ticked = []
if len(checks):
    st.markdown(c.t("pt_field_checklist"))
    for r in checks.to_dict("records"):
        if st.checkbox(c.t("pt_field_check_item", text=pick(r, "check", lang), days=int(r["days"])),
                       key=f"pt_chk_{n_filed}_{point['point_type']}_{r['category']}"):
            ticked.append(r["category"])
others = [k for k in cat_rows if k not in set(checks["category"])]
other = st.selectbox(c.t("pt_field_other") if len(checks) else c.t("pt_field_category_label"),
                     ([""] + others) if len(checks) else others, key="pt_category",
                     format_func=lambda k: "—" if not k else c.t(
                         "pt_field_category_days", name=pick(cat_rows[k], "name", lang), days=int(cat_rows[k]["days"])))
chosen = ticked + ([other] if other else [])
text = st.text_input(c.t("pt_field_text"), max_chars=field.MAX_TEXT, placeholder=c.t("pt_field_text_help"),
                     key="pt_text")
if st.button(c.t("pt_field_submit_n", n=len(chosen)) if len(chosen) > 1 else c.t("pt_field_submit"),
             type="primary", width="stretch", key="pt_submit", disabled=not chosen):
    try:
        got = field.file_report(common.con(), user, code, chosen, text, photos, today=common.today())
    except Exception as exc:
        common.show_error(exc, lang)
    else:
        st.session_state["_pt_field_receipt"] = c.t(
            "pt_field_receipt" if len(got) == 1 else "pt_field_receipt_n", n=len(got), ids="、".join(g["problem_id"] for g in got) if lang == "zh"
            else ", ".join(g["problem_id"] for g in got),
            unit=units.get(got[0]["unit_code"], got[0]["unit_code"]),
            deadline=fmt_date(min(g["deadline"] for g in got), lang))
        st.session_state["_pt_filed"] = n_filed + 1
        for key in ("pt_text", "pt_search", "_pt_gps", "pt_category"):
            st.session_state.pop(key, None)
        st.rerun()
