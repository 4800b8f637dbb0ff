"""Questionnaire answers tied to an indicator ARE its figure for the period (issue 18): the import writes
them through the observation path (history kept, figures refreshed, all or nothing), and on the demo
the Civilized City page and the questionnaire page show one number."""
import datetime as dt

import pandas as pd
import pytest

from cocreate.assessment import questionnaire as qn
from cocreate.assessment import survey_figures as sf
from cocreate.assessment.intake import import_results
from cocreate.present.upload_words import results_summary
from cocreate.errors import CocreateError, ImportRejected
from cocreate.method.progress import title_progress
from cocreate.store import db

TODAY = dt.date(2026, 12, 1)
SAT = "citizen_satisfaction_pct"

# Lanzhou, round 2026-R2 on 2026-11-20, the three satisfaction questions (tied to SAT) for two groups,
# plus one awareness question (not tied: it must not count).
#   positives 320 + 170 + 300 + 150 + 340 + 180 = 1460, answers 3 x (400 + 200) = 1800
#   -> 1460 / 1800 = 81.111... %, respondents 600 (each question asked of 400 + 200 people)
ROUND_2026_R2 = ("area_code,round,survey_date,question_code,group_code,sample_size,n_positive\n"
                 "620100,2026-R2,2026-11-20,sat_environment,residents,400,320\n"
                 "620100,2026-R2,2026-11-20,sat_environment,students,200,170\n"
                 "620100,2026-R2,2026-11-20,sat_traffic,residents,400,300\n"
                 "620100,2026-R2,2026-11-20,sat_traffic,students,200,150\n"
                 "620100,2026-R2,2026-11-20,sat_services,residents,400,340\n"
                 "620100,2026-R2,2026-11-20,sat_services,students,200,180\n"
                 "620100,2026-R2,2026-11-20,aware_campaign,residents,400,360\n")
# The demo's 2026 figure is round 2026-R1's: 2239 positive of 2910 answers = 76.9416 %.
DEMO_2026 = 100 * 2239 / 2910
# The demo's 2025 figure is the later of the year's two rounds, 2025-R2: 2201 / 2910 = 75.6357 %.
DEMO_2025 = 100 * 2201 / 2910


def sat_row(con, area="620100"):
    rated = title_progress(con, area, "civilized")
    return rated[(rated["area_code"] == area) & (rated["indicator_code"] == SAT)].iloc[0]


def counts(con):
    return {t: con.execute("SELECT count(*) FROM " + db.quote_ident(t)).fetchone()[0]
            for t in ("observations", "observation_history", "import_batches", "figures", "questionnaire_results",
                      "assessment_batches")}


def test_period_of_follows_the_indicator_frequency():
    assert sf.period_of("2026-06-10", "year") == pd.Timestamp("2026-01-01")
    assert sf.period_of("2026-06-10", "quarter") == pd.Timestamp("2026-04-01")   # Q2 starts in April
    assert sf.period_of("2026-06-10", "month") == pd.Timestamp("2026-06-01")


def test_survey_figures_pools_and_keeps_the_latest_round_of_a_period():
    rounds = pd.DataFrame({
        "area_code": ["620100"] * 3, "indicator_code": [SAT] * 3, "frequency": ["year"] * 3,
        "round": ["2025-R1", "2025-R2", "2026-R1"], "survey_date": ["2025-05-20", "2025-10-15", "2026-06-10"],
        "aggregation": ["city_only"] * 3, "answers": [300, 600, 900], "n_positive": [210, 450, 720],
        "respondents": [100, 200, 300], "n_questions": [3] * 3,
        "source": ["s", None, "s"]})
    f = sf.survey_figures(rounds)
    assert f["period"].tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01")]
    assert f["round"].tolist() == ["2025-R2", "2026-R1"]        # 2025: October's round, not May's
    assert f["value"].tolist() == pytest.approx([75.0, 80.0])   # 450/600, 720/900
    assert f["source"].tolist() == ["questionnaire", "s"]        # no source named -> "questionnaire"
    assert f["note"].iloc[1] == "问卷调查 questionnaire 2026-R1 · 2026-06-10 · n=300"


def test_import_makes_the_result_the_indicator_figure_with_history(demo_db_path):
    con = db.connect(demo_db_path)
    before = sat_row(con)
    assert before["latest_value"] == pytest.approx(DEMO_2026)
    res = import_results(con, ROUND_2026_R2.encode(), "问卷2026-R2.csv", user="clerk1", today=TODAY)
    assert (res.kind, res.rows) == ("questionnaire_results", 7)
    assert (res.figures.rows_accepted, res.figures.rows_replaced) == (1, 1)
    after = sat_row(con)                                       # read back as the title page reads it
    assert after["latest_period"] == pd.Timestamp("2026-01-01")
    assert after["latest_value"] == pytest.approx(100 * 1460 / 1800)   # 81.111 %
    hist = con.execute("SELECT old_value, new_value, replaced_by_batch FROM observation_history "
                       "WHERE indicator_code = ? AND area_code = '620100' AND period = DATE '2026-01-01'",
                       [SAT]).fetchall()
    assert len(hist) == 1
    assert hist[0][0] == pytest.approx(DEMO_2026) and hist[0][1] == pytest.approx(81.1111, abs=1e-4)
    batch = con.execute("SELECT file_name, user_name, rows_accepted, rows_replaced FROM import_batches "
                        "WHERE batch_id = ?", [hist[0][2]]).fetchone()
    assert batch == ("问卷2026-R2.csv", "clerk1", 1, 1)
    note = con.execute("SELECT note FROM observations WHERE indicator_code = ? AND area_code = '620100' "
                       "AND period = DATE '2026-01-01'", [SAT]).fetchone()[0]
    assert note == "问卷调查 questionnaire 2026-R2 · 2026-11-20 · n=600"
    # the questionnaire page's rate for the round is the same number
    m = qn.measure_rates(db.run(con, "questionnaire_results", area="620100")).set_index(["round", "measure"])
    assert m.loc[("2026-R2", "satisfaction"), "rate_pct"] == pytest.approx(after["latest_value"])
    con.close()


