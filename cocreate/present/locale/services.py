"""Words of the twelve monitored public-service areas (issue 24): the overview chart, the per-area
sections of the services page and the deck's slide."""

STRINGS = {
    "svc_overview_heading": ("十二个监测领域总览", "The twelve monitored areas at a glance"),
    "svc_overview_title": ("{area}：十二个公共服务领域的指标状态", "{area}: status of the items in the twelve public-service areas"),
    "svc_overview_caption": ("每行一个领域，行名后为“有数据的项 / 该领域的项”。颜色为状态（对照国家基准；未列入基准的项对照所创建称号的标准）；浅灰为有数据但无国家数值的项，白色为尚无数据的项。",
                             "One row per area; after its name, items with a figure / the area's items. Colours are statuses (against the national benchmark; an item outside the benchmark set against the campaigned title that rates it); light grey = a figure but no national figure, white = no figure yet."),
    "svc_coverage_total": ("共 {n} 项：有数据 {tracked} 项，其中 {judged} 项有对照标准，{free} 项无国家数值。",
                           "{n} items in all: {tracked} with a figure, of which {judged} are judged against a standard and {free} have no national figure."),
    "svc_segment_no_benchmark": ("无国家数值", "No national figure"),
    "svc_segment_not_tracked": ("暂无数据", "No figure yet"),
    "svc_axis_items": ("项数", "Items"),
    "svc_areas_heading": ("各领域指标", "Items by area"),
    "svc_area_label": ("{name} · 跟踪 {tracked}/{n} 项 · {summary}", "{name} · {tracked} of {n} items tracked · {summary}"),
    "svc_area_summary_none": ("无对照标准", "none judged"),
    "svc_col_item": ("指标", "Item"),
    "svc_col_judged": ("状态与对照标准", "Status and the standard it is judged by"),
    "svc_col_source": ("数据来源", "Source"),
    "svc_no_national": ("无国家数值", "no national figure"),
    "svc_district_heading": ("各区县（最新值 · 状态，差距按实际数量）", "By district (latest figure · status, gap in real units)"),
    "svc_city_only": ("仅有全市数据：{items}", "City figures only: {items}"),
    "svc_matrix_district_only": ("仅列出按区县统计的指标；仅有全市数据的指标见上方各领域。",
                                 "Only the metrics kept by district; city-only metrics are in their areas above."),
    "svc_slide_heading": ("公共服务：十二个监测领域", "Public services: the twelve monitored areas"),
    "svc_slide_note": ("行名后为有数据的项 / 该领域的项；状态对照国家基准，浅灰为无国家数值的项。",
                       "After each area: items with a figure / its items; statuses against the national benchmark; light grey = no national figure."),
}
