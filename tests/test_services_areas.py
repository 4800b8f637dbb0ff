"""The twelve monitored public-service areas (issue 24): the catalog's items per area, Wuhan's report
figures read back with their source, the judged status of each item, the overview chart's rows, and the
services page in both languages. Every expectation is worked out by hand from data/."""
import json

import pandas as pd
import pytest

from cocreate.method.services import NO_BENCHMARK, NOT_TRACKED, area_overview, judged_items
from cocreate.method.progress import title_progress
from cocreate.present.i18n import t
from cocreate.present.service_charts import service_areas_chart
from cocreate.store import db

WH = "420100"
# items per area, counted in data/catalog/indicators.csv (service_area column):
#   education: preschool enrolment, compulsory retention, schools renovated, new school places   = 4
#   employment: unemployment rate, vocational training                                           = 2
#   medical: hospital beds, residents per centre, ambulances, life expectancy, medical
#            institutions, licensed doctors per 1,000                                            = 6
#   social_security: pension insurance, medical insurance                                        = 2
#   utilities: toilets per 10,000, toilet service radius                                         = 2
#   environment: sewage treatment, good-air share                                                = 2
#   transport: new-energy bus share, new-energy buses added                                      = 2
#   safety: food sampling pass rate, sense of safety                                             = 2
#   culture: libraries, cultural centres, first-level libraries, first-level centres,
#            culture visits per 10,000                                                           = 5
#   sports: sports ground per capita, regular exercise                                           = 2
#   pension: elderly-care beds per 1,000 elderly, facilities to standard, nursing-bed share      = 3
#   government: services on the unified platform, good-review rate                               = 2
ITEMS = {"education": 4, "employment": 2, "medical": 6, "social_security": 2, "utilities": 2, "environment": 2,
         "transport": 2, "safety": 2, "culture": 5, "sports": 2, "pension": 3, "government": 2}   # 34 in all


def _overview(con, city):
    items = db.run(con, "service_items", area=city, as_of=None)
    rated = title_progress(con, city, "public_services", None)
    others = title_progress(con, city, None, None)
    others = others[others["title_code"] != "public_services"]
    return items, area_overview(judged_items(items, rated[rated["area_code"] == city], others[others["area_code"] == city]),
                                city)


def test_twelve_areas_with_their_item_counts(demo_con):
    items, o = _overview(demo_con, WH)
    assert list(o["service_area"]) == list(ITEMS)          # the catalog's order, all twelve
    assert dict(zip(o["service_area"], o["n_items"])) == ITEMS
    assert sum(ITEMS.values()) == 34 and int(o["n_tracked"].sum()) == 34
    # Wuhan, latest figures against the benchmark set (report --area 420100 --title public_services) or,
    # outside it, Wuhan's sanitary title (life expectancy 81.1 >= 78.3, sewage 97.8 >= 95, exercise 42 >= 30):
    #   every area has at least one item met; good-air share 83.6 < 87.5 needs acceleration (environment);
    #   nursing-bed share 53.5 < 55 on track (pension); 11 items have no national figure
    by = o.set_index("service_area")
    assert (by["n_met"] >= 1).all()
    assert by.loc["environment", "n_needs_acceleration"] == 1 and by.loc["pension", "n_on_track"] == 1
    assert by.loc["medical", "n_met"] == 5 and by.loc["medical", "n_no_benchmark"] == 1   # 315 institutions
    assert by.loc["culture", "n_met"] == 1 and by.loc["culture", "n_no_benchmark"] == 4
    assert int(o["n_judged"].sum()) == 23 and int(o["n_no_benchmark"].sum()) == 11


def test_wuhan_report_figures_read_back_with_their_source(demo_con):
    items = db.run(demo_con, "service_items", area=WH, as_of=None)
    city = items[items["area_code"] == WH].set_index("indicator_code")
    # 16 libraries: the 13 districts' latest counts (10 x 1 + Jiang'an, Jianghan, Wuchang 2 each) = 16,
    # the report's city figure split over the districts for illustration, and the source says both
    assert city.loc["public_libraries", "value"] == 16
    assert city.loc["public_libraries", "sources"] == "illustrative split of a city figure (source documents)"
    assert city.loc["first_level_libraries", "value"] == 11 and city.loc["cultural_centres", "value"] == 14
    assert city.loc["medical_institutions", "value"] == 315
    # city figures as the report states them: the source is the source documents alone
    for code, value in (("pension_facilities_standard_pct", 100), ("gov_services_online_pct", 100),
                        ("new_energy_buses_added", 1800)):
        assert city.loc[code, "value"] == value and city.loc[code, "sources"] == "source documents", code
    # a ratio names its denominator's source too (glossary "figure_sources"): 5.9 toilets per 10,000 at 2026-10 =
    # the report's toilets split over the districts ('illustrative split of a city figure (source documents)')
    # over the population as of 2026-10 (the 2026-01 estimate, 'illustrative'): both, byte order putting the
    # prefix first. Before, only the observations at 2026-10 were read and the population was left out.
    assert city.loc["public_toilets_per_10k", "sources"] == \
        "illustrative; illustrative split of a city figure (source documents)"
    pub = db.run(demo_con, "published_figures", area=WH, indicators=["public_libraries"])
    row = pub[pub["series_code"] == "wh_report_libraries"].iloc[0]
    assert row["value"] == 16 and row["source"] == "source documents" and int(row["year"]) == 2022


