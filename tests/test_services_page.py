"""AppTest of the public-service, rankings and map pages in both languages on the demo database:
values, ranks and figure traces, not just 'it ran'."""
import json
import time

import pytest

from cocreate.store import db
from cocreate.store.figures import refresh_figures

from cocreate.present.i18n import t


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def specs(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def text_of(at):
    parts = [str(getattr(e, "value", "")) for kind in ("title", "subheader", "markdown", "caption", "warning", "info")
             for e in getattr(at, kind)]
    return "\n".join(parts)


# Elderly-care beds per 1,000 elderly (threshold 35), Lanzhou, worked out by hand from
# data/demo/observations.csv: every district's beds in 2026-10-01 over its elderly population of
# 2026-01-01 (the latest at or before it), x 1000; the still-needed beds = 35 x elderly / 1000 - beds,
# rounded up.
#   Chengguan   10,874 / 305,973 = 35.54   met
#   Qilihe       4,903 / 151,857 = 32.29   35 x 151.857 - 4,903 =   411.995 -> +412
#   Xigu         2,196 /  96,941 = 22.65   35 x  96.941 - 2,196 = 1,196.935 -> +1,197
#   Anning       2,482 /  75,394 = 32.92   35 x  75.394 - 2,482 =   156.790 -> +157
#   Honggu       1,121 /  31,620 = 35.45   met
#   Yongdeng     2,059 /  77,516 = 26.56   35 x  77.516 - 2,059 =   654.060 -> +655
#   Gaolan         905 /  30,479 = 29.69   35 x  30.479 -   905 =   161.765 -> +162
#   Yuzhong      3,319 /  99,422 = 33.38   35 x  99.422 - 3,319 =   160.770 -> +161
#   New Area     1,107 /  41,666 = 26.57   35 x  41.666 - 1,107 =   351.310 -> +352
#   Lanzhou (sum of the nine) 28,966 / 910,868 = 31.80 -> "31.8" (1 decimal)
#                              35 x 910.868 - 28,966 = 2,914.38 -> +2,915
ELDERLY_BEDS_SHORT = {  # (zh name, en name): beds still needed
    ("兰州市", "Lanzhou"): 2915, ("七里河区", "Qilihe District"): 412, ("西固区", "Xigu District"): 1197,
    ("安宁区", "Anning District"): 157, ("永登县", "Yongdeng County"): 655, ("皋兰县", "Gaolan County"): 162,
    ("榆中县", "Yuzhong County"): 161, ("兰州新区", "Lanzhou New Area"): 352,
}
ELDERLY_BEDS_MET = {("城关区", "Chengguan District"), ("红古区", "Honggu District")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_services_page_values_gap_and_charts(app_test, lang):
    code = "elderly_care_beds_per_1000_elderly"
    at = app_test("pages/services.py", lang=lang, sv_metric=code, as_of="2026-11-29")
    no_errors(at)
    zh = lang == "zh"
    assert t("sv_heading", lang, area="兰州市" if zh else "Lanzhou") in text_of(at)
    # the twelve areas come first (their item tables, then the district tables with 9 rows); then the
    # matrix: one row per area (Lanzhou + its 9 children = 10), city first
    frames = [d.value for d in at.dataframe]
    matrix = [f for f in frames if t("col_area", lang) in f.columns and len(f) == 10][0]
    assert matrix.iloc[0, 0] == ("兰州市" if zh else "Lanzhou")
    # the gap table (the one with a period column): city value (28,966 / 910,868 x 1000 = 31.80 -> 31.8)
    # and the gap of every short area
    table = [f for f in frames if t("col_period", lang) in f.columns][0]
    assert table.iloc[0][t("col_value", lang)] == "31.8"
    gap_col = [c for c in table.columns if c.startswith(t("col_gap_units", lang))][0]
    unit = "张" if zh else "beds"
    for names, n in ELDERLY_BEDS_SHORT.items():
        name = names[0] if zh else names[1]
        cell = table[table[t("col_area", lang)] == name].iloc[0][gap_col]
        assert cell == f"+{n:,} {unit}", (name, cell)
    for names in ELDERLY_BEDS_MET:            # met: nothing still needed
        name = names[0] if zh else names[1]
        cell = table[table[t("col_area", lang)] == name].iloc[0][gap_col]
        assert not str(cell).startswith("+"), (name, cell)
    # the twelve areas' overview first; then the trend chart: city line + one per district (9) + threshold
    # and reference lines; the bar chart by district
    trend, bars = specs(at)[1], specs(at)[2]
    names = [d.get("name") for d in trend["data"]]
    assert ("兰州市" if zh else "Lanzhou") in names
    assert len([d for d in trend["data"] if d.get("mode") == "lines"]) == 9
    ys = sorted(s["y0"] for s in trend["layout"]["shapes"])
    assert 35 in ys and 50 in ys                       # benchmark 35, Wuhan plan reference 50
    assert len(bars["data"][0]["y"]) == 9
    # the published panel: its own chart, with a statistical base caption
    assert t("pub_heading", lang) in text_of(at)
    assert len(specs(at)) >= 4


def test_services_page_shows_incomplete_period(app_test, demo_db_path, monkeypatch):
    # drop one district's toilet count in the latest quarter: the city period becomes incomplete
    con = db.connect(demo_db_path)
    last = con.execute("SELECT max(period) FROM observations WHERE indicator_code = 'public_toilets'").fetchone()[0]
    con.execute("DELETE FROM observations WHERE indicator_code = 'public_toilets' AND area_code = '620102' "
                "AND period = ?", [last])
    refresh_figures(con, indicator_codes=["public_toilets"], area_codes=["620102"], periods=[last])
    db.bump_data_version(con)
    n_children = con.execute("SELECT count(*) FROM areas WHERE parent_code = '620100'").fetchone()[0]
    con.close()
    at = app_test("pages/services.py", lang="en", sv_metric="public_toilets_per_10k")
    no_errors(at)
    warnings = [w.value for w in at.warning]
    assert any(f"{n_children - 1} of {n_children} districts have reported" in w for w in warnings), warnings
    trend = specs(at)[1]   # after the twelve areas' overview
    assert any(d.get("name") == t("incomplete_period", "en") for d in trend["data"])


# The monthly ranking of 2026-10 (as of 2026-10-31), worked out by hand from data/: Lanzhou campaigns
# for civilized, sanitary, env_model, garden, historic and double_support; their items that districts
# report (not city_only) are 29, none with points (each weighs 1), none not applicable to Lanzhou, no
# veto failed. Items met per district (latest figure up to 2026-10-31 against its threshold):
#   Chengguan 16/29 = 55.2 %, Qilihe 16/29 = 55.2 %   -> rank 1, 1 (a tie: competition ranking)
#   Xigu 14/29 = 48.3 %, Lanzhou New Area 14/29 = 48.3 % -> rank 3, 3
#   Honggu 13/29 = 44.8 %                              -> rank 5
#   Anning 12/29 = 41.4 %, Gaolan 12/29 = 41.4 %       -> rank 6, 6
#   Yongdeng 11/29 = 37.9 %                            -> rank 8
#   Yuzhong 10/29 = 34.5 %                             -> rank 9
# (ties listed by area code: 620102 < 620103, 620104 < 620171, 620105 < 620122)
RANKS_2026_10 = [  # rank, zh, en, score shown
    (1, "城关区", "Chengguan District", "55%"), (1, "七里河区", "Qilihe District", "55%"),
    (3, "西固区", "Xigu District", "48%"), (3, "兰州新区", "Lanzhou New Area", "48%"),
    (5, "红古区", "Honggu District", "45%"),
    (6, "安宁区", "Anning District", "41%"), (6, "皋兰县", "Gaolan County", "41%"),
    (8, "永登县", "Yongdeng County", "38%"), (9, "榆中县", "Yuzhong County", "34%"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rankings_page_ranks_lists_and_history(app_test, lang):
    at = app_test("pages/rankings.py", lang=lang, as_of="2026-10-31")
    no_errors(at)
    table = at.dataframe[0].value
    assert table[t("rk_col_rank", lang)].tolist() == [r[0] for r in RANKS_2026_10]
    area_col = t("col_area", lang)
    assert table[area_col].tolist() == [r[1] if lang == "zh" else r[2] for r in RANKS_2026_10]
    assert table[t("rk_col_score", lang)].tolist() == [r[3] for r in RANKS_2026_10]
    text = text_of(at)
    assert "2026-10" in text                                  # the period ranked, from the as-of date
    assert t("rk_lead_list", lang) in text and t("rk_trail_list", lang) in text
    # 红榜/黑榜 (red/black list) name the rectification ranking only: never this one's lists
    words = ("红榜", "黑榜") if lang == "zh" else ("Red list", "Black list", "red list", "black list")
    lists_shown = [m.value for m in at.markdown if "####" in m.value]
    assert len(lists_shown) == 2 and not any(w in v for v in lists_shown for w in words)
    bars, history = specs(at)[0], specs(at)[1]
    assert len(bars["data"][0]["y"]) == 9                     # Lanzhou's nine districts
    assert len(history["data"]) == 9                          # one rank line per district
    assert history["layout"]["yaxis"]["range"][0] > history["layout"]["yaxis"]["range"][1]   # rank 1 on top


def test_rankings_page_quarterly_is_fast(app_test):
    t0 = time.perf_counter()
    at = app_test("pages/rankings.py", lang="zh", rk_freq="quarter")
    no_errors(at)
    table = at.dataframe[0].value
    assert table[t("rk_col_rank", "zh")].iloc[0] == 1
    t1 = time.perf_counter()
    at.run()                                                # a re-run of the page (cached queries)
    assert time.perf_counter() - t1 < 3.0
    assert t1 - t0 < 30


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_page_score_and_indicator(app_test, lang):
    at = app_test("pages/map.py", lang=lang)
    no_errors(at)
    fig = specs(at)[0]
    fills = [d for d in fig["data"] if d.get("fill") == "toself"]
    assert len(fills) == 8                                  # eight districts/counties with boundaries
    name = "城关区" if lang == "zh" else "Chengguan District"
    assert any(d.get("name") == name for d in fills)
    markers = [d for d in fig["data"] if d.get("mode") == "markers+text"]
    assert len(markers) == 1 and len(markers[0]["x"]) == 1  # Lanzhou New Area: a circle at its centre
    at2 = app_test("pages/map.py", lang=lang, map_metric="hospital_beds_per_1000", as_of="2026-11-29")
    no_errors(at2)
    # Chengguan's hospital beds per 1,000 (threshold 6, public_services campaign 2024-07-01 .. 2027-12-31),
    # by hand from data/demo/observations.csv (beds / population x 1000):
    #   2024-01-01  7,407 / 1,521,160 = 4.869 (the baseline: the last value on or before 2024-07-01)
    #   2025-01-01  7,659 / 1,531,312 = 5.002
    #   2026-01-01  7,700 / 1,537,593 = 5.008 -> "5.01", short of 6
    # slope ~ (5.008 - 4.869) / 2 years = 0.069 a year; needed (6 - 4.869) / 4.0 years = 0.283 a year;
    # pace ratio 0.069 / 0.283 = 0.24 < 0.6 (and >= 0): off track
    fig2 = specs(at2)[0]
    cg = [d for d in fig2["data"] if d.get("fill") == "toself" and d.get("name") == name][0]
    assert "5.01" in cg["text"]
    assert ("难以按期" if lang == "zh" else "Off track") in cg["text"]
    table = at2.dataframe[0].value
    assert len(table) == 9
