"""The rectification page in both languages (AppTest on the demo database): ranking with red and
black lists for a chosen week, the overdue list, a clerk's fix on their own unit only; the notice."""
import io

import docx
import pytest

from cocreate.store import db
from cocreate.problems import gather, notice, notice_data, periods
from tests.problems_reference import overdue_rows, unit_counts

W40 = periods.parse_period("2026-W40")
AS_OF = "2026-10-31"   # the sidebar's as-of: W40 (ends 10-04) is a full week then
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64   # the magic bytes are what the store checks


@pytest.fixture()
def open_page(signed_in_page):
    """pages/rectification.py through conftest's signed_in_page; `user` creates a login and signs it in."""
    return lambda user=None, **query: signed_in_page("pages/rectification.py", user, **query)


def table(at, key):
    return next(d.value for d in at.dataframe if d.proto.id.endswith(key) or key in (d.key or ""))


def test_page_zh_ranking_week_40_wuhan(open_page, demo_con):
    at = open_page(area="420100", pkind="week", period="2026-W40", as_of=AS_OF)
    assert [h.value for h in at.title] == ["武汉市：问题发现与整改"]
    ref = unit_counts(demo_con, "420100", W40.start, W40.end)     # DESIGN's formulas read again in SQL
    rank = at.dataframe[0].value
    assert list(rank.columns[:3]) == ["排名", "责任单位", "榜单"]
    assert sorted(rank["应整改"].tolist()) == sorted(ref["due"].tolist())
    assert rank["逾期未改"].tolist() == (rank["应整改"] - rank["已整改"]).tolist()   # overdue = due - put right
    assert rank["榜单"].tolist().count("红榜") == 3 and rank["榜单"].tolist().count("黑榜") == 3
    assert any(e.value.startswith("**红榜（前 3 名，并列者同列）** · ") for e in at.error)   # the rule in words
    assert any("需要登录" in i.value for i in at.info)       # actions ask for a login


def test_page_en_overdue_and_levels(open_page, demo_con):
    at = open_page(area="420100", lang="en", pkind="week", period="2026-W40", as_of=AS_OF)
    assert [h.value for h in at.title] == ["Wuhan: problems found and put right"]
    ref = overdue_rows(demo_con, "420100", W40.end)                # the rule read again in SQL
    over = at.dataframe[1].value
    assert over["Problem"].tolist() == ref["problem_id"].tolist()
    assert over["Days overdue"].tolist() == ref["days_overdue"].tolist()
    assert over["Days overdue"].tolist() == sorted(over["Days overdue"].tolist(), reverse=True)
    assert set(over["Escalation"]) >= {"Talk with a leader", "Supervision notice"}


def test_clerk_sees_fix_form_only_for_own_unit(open_page, demo_con, demo_db_path):
    at = open_page(user={"name": "qingshan", "role": "clerk", "areas": "420107"}, area="420100")
    probs = gather.problems(demo_con, "420100")
    other = probs[(probs["status"] == "open") & (probs["unit_code"] == "420112")]["problem_id"].iloc[0]
    at.selectbox(key="prob_pick").set_value(other).run()
    assert any("不能处理" in w.value for w in at.warning)
    mine = probs[(probs["status"] == "open") & (probs["unit_code"] == "420107")]["problem_id"].iloc[0]
    at.selectbox(key="prob_pick").set_value(mine).run()
    at.text_input(key="prob_rect_note").input("已清理并设置提示牌")
    at.button[[b.label for b in at.button].index("提交整改")].click().run()     # a note only: refused
    assert [e.value for e in at.error if "整改后照片" in e.value] == ["标记已整改需要至少上传一张整改后照片。"]
    at.file_uploader(key="prob_rect_photo").set_value(("after.png", PNG, "image/png"))
    at.text_input(key="prob_rect_note").input("已清理并设置提示牌")
    at.button[[b.label for b in at.button].index("提交整改")].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [f"问题 {mine} 已标记为已整改，等待复核。"]
    con = db.connect(demo_db_path)   # the app's own configuration: DuckDB shares the open file
    try:
        assert db.scalar(con, "SELECT status FROM problems WHERE problem_id = ?", [mine]) == "rectified"
        assert db.scalar(con, "SELECT user_name FROM problem_history WHERE problem_id = ? AND action = 'rectify'",
                         [mine]) == "qingshan"
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_notice_opens_and_holds_the_ranking(demo_con, lang):
    data = notice_data.gather_notice(demo_con, "420100", W40, lang)
    doc = docx.Document(io.BytesIO(notice.build_docx(data, lang)))
    text = "\n".join(p.text for p in doc.paragraphs)
    # tables[0] is the main problems by category; then districts, then city departments (issue 22)
    districts, departments = doc.tables[1], doc.tables[2]
    header = [c.text for c in districts.rows[0].cells]
    assert header[:2] == (["排名", "责任单位"] if lang == "zh" else ["Rank", "Unit"])
    ref = unit_counts(demo_con, "420100", W40.start, W40.end)     # units found or due in W40, read in SQL
    assert len(districts.rows) - 1 + len(departments.rows) - 1 == len(ref)
    # the one ranking of all units, shown by kind: ranks rise within each table, and every rank
    # 1..n of the ranked units appears once across the two (ties repeat a rank, competition style)
    all_ranks = []
    for ranking in (districts, departments):
        ranks = [int(r.cells[0].text) for r in ranking.rows[1:] if r.cells[0].text != "—"]
        assert ranks == sorted(ranks)
        all_ranks += ranks
    assert min(all_ranks) == 1 and max(all_ranks) <= len(all_ranks)
    n = len(overdue_rows(demo_con, "420100", W40.end))
    if lang == "zh":
        assert "武汉市创建全国文明城市工作指挥部办公室" in text and "红榜（表扬；前 3 名，并列者同列）：" in text
        assert f"截至期末（2026年10月4日当天结束）逾期未整改 {n} 个" in text
        fonts = doc.styles["Normal"].element.rPr.rFonts
        assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"
    else:
        assert "Wuhan Civilized City Campaign Office" in text and "Red list (commended; top 3, ties included):" in text
        assert f"At the end of 4 Oct 2026 (the period's last day) {n} were overdue" in text
    assert "2026-W40" in text


def test_webhook_posts_markdown_to_a_local_server(demo_con, monkeypatch):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from cocreate.problems import webhook
    got = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"errcode":0}')

        def log_message(self, *a):
            pass
    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.handle_request, daemon=True).start()
    monkeypatch.setenv("COCREATE_NOTICE_WEBHOOK", f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send")
    data = notice_data.gather_notice(demo_con, "420100", W40, "zh")
    assert webhook.post_summary(notice.summary_markdown(data, "zh")) == 200
    server.server_close()
    assert got[0]["msgtype"] == "markdown" and "红榜（表扬；前 3 名，并列者同列）：" in got[0]["markdown"]["content"]


def test_problems_template_has_every_column_and_its_example_row():
    import csv as csv_mod
    from webui.rectification_views import template_csv
    for lang in ("zh", "en"):
        rows = list(csv_mod.reader(io.StringIO(template_csv(lang).decode("utf-8-sig"))))
        # 15 columns of DESIGN's problems file (point_code included), one example row as wide
        assert len(rows) == 2 and len(rows[0]) == len(rows[1]) == 15
        assert rows[1][0] == "WH261005-001" and rows[1][3] == ""       # point_code left empty