def test_judged_items_prefers_the_benchmark_then_a_title():
    items = pd.DataFrame({"indicator_code": ["a", "b", "c", "d"], "area_code": ["1"] * 4,
                          "value": [1.0, 2.0, 3.0, None]})
    rated = pd.DataFrame({"indicator_code": ["a"], "area_code": ["1"], "title_code": ["public_services"],
                          "title_sort": [99], "status": ["met"]})
    others = pd.DataFrame({"indicator_code": ["a", "b", "b"], "area_code": ["1"] * 3,
                           "title_code": ["garden", "sanitary", "civilized"], "title_sort": [4, 2, 1],
                           "status": ["off_track", "on_track", "deteriorating"]})
    j = judged_items(items, rated, others).set_index("indicator_code")
    assert j.loc["a", "judged"] == "benchmark" and j.loc["a", "status"] == "met"
    # b: no benchmark row; the first campaigned title in title order (civilized, sort 1) judges it
    assert j.loc["b", "judged"] == "title" and j.loc["b", "title_code"] == "civilized"
    assert j.loc["c", "judged"] == NO_BENCHMARK and j.loc["d", "judged"] == NOT_TRACKED


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_chart_has_twelve_rows(demo_con, lang):
    _, o = _overview(demo_con, WH)
    fig = service_areas_chart(o, lang=lang, title="x")
    rows = {y for tr in fig.data for y in tr.y}
    assert len(rows) == 12
    # culture: 5 items, 5 with a figure; Wuhan's segments: 1 met + 4 with no national figure = 5
    label = "公共文化  5/5" if lang == "zh" else "Public culture  5/5"
    assert label in rows
    segs = {tr.name: dict(zip(tr.y, tr.x)) for tr in fig.data}
    assert segs[t("status_met", lang)][label] == 1 and segs[t("svc_segment_no_benchmark", lang)][label] == 4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_services_page_shows_the_twelve_areas(app_test, lang):
    at = app_test("pages/services.py", lang=lang, area=WH)
    assert not at.exception, [e.value for e in at.exception]
    labels = [e.label for e in at.expander]
    names = {"zh": ["公共教育", "公共就业", "医疗卫生", "社会保障", "公用事业", "生态环境", "公共交通", "公共安全",
                    "公共文化", "公共体育", "养老服务", "政务服务"],
             "en": ["Public education", "Public employment", "Medical services", "Social security", "Public utilities",
                    "Ecological environment", "Public transport", "Public safety", "Public culture", "Public sports",
                    "Pension services", "Government services"]}[lang]
    area_labels = [l for l in labels if any(l.startswith(n + " ·") for n in names)]
    assert [l.split(" ·")[0] for l in area_labels] == names
    culture = area_labels[8]
    assert ("跟踪 5/5 项" if lang == "zh" else "5 of 5 items tracked") in culture
    overview = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len({y for tr in overview["data"] for y in tr["y"]}) == 12
    # the culture table: libraries 16 with its source in the user's language
    tables = [d.value for d in at.dataframe if t("svc_col_item", lang) in d.value.columns]
    lib = "公共图书馆数量" if lang == "zh" else "Public libraries"
    culture_table = [x for x in tables if lib in set(x[t("svc_col_item", lang)])][0]
    row = culture_table[culture_table[t("svc_col_item", lang)] == lib].iloc[0]
    assert row[t("col_value", lang)] == ("16 个" if lang == "zh" else "16")   # unit 个 / a bare count
    assert row[t("svc_col_judged", lang)] == t("svc_no_national", lang)


def test_a_ratio_series_names_the_census_behind_its_denominator(demo_con):
    # Lanzhou's Chengguan (620102) ambulances per 50,000 at 2020-04: ambulances 'illustrative' at 2020-04 over
    # the population as of 2020-04, the 2020-01 census count ('2020 census'): '2' (0x32) before 'i' (0x69).
    # At 2020-07 the same population is read as of the period: still named. The city's 2020-04 figure unites
    # its districts' lists. Before, the sources were the observations at the period only: 'illustrative'.
    s = db.run(demo_con, "indicator_series", indicator="ambulances_per_50k", areas=["620100", "620102"], as_of=None)
    got = {(r["area_code"], str(r["period"])[:10]): r["source"] for r in s.to_dict("records")}
    assert got[("620102", "2020-04-01")] == got[("620102", "2020-07-01")] == "2020 census; illustrative"
    assert got[("620100", "2020-04-01")] == "2020 census; illustrative"
    # from 2021 the population is the 2021-01 estimate ('illustrative'): one source
    assert got[("620102", "2021-04-01")] == "illustrative"
