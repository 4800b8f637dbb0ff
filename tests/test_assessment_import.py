"""Assessment results import: the three layouts, refusals (all or nothing), history on re-import."""
import datetime as dt
import subprocess
import sys

import pytest

from cocreate import REPO_ROOT

from cocreate.store import db
from cocreate.assessment.intake import import_results
from cocreate.assessment.report import score_report
from cocreate.errors import ImportRejected

TODAY = dt.date(2026, 12, 1)


def count(con, table):
    return con.execute("SELECT count(*) FROM " + db.quote_ident(table)).fetchone()[0]


def refused(con, text, name="r.csv", encoding="utf-8"):
    with pytest.raises(ImportRejected) as exc:
        import_results(con, text.encode(encoding), name, today=TODAY)
    return exc.value


def test_scores_in_chinese_gbk_become_the_actual_year(demo_db_path):
    con = db.connect(demo_db_path)
    text = ("地区代码,年度,类型,测评项目,得分,测评日期\n"
            "620100,2025,正式测评,材料审核,86.5,2025-12-10\n"
            "620100,2025,正式测评,实地考察,72.0,2025-12-10\n"
            "620100,2025,正式测评,问卷调查,84.0,2025-12-10\n")
    res = import_results(con, text.encode("gbk"), "2025年测评.csv", user="clerk1", today=TODAY)
    assert (res.kind, res.rows, res.replaced) == ("assessment_scores", 3, 0)
    rep = score_report(con, "620100").set_index("year")
    assert rep.loc["2025", "kind"] == "actual"                  # actual wins over the demo's mock
    assert rep.loc["2025", "year_score"] == pytest.approx(0.4 * 86.5 + 0.4 * 72 + 0.2 * 84)
    # a re-import replaces the rows and keeps the old ones in history
    res2 = import_results(con, text.replace("86.5", "87.5").encode("utf-8"), "again.csv", today=TODAY)
    assert res2.replaced == 3 and count(con, "assessment_scores_history") == 3
    assert con.execute("SELECT score FROM assessment_scores_history WHERE component = 'material'").fetchone()[0] == 86.5
    assert con.execute("SELECT rows_accepted, user_name FROM assessment_batches WHERE batch_id = ?",
                       [res.batch_id]).fetchone() == (3, "clerk1")
    con.close()


def test_field_and_questionnaire_layouts(demo_db_path):
    con = db.connect(demo_db_path)
    n_field, n_q = count(con, "field_results"), count(con, "questionnaire_results")
    field = ("area_code,year,kind,district_code,point_type,point_name,items_checked,items_passed\n"
             "620100,2026,mock,620102,market,东岗农贸市场,12,9\n"
             "620100,2026,mock,620105,school,安宁区某小学,10,10\n")
    assert import_results(con, field.encode(), "f.csv", today=TODAY).kind == "field_results"
    quest = ("地区代码,轮次,调查日期,题目代码,群体代码,样本量,比率\n"
             "620100,2026-R2,2026-11-20,sat_traffic,residents,400,71.5%\n")
    res = import_results(con, quest.encode(), "q.csv", today=TODAY)
    assert res.kind == "questionnaire_results"
    assert con.execute("SELECT n_positive FROM questionnaire_results WHERE round = '2026-R2'").fetchone()[0] == 286
    assert (count(con, "field_results"), count(con, "questionnaire_results")) == (n_field + 2, n_q + 1)
    con.close()


def test_refusals_name_line_column_and_reason_and_change_nothing(demo_db_path):
    con = db.connect(demo_db_path)
    before = count(con, "field_results"), db.data_version(con)
    text = ("area_code,year,kind,district_code,point_type,point_name,items_checked,items_passed\n"
            "620100,2026,mock,620102,market,A,10,9\n"          # fine
            "620102,2026,mock,620102,market,B,10,9\n"          # a district as the city
            "620100,2026,mock,420102,market,C,10,9\n"          # a Wuhan district in Lanzhou
            "620100,2026,exam,620102,moon,D,10,11\n"           # bad kind, unknown point type, passed > checked
            "620100,2030,mock,620102,market,E,ten,1\n"         # future year, not a number
            "620100,2026,mock,620102,market,A,12,9\n")         # repeats line 2
    exc = refused(con, text)
    got = {(p.line, p.column, p.key) for p in exc.problems}
    assert got == {
        (3, "area_code", "score_imp_not_city"), (4, "district_code", "score_imp_bad_district"),
        (5, "kind", "score_imp_bad_kind"), (5, "point_type", "score_imp_unknown_point_type"),
        (5, "items_passed", "score_imp_passed_over_checked"), (6, "year", "score_imp_out_of_range"),
        (6, "items_checked", "score_imp_not_integer"), (7, "", "score_imp_duplicate")}
    assert exc.key == "score_imp_rejected"
    assert (count(con, "field_results"), db.data_version(con)) == before
    scores = "area_code,year,kind,component,score\n620100,2026,mock,field,104\n620100,2026,mock,morale,80\n"
    assert {(p.line, p.key) for p in refused(con, scores).problems} == {(2, "score_imp_bad_score"),
                                                                         (3, "score_imp_bad_component")}
    quest = ("area_code,round,survey_date,question_code,group_code,sample_size,n_positive\n"
             "620100,R9,2027-01-05,sat_traffic,aliens,100,120\n")
    assert {p.key for p in refused(con, quest).problems} == {"score_imp_future_date", "score_imp_unknown_group",
                                                             "score_imp_positive_over_sample"}
    assert refused(con, "foo,bar\n1,2\n").key == "score_imp_unknown_layout"
    assert refused(con, "whatever", name="r.pdf").key == "import_bad_type"
    con.close()


def test_cli_import_dry_run_and_refusal(demo_db_path, tmp_path):
    good = tmp_path / "scores.csv"
    good.write_text("area_code,year,kind,component,score\n420100,2025,mock,field,83\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "cocreate", "assessment", "import", str(good), "--db", str(demo_db_path)]
    dry = subprocess.run(cmd + ["--dry-run"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert dry.returncode == 0 and "Check passed" in dry.stdout
    con = db.connect(demo_db_path, read_only=True)
    assert con.execute("SELECT count(*) FROM assessment_scores WHERE area_code = '420100' AND year = 2025").fetchone()[0] == 0
    con.close()
    assert subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("area_code,year,kind,component,score\n420100,2025,mock,field,300\n", encoding="utf-8")
    out = subprocess.run(cmd[:5] + [str(bad), "--db", str(demo_db_path)], cwd=REPO_ROOT, capture_output=True, text=True)
    assert out.returncode == 1 and "Line 2, column score" in out.stderr
