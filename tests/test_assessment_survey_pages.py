"""AppTest (issue 18): the Civilized City page and the questionnaire page show one satisfaction number and
name its round, date and n; rates from other surveys name theirs."""
import pytest

from cocreate.present.i18n import t


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric(at, label):
    """The metric with this label (the title page adds the unit: "Latest value · %")."""
    return next(m for m in at.metric if m.label == label or m.label.startswith(label + " · "))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_questionnaire_page_says_its_rate_is_the_indicator_figure(app_test, lang):
    at = app_test("pages/questionnaire.py", lang=lang, area="620100")
    no_errors(at)
    # round 2026-R1: 2239 positive satisfaction answers of 2910 (970 respondents x 3 questions) = 76.94 %
    assert metric(at, t("quest_measure_satisfaction", lang)).value == "76.9%"
    infos = [i.value for i in at.info]
    tie = next(i for i in infos if "76.9" in i)
    name = "市民对文明城市创建工作满意率" if lang == "zh" else "Citizen satisfaction with the civilized-city campaign"
    assert name in tie and ("2026年" in tie if lang == "zh" else "2026 figure" in tie) and "970" in tie
    # the city's rates from other surveys, each with its survey's n (1000, 1200 and 800 in the demo)
    others = next(m.value for m in at.markdown if "n = 1,200" in m.value).splitlines()
    assert len(others) == 3
    sanitary = next(x for x in others if "92.3" in x)
    survey = "国家卫生城市群众满意度入户调查" if lang == "zh" else "Sanitary City household satisfaction survey"
    assert survey in sanitary and ("2026年3月18日" in sanitary if lang == "zh" else "18 Mar 2026" in sanitary)
    assert any("81.5" in x and "n = 1,000" in x for x in others) and any("86.4" in x and "n = 800" in x for x in others)


def test_an_earlier_round_of_the_year_says_which_round_is_the_figure(app_test):
    at = app_test("pages/questionnaire.py", lang="en", area="620100", quest_round="2025-R1")
    no_errors(at)
    # 2025-R1 (2140 / 2910 = 73.5 %) is not the 2025 figure: 2025-R2 is (2201 / 2910 = 75.6 %)
    line = next(i.value for i in at.info if "2025-R2" in i.value)
    assert "73.5%" in line and "75.6%" in line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_civilized_page_shows_the_same_number_and_names_the_round(app_test, lang):
    at = app_test("pages/title.py", lang=lang, area="620100", title="civilized", indicator="citizen_satisfaction_pct")
    no_errors(at)
    assert metric(at, t("col_value", lang)).value == "76.9"            # the questionnaire page's 76.9%, unit in the label
    cap = next(c.value for c in at.caption if "2026-R1" in c.value)
    assert "970" in cap and ("2026年6月10日" in cap if lang == "zh" else "10 Jun 2026" in cap)


def test_sanitary_page_names_its_own_survey(app_test):
    at = app_test("pages/title.py", lang="zh", area="620100", title="sanitary", indicator="sanitary_satisfaction_pct")
    no_errors(at)
    assert metric(at, t("col_value", "zh")).value == "92.3"
    cap = next(c.value for c in at.caption if "国家卫生城市群众满意度入户调查" in c.value)
    assert "2026年3月18日" in cap and "1,200" in cap
