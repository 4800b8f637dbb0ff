"""The deck's public-services slide (issue 24): the twelve monitored areas as the services page's overview
chart, for a city that keeps the public-service benchmark set. Its rated rows are the benchmark set's and
the campaigned titles' (title_progress, never rated again), judged per item as on the page."""
from __future__ import annotations

from cocreate.method.progress import title_progress
from cocreate.method.services import area_overview, judged_items
from cocreate.present.charts import to_png
from cocreate.present.deck_content import projector
from cocreate.present.i18n import pick, t
from cocreate.present.service_charts import service_areas_chart
from cocreate.store import db

BENCHMARK = "public_services"
# the picture: 12.3 in wide under the heading, rendered at this size x2
IMG_W, IMG_H = 1500, 690


def services_overview(con, data) -> "object | None":
    """The overview frame (one row per monitored area) for the deck's city, or None when the area is not a
    city or does not keep the public-service benchmark set."""
    area = str(data.area["code"])
    if data.area.get("level") != "city":
        return None
    campaigns = db.run(con, "campaigns_for_area", area=area)
    if BENCHMARK not in set(campaigns["title_code"]):
        return None
    rated = title_progress(con, area, BENCHMARK, data.as_of)
    others = data.rated[data.rated["title_code"] != BENCHMARK]
    items = db.run(con, "service_items", area=area, as_of=data.as_of)
    if items.empty:
        return None
    return area_overview(judged_items(items, rated[rated["area_code"] == area], others), area)


def services_slide(d, con, data, lang: str) -> bool:
    """Add the slide; False (no slide) when the deck's area has no public-service benchmark set."""
    overview = services_overview(con, data)
    if overview is None:
        return False
    s = d.slide()
    name = pick(data.area, "name", lang)
    d.heading(s, t("svc_slide_heading", lang) + " · " + name)
    fig = projector(service_areas_chart(overview, lang=lang, title=""), font=18, height=IMG_H, title=None)
    fig.update_layout(margin=dict(l=210 if lang == "en" else 170))   # room for the area names and coverage
    d.picture(s, to_png(fig, width=IMG_W, height=IMG_H, scale=2), 0.5, 1.15, 12.3)
    d.footer(s, t("svc_slide_note", lang) + " " + t(
        "svc_coverage_total", lang, n=int(overview["n_items"].sum()), tracked=int(overview["n_tracked"].sum()),
        judged=int(overview["n_judged"].sum()), free=int(overview["n_no_benchmark"].sum())))
    return True
