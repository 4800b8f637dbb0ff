"""The weekly notice's parts of issue 22 (cocreate.problems.notice_parts through gather_notice):
scope, rankings by kind of unit, follow-up of the last notice, units summoned, settings, attachment,
and the table widths that keep every header word whole. Expected values are counted again from
data/demo/problems.csv or in plain SQL here, and worked out by hand in the comments."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd

import docx
import pytest

from cocreate import REPO_ROOT
from cocreate.problems import notice, notice_data
from cocreate.store import db
from cocreate.problems.notice_layout import column_need_cm
from cocreate.problems.periods import parse_period
from problems_reference import unit_counts

W48 = parse_period("2026-W48")          # 2026-11-23 .. 2026-11-29


def _wuhan_found_in_w48() -> list[dict]:
    """The demo problems of Wuhan's districts (area codes 4201xx) found 2026-11-23 .. 2026-11-29."""
    with open(REPO_ROOT / "data" / "demo" / "problems.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if r["area_code"].startswith("4201") and "2026-11-23" <= r["found_date"] <= "2026-11-29"]


@pytest.fixture(scope="module")
def wuhan(demo_db_file):
    con = db.connect(demo_db_file, read_only=True)
    try:
        return {lang: notice_data.gather_notice(con, "420100", W48, lang) for lang in ("zh", "en")}
    finally:
        con.close()


def test_scope_counted_again_from_the_csv(wuhan):
    rows = _wuhan_found_in_w48()
    sources = {}
    for r in rows:
        sources[r["source"]] = sources.get(r["source"], 0) + 1
    s = wuhan["zh"].scope
    assert s["problems"] == len(rows) == 20
    assert s["points"] == len({r["point_code"] for r in rows}) == 20       # every problem at its own point
    assert s["point_types"] == len({r["point_type"] for r in rows}) == 8
    assert s["units"] == len({r["unit_code"] for r in rows}) == 10          # 7 districts + 3 departments
    assert dict(s["sources"]) == sources == {"巡查": 8, "12345热线": 4, "暗访": 4, "随手拍": 4}
    assert s["sources"][0] == ("巡查", 8)                                   # most first, then by name
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.build_docx(wuhan["zh"], "zh"))).paragraphs)
    assert "巡查（8 个）、12345热线（4 个）、暗访（4 个）、随手拍（4 个）等方式" in text
    assert "共检查发现问题点位 20 个，涉及 8 类点位、10 个责任单位，发现问题 20 个" in text


def test_districts_and_departments_ranked_apart(wuhan, demo_con):
    data = wuhan["zh"]
    assert [g["kind"] for g in data.groups] == ["district", "department"]
    dist, dept = (g["ranking"].set_index("unit_code") for g in data.groups)
    ref = unit_counts(demo_con, "420100", W48.start, W48.end).set_index("unit_code")
    # due / put right read in SQL: 420102 1/1, 420103 3/4, 420104 3/4, 420111 1/2, 420106 1/2,
    # 420112 3/9, 420107 1/10, 420105 0 due (not ranked); wh_transport 1/1, wh_market 6/7,
    # wh_public_security 5/7
    assert ref.loc[["420102", "420103", "420104", "420111", "420106", "420112", "420107"], "due"].tolist() \
        == [1, 4, 4, 2, 2, 9, 10]
    assert ref.loc[["wh_transport", "wh_market", "wh_public_security"], ["due", "rectified"]].values.tolist() \
        == [[1, 1], [7, 6], [7, 5]]
    # ONE ranking of all ten ranked units (DESIGN's fixed report, the page's and `problems report`'s),
    # shown by kind. By rate, then on-time, then overdue: 420102 100/100 1; wh_transport 100/0 2;
    # wh_market 85.7 3; 420103 and 420104 75/50, 1 overdue each, share 4; wh_public_security 71.4 6;
    # 420111 50/50 7; 420106 50/0 8; 420112 33.3 9; 420107 10 10. Ten ranked -> 3 places a list:
    # red = ranks 1-3, black = the bottom three (8, 9, 10).
    assert dist["rank"].dropna().astype(int).to_dict() == {"420102": 1, "420103": 4, "420104": 4, "420111": 7,
                                                          "420106": 8, "420112": 9, "420107": 10}
    assert dept["rank"].astype(int).to_dict() == {"wh_transport": 2, "wh_market": 3, "wh_public_security": 6}
    assert data.groups[0]["k"] == data.groups[1]["k"] == 3
    assert data.groups[0]["red"] == ["江岸区"]
    assert data.groups[0]["black"] == ["武昌区", "东西湖区", "青山区"]
    assert (data.groups[1]["red"], data.groups[1]["black"]) == (["市交通运输局", "市市场监管局"], [])
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.build_docx(data, "zh"))).paragraphs)
    assert "红榜（表扬；前 3 名，并列者同列）：江岸区" in text
    assert "红榜（表扬；前 3 名，并列者同列）：市交通运输局、市市场监管局" in text
    md = notice.summary_markdown(data, "zh")          # the robot's summary carries the same lists
    assert "> **各区（县）** 黑榜（通报批评；后 3 名，并列者同列）：武昌区、东西湖区、青山区" in md
    # the page's and `problems report`'s lists (all units together) are the union of the kinds' lists
    both = pd.concat([g["ranking"] for g in data.groups])
    assert set(both.loc[both["list"] == "red", "unit_code"]) == {"420102", "wh_transport", "wh_market"}
    assert set(both.loc[both["list"] == "black", "unit_code"]) == {"420106", "420112", "420107"}


