"""AppTest of the spine pages in both languages, on the demo database: content, not just 'it ran'."""
import json

import pytest

from cocreate.present.i18n import t

SIX_TITLES_ZH = ["全国文明城市", "国家卫生城市", "国家环境保护模范城市", "国家园林城市", "国家历史文化名城", "全国双拥模范城市"]
SIX_TITLES_EN = ["National Civilized City", "National Sanitary City", "National Environmental Protection Model City",
                 "National Garden City", "National Historical and Cultural City", "National Double-Support Model City"]


def page_text(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error", "warning", "metric"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")) + " " + str(getattr(el, "label", "")))
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return "\n".join(parts)


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("lang,names", [("zh", SIX_TITLES_ZH), ("en", SIX_TITLES_EN)])
def test_overview_names_all_six_titles(app_test, lang, names):
    at = app_test(lang=lang)
    no_errors(at)
    text = page_text(at)
    for name in names:
        assert name in text, name
    assert ("兰州的创建序列按今天的日历重演" if lang == "zh" else "Lanzhou's campaign series re-enact") in text
    assert t("overview_heading", lang, area="兰州市" if lang == "zh" else "Lanzhou") in text
    # the matrix chart has one bar trace per status, covering the six campaigned titles
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"]) == 6
    assert len(spec["data"][0]["y"]) == 6


def _illustrative_counts(db_path, city: str) -> tuple[int, int]:
    """Illustrative and all values of a city and its districts, counted with SQL written here (an
    independent reference for the banner's count; the store also holds figures derived from surveys)."""
    import duckdb
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(
            "SELECT count(*) FILTER (WHERE starts_with(source, 'illustrative')), count(*) FROM observations "
            "WHERE area_code IN (SELECT code FROM areas WHERE ? IN (code, parent_code))", [city]).fetchone()
    finally:
        con.close()


@pytest.mark.parametrize("city,own,other", [("620100", "兰州的创建序列", "武汉"), ("420100", "武汉的创建日程", "兰州")])
def test_demo_banner_tells_only_the_shown_city(app_test, demo_db_file, city, own, other):
    at = app_test(lang="zh", area=city)
    no_errors(at)
    banner = [x.value for x in at.caption if x.value.startswith(":material/info: 演示数据")]
    assert len(banner) == 1, banner
    n_demo, n_total = _illustrative_counts(demo_db_file, city)
    assert 0 < n_demo <= n_total
    assert n_total < 100_000  # below 10万: the count is written out with separators
    assert f"（{n_demo:,} / {n_total:,} 个数值）" in banner[0]
    assert own in banner[0] and other not in banner[0]


def test_overview_card_counts_match_report(app_test):
    # The garden card of Lanzhou, by hand from data/: 11 garden indicators (title_indicators.csv), each
    # met when the city's latest figure reaches its threshold (every one of them "up"):
    #   greening satisfaction (city's own row, 2026-01-01)      86.4 >= 80    met
    #   native woody plant index (city's own row, 2026-01-01)   0.86 >= 0.8   met
    #   park green per capita: 4,359.4 ha x 10,000 / 4,531,586 residents = 9.62 >= 9.0   met
    #   residential green compliance (population-weighted mean of the 9 districts) 97.40 >= 95   met
    #   built-up green coverage 13,267.68 / 42,200 ha = 31.44 % < 36;  green-space ratio
    #   12,081.86 / 42,200 = 28.63 % < 31;  park service radius 74.30 < 80;  tree-lined roads 72.60 < 90;
    #   shaded parking 98 / 180 = 54.4 % < 60;  heat metering 297,243 / 1,061,583 = 28.0 % < 35;
    #   harmless waste treatment 82.40 < 90                      not met (7)
    # -> "4 / 11"
    at = app_test(lang="en", as_of="2026-11-29")
    no_errors(at)
    assert "4 / 11" in [m.value for m in at.metric]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_title_page_table_trend_and_districts(app_test, lang):
    at = app_test("pages/title.py", lang=lang, title="garden", indicator="built_up_green_coverage_pct")
    no_errors(at)
    table = at.dataframe[0].value
    ind_col, val_col, status_col = t("col_indicator", lang), t("col_value", lang), t("col_status", lang)
    name = "建成区绿化覆盖率" if lang == "zh" else "Built-up area green coverage"
    row = table[table[ind_col].str.startswith(name)].iloc[0]
    assert row[val_col] == "31.44"
    assert row[status_col] != t("status_met", lang)
    assert row[t("col_threshold", lang)] == "≥ 36.00"
    charts = at.get("plotly_chart")
    trend = json.loads(charts[0].proto.spec)
    names = [tr.get("name") for tr in trend["data"]]
    assert t("observed", lang) in names and t("projection", lang) in names
    shapes = trend["layout"].get("shapes", [])
    assert any(s.get("y0") == 36 for s in shapes)  # threshold line
    bars = json.loads(charts[1].proto.spec)["data"][0]
    assert len(bars["y"]) == 9  # Lanzhou's 9 children


def test_title_page_gap_in_units_for_toilets(app_test):
    at = app_test("pages/title.py", lang="en", title="public_services", indicator="public_toilets_per_10k")
    no_errors(at)
    table = at.dataframe[0].value
    row = table[table["Indicator"].str.contains("toilets per 10")].iloc[0]
    assert row["Still needed"].startswith("+37")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explorer_compares_city_and_districts(app_test, lang):
    at = app_test("pages/explorer.py", lang=lang, indicator="public_toilets_per_10k", area="420100")
    no_errors(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"]) == 14  # Wuhan + 13 districts
    table = at.dataframe[0].value
    city = table.iloc[0]
    assert city[t("col_value", lang)] == "5.90"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_method_page_explains_cut_offs(app_test, lang):
    at = app_test("pages/method.py", lang=lang)
    no_errors(at)
    text = page_text(at)
    assert "0.95" in text and "0.6" in text
    assert t("method_rollup_h", lang) in text
    assert t("rk_method_heading", lang) in text  # the ranking method is on the Method page too


def test_unknown_area_in_url_falls_back(app_test):
    at = app_test(lang="en", area="999999")
    no_errors(at)
    assert "Lanzhou" in at.title[0].value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_missing_database_is_a_sentence_with_the_fix(app_test, monkeypatch, tmp_path, lang):
    monkeypatch.setenv("COCREATE_DB", str(tmp_path / "missing.duckdb"))
    at = app_test(lang=lang)
    assert not at.exception
    assert [e.value for e in at.error] == [t("db_missing", lang, path=str(tmp_path / "missing.duckdb"))]
    assert not (tmp_path / "missing.duckdb").exists()  # nothing half-made