def test_an_earlier_round_of_the_period_leaves_the_later_rounds_figure(demo_db_path):
    con = db.connect(demo_db_path)
    early = ("area_code,round,survey_date,question_code,group_code,sample_size,n_positive\n"
             "620100,2025-R1,2025-05-20,sat_traffic,residents,400,100\n")
    res = import_results(con, early.encode(), "r1.csv", today=TODAY)
    assert res.figures.rows_unchanged == 1                        # 2025's figure is still 2025-R2's
    assert res.figures.batch_id is None                            # nothing changed: no figures batch
    assert "没有变化" in results_summary(res, "zh")
    rated = title_progress(con, "620100", "civilized", as_of=dt.date(2025, 12, 31))
    row = rated[(rated["area_code"] == "620100") & (rated["indicator_code"] == SAT)].iloc[0]
    assert row["latest_value"] == pytest.approx(DEMO_2025)
    con.close()


def test_a_rejected_file_changes_nothing(demo_db_path):
    con = db.connect(demo_db_path)
    before = counts(con)
    bad = ROUND_2026_R2 + "620100,2026-R2,2026-11-20,sat_traffic,aliens,10,5\n"   # unknown group
    with pytest.raises(ImportRejected):
        import_results(con, bad.encode(), "bad.csv", today=TODAY)
    assert counts(con) == before
    assert sat_row(con)["latest_value"] == pytest.approx(DEMO_2026)
    con.close()


def test_a_failed_figure_write_rolls_back_the_answers_too(demo_db_path, monkeypatch):
    con = db.connect(demo_db_path)
    before = counts(con)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(sf, "write_figures", broken)
    with pytest.raises(CocreateError) as exc:
        import_results(con, ROUND_2026_R2.encode(), "q.csv", today=TODAY)
    assert exc.value.key == "score_imp_write_failed"
    assert counts(con) == before                                  # answers and figures: all or nothing
    con.close()


def test_demo_title_page_and_questionnaire_page_show_one_number(demo_con):
    # Lanzhou 2026: the civilized page's satisfaction is round 2026-R1's satisfaction rate,
    # 2239 positive of 2910 answers (970 respondents x 3 questions) = 76.94 %, shown 76.9 on both.
    row = sat_row(demo_con)
    assert row["latest_period"] == pd.Timestamp("2026-01-01")
    assert row["latest_value"] == pytest.approx(76.9416, abs=1e-4)
    m = qn.measure_rates(db.run(demo_con, "questionnaire_results", area="620100")).set_index(["round", "measure"])
    assert m.loc[("2026-R1", "satisfaction"), "rate_pct"] == pytest.approx(76.9416, abs=1e-4)
    # Wuhan: one round (2025-R1), 1118 of 1455 = 76.84 %, and no demo figure after it
    wh = sat_row(demo_con, "420100")
    assert wh["latest_period"] == pd.Timestamp("2025-01-01")
    assert wh["latest_value"] == pytest.approx(76.8385, abs=1e-4)
    # the demo series before the first survey stays (2024: 74.8); the surveyed years come from the answers
    v2024 = demo_con.execute("SELECT value FROM observations WHERE indicator_code = ? AND area_code = '620100' "
                             "AND period = DATE '2024-01-01'", [SAT]).fetchone()[0]
    assert v2024 == pytest.approx(74.8)


def test_a_question_tied_to_a_district_indicator_is_refused_and_nothing_changes(demo_db_path):
    con = db.connect(demo_db_path)
    # registered_volunteers_pct rolls up from the districts (ratio_of_sums): a city survey cannot be its figure
    con.execute("UPDATE questionnaire_questions SET indicator_code = 'registered_volunteers_pct' "
                "WHERE code = 'part_volunteer'")
    before = counts(con)
    quest = ("area_code,round,survey_date,question_code,group_code,sample_size,n_positive\n"
             "620100,2026-R2,2026-11-20,part_volunteer,residents,400,250\n")
    with pytest.raises(CocreateError) as exc:
        import_results(con, quest.encode(), "q.csv", today=TODAY)
    assert exc.value.key == "survey_fig_not_city_only"
    assert counts(con) == before
    con.close()
