"""The three layouts of the assessment results upload (component scores, field results per point,
questionnaire answers per question and group), their keys and the words a file may use for kinds and
components. The rows' rules and the write are cocreate.assessment.intake."""
from __future__ import annotations

from cocreate.intake.reading import Column, Layout

_AREA = Column("area_code", "地区代码", ("city_code", "城市代码", "地区"), True)
_YEAR = Column("year", "年度", ("测评年度", "年份"), True)
_KIND = Column("kind", "类型", ("测评类型", "type"), True)
_SOURCE = Column("source", "来源", ("数据来源",))

SCORES = Layout("assessment_scores", (
    _AREA, _YEAR, _KIND,
    Column("component", "测评项目", ("项目", "组成部分"), True),
    Column("score", "得分", ("分数", "score_pct"), True),
    Column("assessed_on", "测评日期", ("日期",)),
    _SOURCE,
    Column("note", "备注", ("说明",)),
))
FIELD = Layout("field_results", (
    _AREA, _YEAR, _KIND,
    Column("district_code", "区县代码", ("区县", "所在区县"), True),
    Column("point_type", "点位类型", (), True),
    Column("point_name", "点位名称", ("点位",), True),
    Column("items_checked", "测评项数", ("检查项数", "checked"), True),
    Column("items_passed", "达标项数", ("合格项数", "passed"), True),
    Column("inspected_on", "测评日期", ("检查日期", "日期")),
    _SOURCE,
))
QUESTIONNAIRE = Layout("questionnaire_results", (
    _AREA,
    Column("round", "轮次", ("调查轮次",), True),
    Column("survey_date", "调查日期", ("日期",), True),
    Column("question_code", "题目代码", ("题目", "question"), True),
    Column("group_code", "群体代码", ("调查群体", "group"), True),
    Column("sample_size", "样本量", ("样本数", "n"), True),
    Column("n_positive", "肯定回答数", ("positive", "肯定数")),
    Column("rate_pct", "比率", ("率", "rate")),
    _SOURCE,
))
LAYOUTS = (FIELD, QUESTIONNAIRE, SCORES)   # most specific first: the first whose columns fit reads the file
KEYS = {"assessment_scores": ("area_code", "year", "kind", "component"),
        "field_results": ("area_code", "year", "kind", "district_code", "point_type", "point_name"),
        "questionnaire_results": ("area_code", "round", "question_code", "group_code")}
KIND_WORDS = {"actual": ("actual", "实际", "正式", "正式测评", "实测"), "mock": ("mock", "模拟", "模拟测评")}
COMPONENT_WORDS = {"material": ("material", "材料", "材料审核"), "field": ("field", "实地", "实地考察", "实地测评"),
                   "questionnaire": ("questionnaire", "问卷", "问卷调查")}