def test_follow_up_of_the_last_notice(wuhan, demo_con):
    # the W47 notice listed the problems overdue at the end of 2026-11-22 by 7 days or more (deadline on
    # or before 2026-11-15), found by then and not put right by then; read again in SQL
    listed = demo_con.execute("""
        SELECT problem_id, status, rectified_date, verified_date FROM problems
        WHERE area_code IN (SELECT code FROM areas WHERE code = '420100' OR parent_code = '420100')
          AND found_date <= DATE '2026-11-22' AND deadline <= DATE '2026-11-15'
          AND NOT (status IN ('rectified', 'verified') AND rectified_date <= DATE '2026-11-22')
        ORDER BY problem_id""").df()
    end = dt.date(2026, 11, 29)
    put_right = [r for r in listed.to_dict("records") if r["status"] in ("rectified", "verified")
                 and r["rectified_date"].date() <= end]
    checked = [r for r in put_right if r["status"] == "verified" and r["verified_date"].date() <= end]
    f = wuhan["zh"].follow_up
    assert sorted(f["problem_id"]) == listed["problem_id"].tolist()
    assert len(f) == 6 and len(put_right) == 2 and len(checked) == 2
    assert f["state"].value_counts().to_dict() == {"overdue": 4, "verified": 2}
    # still overdue on 11-29: its days then plus the 7 days of the week
    still = f[f["state"] == "overdue"]
    assert (still["days_now"] - still["days_before"]).tolist() == [7, 7, 7, 7]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.build_docx(wuhan["zh"], "zh"))).paragraphs)
    assert "上期（2026-W47）通报的逾期问题 6 个，截至本期末：已销号 2 个，已整改待复核 0 个，仍逾期未整改 4 个。" in text


def test_units_summoned_named(wuhan, demo_con):
    # talk level: 15 days or more overdue at the end of 11-29 (deadline on or before 11-14), read in SQL
    talk = demo_con.execute("""
        SELECT unit_code, count(*) AS n, max(date_diff('day', deadline, DATE '2026-11-29')) AS longest FROM problems
        WHERE area_code IN (SELECT code FROM areas WHERE code = '420100' OR parent_code = '420100')
          AND found_date <= DATE '2026-11-29' AND deadline <= DATE '2026-11-14'
          AND NOT (status IN ('rectified', 'verified') AND rectified_date <= DATE '2026-11-29')
        GROUP BY unit_code ORDER BY n DESC, longest DESC""").df()
    s = wuhan["zh"].summoned
    assert s[["unit_code", "problems", "longest"]].values.tolist() == talk.values.tolist() \
        == [["420107", 2, 42], ["420112", 1, 21], ["420104", 1, 19]]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.build_docx(wuhan["en"], "en"))).paragraphs)
    assert ("Units summoned for a talk: Qingshan District (2 problem(s), up to 42 days overdue), Dongxihu "
            "District (1 problem(s), up to 21 days overdue), Qiaokou District") in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_basis_cc_contact_and_attachment(wuhan, lang):
    d = docx.Document(io.BytesIO(notice.build_docx(wuhan[lang], lang)))
    text = "\n".join(p.text for p in d.paragraphs)
    if lang == "zh":
        assert "根据《全国文明城市测评体系（2025年版）》《武汉市创建全国文明城市常态长效工作方案》（武创城办〔2026〕2号，示例）" in text
        assert "抄送：市委、市人大常委会、市政府、市政协办公厅（示例）。" in text
        assert "（联系人：督查组 李工（示例），电话 027-00000000（示例））" in text
        assert "2026年11月30日印发" in text
        # the attachment: issued 11-30 + 5 days to report back = 2026-12-05
        assert "共 20 个问题，按点位排列，请逐点整改，于 2026年12月5日 前反馈。" in text
    else:
        assert "Under the National Civilized City Assessment System (2025 edition)" in text
        assert "Copy to: the General Offices" in text and "Issued 30 Nov 2026" in text
    assert len(d.sections) == 2 and d.sections[1].page_width > d.sections[1].page_height   # landscape attachment
    attachment = d.tables[-1]
    assert len(attachment.rows) == 1 + 20


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_column_holds_its_longest_word(wuhan, lang):
    """Each column is at least as wide as its header's longest word (bold) and its cells' longest
    word need at the table's font size: e.g. 'Overdue' at 8 pt bold = 7 x 0.70 em x 8 pt = 39.2 pt
    = 1.38 cm, + 2 x 0.1 cm padding + 0.12 cm slack = 1.70 cm."""
    assert round(column_need_cm("Overdue", [], 8), 2) == 1.70
    d = docx.Document(io.BytesIO(notice.build_docx(wuhan[lang], lang)))
    for tbl in d.tables:
        size = tbl.rows[0].cells[0].paragraphs[0].runs[0].font.size.pt
        for i, col in enumerate(tbl.columns):
            header = tbl.rows[0].cells[i].text
            cells = [r.cells[i].text for r in tbl.rows[1:]]
            assert col.width.cm >= column_need_cm(header, cells, size) - 0.01, (header, col.width.cm)
        width = sum(c.width.cm for c in tbl.columns)
        assert width <= 29.7 - 4.0 + 0.01        # never wider than the landscape text width


