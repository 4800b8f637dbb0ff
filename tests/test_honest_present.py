"""What the honesty rules look like: the stamp every exported picture carries (title page included),
coverage words, confidence marks, flags beside the status, CSV exports with source and confidence,
the Method page's counts computed from the catalog."""
import datetime as dt
import json
import struct
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from cocreate.method.progress import title_progress, title_summary
from cocreate.present.charts import STAMP_NAME, add_stamp, to_png
from cocreate.present.deck_content import facts, load, trend_figure
from cocreate.present.honesty import (confidence_label, coverage_text, flags_text, source_label, split_sources,
                                      stamp_text)
from cocreate.present.i18n import t
from cocreate.present.tables import progress_display, progress_export

DEMO = "示例数据 / demo data"


def test_stamp_text_names_area_date_sources_and_demo():
    zh = stamp_text("兰州市", dt.date(2026, 10, 1), "illustrative; source documents", "zh")
    assert zh == "兰州市 · 数据截至 2026年10月 · 来源：示例; 创建文件 · 示例数据 / demo data"
    en = stamp_text("Lanzhou", dt.date(2026, 10, 1), ["2020 census"], "en")
    assert en == "Lanzhou · data as of Oct 2026 · source: 2020 census"  # nothing illustrative: no demo label
    split = "illustrative split of a city figure (source documents)"
    assert source_label(split, "zh") == "由全市数字拆分的示意值（创建文件）"
    # the published figures' sources (data/demo/observations.csv) read in Chinese too
    assert source_label("published: environment bulletin", "zh") == "公开发布：环境状况公报"
    assert DEMO in stamp_text("兰州市", None, [split], "zh")
    assert split_sources(pd.Series(["a; b", None, "b"])) == ["a", "b"]


def test_add_stamp_is_idempotent_and_keeps_the_plot_size():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    fig.update_layout(template="cocreate", height=450, margin=dict(b=90))
    add_stamp(fig, "兰州市 · " + DEMO)
    add_stamp(fig, "兰州市 · " + DEMO)
    stamps = [a for a in fig.layout.annotations if a.name == STAMP_NAME]
    assert len(stamps) == 1 and DEMO in stamps[0].text
    assert fig.layout.height == 450 + 26 and fig.layout.margin.b == 90 + 26


def test_a_long_stamp_wraps_so_its_demo_label_is_not_cut_off():
    from cocreate.present.charts import STAMP_LINE_CHARS, _wrap_stamp
    sources = "; ".join(f"illustrative split of a city figure (source {k})" for k in range(6))
    text = f"Lanzhou · data as of Oct 2026 · source: {sources} · {DEMO}"
    lines = _wrap_stamp(text).split("<br>")
    assert len(lines) >= 3 and " ".join(lines).replace("  ", " ") == text.strip()
    assert all(len(line) <= STAMP_LINE_CHARS for line in lines[:-1]) and lines[-1].endswith(DEMO)
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4])).update_layout(template="cocreate", height=450, margin=dict(b=90))
    add_stamp(fig, text)
    extra = 26 + (len(lines) - 1) * 16    # one more line of the 12-point stamp each
    assert fig.layout.height == 450 + extra and fig.layout.margin.b == 90 + extra


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian chromium is not installed")
def test_stamped_png_renders_at_full_size():
    fig = add_stamp(go.Figure(go.Bar(x=["兰州"], y=[31.44])).update_layout(template="cocreate", height=450), DEMO)
    png = to_png(fig, scale=1)
    assert struct.unpack(">II", png[16:24]) == (1600, 476)


def test_title_page_charts_carry_the_stamp(app_test):
    at = app_test("pages/title.py", lang="zh", title="garden", indicator="built_up_green_coverage_pct")
    assert not at.exception
    specs = [json.loads(ch.proto.spec) for ch in at.get("plotly_chart")]
    assert len(specs) >= 2  # the trend and the districts
    for spec in specs:  # the figure itself carries it: the camera button's PNG and the server's both have it
        stamp = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == STAMP_NAME]
        assert stamp and stamp[0].startswith("兰州市 · 数据截至 2026年10月") and DEMO in stamp[0], stamp
    text = " ".join(m.value for m in at.markdown)
    assert "跟踪 11 / 标准 75 项" in text


