"""随手拍 (issue 21 item 3): a citizen, without login, sends a photo, a place (a ledger point, nearest
first when the photo carries GPS; or an address and its district) and one line; the report waits in
the office's moderation queue and the citizen gets a receipt number to follow it and to complain.
Registered only with COCREATE_PUBLIC_REPORTS=1; phone first like /field. The rules and the limit are
in cocreate.points.citizen; the photo's location is never shown here beyond the order of the list."""
import streamlit as st

from cocreate.points import citizen, field
from cocreate.problems.store import PHOTO_UPLOAD_MB
from cocreate.present.i18n import pick
from webui import citizen_public as pub
from webui import common, phone

c = common.ctx()
lang = c.lang
phone.big_targets()
st.title(c.t("cit_heading"))
st.caption(c.t("cit_caption"))
client = pub.client_id()
mode = common.url_widget(st.segmented_control, c.t("cit_mode"), ["send", "lookup"], "cmode", "send",
                         format_func=lambda m: c.t(f"cit_mode_{m}"), label_visibility="collapsed", width="stretch")
if mode == "lookup":
    pub.lookup_section(lang)
    st.stop()

if receipt := st.session_state.get("_cit_receipt"):
    st.success(c.t("cit_receipt", receipt=receipt), icon=":material/check_circle:")
    st.code(receipt, language=None)
try:
    points = citizen.public_points(common.con())
    areas = {r["code"]: r for r in common.run("areas").to_dict("records")}
    districts = common.run("points_districts")
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()

# ---- ① one photo: the phone's camera through the file input (or this page's camera)
st.subheader(c.t("cit_step_photo"))
n_sent = st.session_state.get("_cit_sent", 0)     # a new report starts with an empty photo input
up = st.file_uploader(c.t("cit_photo"), type=["jpg", "jpeg", "png", "webp"], key=f"cit_photo_{n_sent}",
                      max_upload_size=PHOTO_UPLOAD_MB)
shot = None
if st.toggle(c.t("pt_field_camera_on"), key="cit_camera_on"):
    shot = st.camera_input(c.t("pt_field_camera"), key=f"cit_camera_{n_sent}")
photo = (up.name, up.getvalue()) if up else ((shot.name or "camera.jpg", shot.getvalue()) if shot else None)
gps = field.gps_from_exif(photo[1]) if photo else None
if photo:
    st.caption(c.t("cit_gps") if gps else c.t("cit_no_gps"))

# ---- ② the place: a ledger point (nearest first with a location) or an address in a district
st.subheader(c.t("cit_step_place"))
kind = st.segmented_control(c.t("cit_place_kind"), ["point", "address"], default="point", key="cit_place_kind",
                            format_func=lambda k: c.t(f"cit_place_{k}"), width="stretch") or "point"
name_of = lambda code: pick(areas[code], "name", lang) if code in areas else code   # noqa: E731
point_code = address = district = None
if kind == "point" and len(points):
    ordered = field.nearest(points, *(gps or (None, None)))
    city_of = dict(zip(districts["area_code"], districts["city_code"]))
    cities = list(dict.fromkeys(ordered["area_code"].map(city_of).dropna()))
    near = gps is not None
    default_city = cities[0] if near else (c.city_code if c.city_code in cities else cities[0])
    if st.session_state.get("cit_city") not in cities or (near and st.session_state.get("_cit_gps") != gps):
        st.session_state["cit_city"] = default_city        # a new photo location: its city and point first
        st.session_state.pop("cit_point", None)
    st.session_state["_cit_gps"] = gps
    city = st.selectbox(c.t("cit_city"), cities, key="cit_city", format_func=name_of)
    in_city = ordered[ordered["area_code"].map(city_of) == city]
    in_city = field.search(in_city, st.text_input(c.t("cit_search"), key="cit_search"))
    if in_city.empty:
        st.warning(c.t("cit_none_match"))
    else:
        rows = {r["point_code"]: r for r in in_city.to_dict("records")}

        def _label(code: str) -> str:
            r = rows[code]
            name = r["name_en"] if lang == "en" and isinstance(r.get("name_en"), str) else r["name"]
            return f"{name} · {name_of(r['area_code'])}"
        point_code = st.selectbox(c.t("cit_pick"), list(rows), format_func=_label, key="cit_point")
else:
    city_of = dict(zip(districts["area_code"], districts["city_code"]))
    codes = sorted(city_of, key=lambda d: (city_of[d] != c.city_code, d))   # the city shown first
    district = st.selectbox(c.t("cit_district"), codes, key="cit_district",
                            format_func=lambda d: f"{name_of(city_of[d])} · {name_of(d)}")
    address = st.text_input(c.t("cit_address"), max_chars=citizen.MAX_ADDRESS, placeholder=c.t("cit_address_help"),
                            key="cit_address")

# ---- ③ one line, and send
st.subheader(c.t("cit_step_text"))
text = st.text_input(c.t("cit_text"), max_chars=citizen.MAX_TEXT, placeholder=c.t("cit_text_help"), key="cit_text")
if st.button(c.t("cit_submit"), type="primary", width="stretch", key="cit_submit"):
    try:
        got = citizen.submit(common.con(), client, text, photo, point_code=point_code, address=address,
                             area_code=district)
    except Exception as exc:
        common.show_error(exc, lang)
    else:
        st.session_state["_cit_receipt"] = got
        st.session_state["_cit_sent"] = n_sent + 1
        for key in ("cit_text", "cit_search", "cit_address", "_cit_gps"):
            st.session_state.pop(key, None)
        st.rerun()
st.caption(c.t("cit_limit_note", n=citizen.PER_CLIENT))