def test_attachment_shows_the_found_photo_as_a_thumbnail(demo_db_path):
    """A photo kept of a W48 problem as found appears as a picture in its attachment row; the rows
    without one have none (the demo has no photo: 0 pictures before, 1 after)."""
    from PIL import Image

    from cocreate.problems import store
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(buf, format="JPEG")
    con = db.connect(demo_db_path)
    try:
        before = docx.Document(io.BytesIO(notice.build_docx(notice_data.gather_notice(con, "420100", W48, "zh"), "zh")))
        assert len(before.inline_shapes) == 0
        store.add_photo(con, "WH261126-875", {"name": "admin", "role": "admin", "areas": ""}, "found.jpg", buf.getvalue())
        data = notice_data.gather_notice(con, "420100", W48, "zh")
    finally:
        con.close()
    # the attachment is by point: 江岸区后湖老旧小区 (WH261126-875) sorts first
    assert data.attachment["problem_id"].iloc[0] == "WH261126-875"
    assert data.attachment["thumb"].notna().sum() == 1
    d = docx.Document(io.BytesIO(notice.build_docx(data, "zh")))
    assert len(d.inline_shapes) == 1
    first = d.tables[-1].rows[1].cells[8]
    assert first._tc.xpath(".//pic:pic") and round(d.inline_shapes[0].width.cm, 1) == 1.6


def test_a_city_without_settings_or_problems_still_gets_a_plain_notice(fixture_con):
    """The crafted fixture city 990100 has no notice_settings row and no problems: the notice says so
    in words, with no 抄送 / 印发 block, no contact line and no demo-settings note."""
    data = notice_data.gather_notice(fixture_con, "990100", W48, "zh")
    assert data.settings == {} and data.scope["problems"] == 0 and data.groups == []
    d = docx.Document(io.BytesIO(notice.build_docx(data, "zh")))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "根据有关创建工作要求，现将本周问题发现与整改情况通报如下。" in text
    assert "本期未发现新问题。" in text and "上期（2026-W47）通报无逾期督办问题。" in text
    assert "抄送" not in text and "联系人" not in text and "示例设置" not in text


def test_english_notice_names_points_in_english(wuhan, demo_db_path):
    """Issue 22: the English notice names each point by the ledger's English name (inspection_points.name_en,
    from data/demo/inspection_points.csv), the Chinese one by its registered name; a point without an
    English name keeps the registered one and the attachment says so."""
    with open(REPO_ROOT / "data" / "demo" / "inspection_points.csv", encoding="utf-8-sig") as f:
        ledger = {r["code"]: r for r in csv.DictReader(f)}
    rows = _wuhan_found_in_w48()
    point_of = {r["problem_id"]: r["point_code"] for r in rows}
    en, zh = wuhan["en"].attachment, wuhan["zh"].attachment
    assert sorted(en["problem_id"]) == sorted(point_of) and len(en) == 20
    # e.g. PT-420102-d158b5d9: 江岸区球场街农贸市场 in Chinese, "Qiuchang St market" in English
    assert en["point_name"].tolist() == [ledger[point_of[i]]["name_en"] for i in en["problem_id"]]
    assert zh["point_name"].tolist() == [ledger[point_of[i]]["name_zh"] for i in zh["problem_id"]]
    assert wuhan["en"].extra["points_as_registered"] == 0          # every demo point has an English name
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.build_docx(wuhan["en"], "en"))).paragraphs)
    assert "as registered" not in text
    # a point the ledger names in Chinese only: the English notice keeps that name and says so
    pid = en["problem_id"].iloc[0]
    code = point_of[pid]
    con = db.connect(demo_db_path)          # a copy of the demo database for this test
    try:
        con.execute("UPDATE inspection_points SET name_en = NULL WHERE code = ?", [code])
        data = notice_data.gather_notice(con, "420100", W48, "en")
    finally:
        con.close()
    named = dict(zip(data.attachment["problem_id"], data.attachment["point_name"]))
    assert named[pid] == ledger[code]["name_zh"] and data.extra["points_as_registered"] == 1   # that one point
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.build_docx(data, "en"))).paragraphs)
    assert "the others as registered, in Chinese" in text