def test_wuhan_garden_share_counts_ten_rated(demo_con):
    rated = title_progress(demo_con, "420100", "garden")
    rated = rated[rated["area_code"] == "420100"]
    heat = rated.set_index("indicator_code").loc["heat_metering_share_pct"]
    assert heat["status"] == "not_applicable" and "district heating" in heat["not_applicable_reason_en"]
    s = title_summary(rated).iloc[0]
    assert (s["n_indicators"], s["n_tracked"], s["n_not_applicable"], s["indicators_in_standard"]) == (10, 11, 1, 75)
    assert s["n_met"] == 10 and s["verdict"] == "all_met"
    assert coverage_text(s, "zh") == "跟踪 11 / 标准 75 项 · 1 项不适用"
    assert coverage_text(s, "en") == "11 of the standard's 75 indicators tracked · 1 not applicable"
    lz = title_summary(title_progress(demo_con, "620100", "sanitary").query("area_code == '620100'")).iloc[0]
    assert coverage_text(lz, "zh") == "跟踪 17 项（标准总项数未核实）"  # the catalog does not know the total


def test_display_marks_assumed_thresholds_and_shows_flags(demo_con):
    rated = title_progress(demo_con, "620100", "garden").query("area_code == '620100'")
    for lang in ("zh", "en"):
        disp = progress_display(rated, lang).set_index(pd.Index(rated["indicator_code"]))
        row = disp.loc["shaded_parking_share_pct"]
        assert row[t("col_threshold", lang)].endswith("△")
        assert row[t("col_confidence", lang)] == confidence_label("assumed", lang)
        assert disp.loc["built_up_green_coverage_pct", t("col_confidence", lang)].startswith("✓")
    assert confidence_label("assumed", "zh") == "△ 假定值" and confidence_label("plan", "en") == "◇ plan figure"
    assert flags_text("stalled;recent_drop", "zh") == "→ 停滞 · ↓ 近期下滑"
    hist = title_progress(demo_con, "620100", "historic").query("area_code == '620100'").set_index("indicator_code")
    assert hist.loc["historic_districts_count", "flags"] == "stalled"
    assert progress_display(hist.reset_index(), "en").set_index(hist.index).loc[
        "historic_districts_count", t("col_flags", "en")] == "→ Stalled"


def test_csv_export_keeps_source_and_confidence(demo_con):
    rated = title_progress(demo_con, "620100", "garden", with_children=True)
    out = progress_export(rated)
    assert {"source", "threshold_confidence", "flags"} <= set(out.columns)
    assert out.loc[out["latest_period"] != "", "source"].str.contains("illustrative").all()
    assert set(out["threshold_confidence"]) <= {"seen", "uncertain", "plan", "assumed"}
    assert (out.query("indicator_code == 'shaded_parking_share_pct'")["threshold_confidence"] == "assumed").all()


def test_deck_picture_and_facts_are_honest(demo_con):
    data = load(demo_con, "620100", "garden")
    row = data.rated.set_index("indicator_code").loc["shaded_parking_share_pct"].to_dict()
    row["indicator_code"] = "shaded_parking_share_pct"
    f = facts(row, data.units, "zh")
    assert f["threshold"].endswith("△") and f["confidence"] == "△ 假定值"
    fig = trend_figure(demo_con, data, row, "zh")
    stamp = [a.text for a in fig.layout.annotations if a.name == STAMP_NAME]
    assert stamp and stamp[0].startswith("兰州市") and DEMO in stamp[0]


def test_method_page_counts_thresholds_from_the_catalog(app_test, demo_con):
    from cocreate.store import db
    counts = db.run(demo_con, "threshold_confidence")["threshold_confidence"].value_counts().to_dict()
    assert counts["assumed"] == 14  # 6 outside double-support + 8 double-support items
    at = app_test("pages/method.py", lang="en")
    assert not at.exception
    table = at.dataframe[0].value
    got = dict(zip(table[t("col_confidence", "en")], table[t("method_counts_col", "en")]))
    assert got == {confidence_label(k, "en"): counts.get(k, 0) for k in ("seen", "uncertain", "plan", "assumed")}
    text = " ".join(m.value for m in at.markdown)
    assert "public copies of the national standards" not in text
    assert "2016" in text and "10.93 million" in text
