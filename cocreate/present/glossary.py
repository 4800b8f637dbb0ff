"""The glossary of facts (DESIGN.md "One truth"): each fact a page, document or command shows, its
definition in both languages, and the one function or query file that computes it. The Method page
shows this table; CONVENTIONS.md holds the same table (`python -m cocreate.present.glossary` prints
it, and a test fails when the two differ); a test checks every `computed_by` exists."""
from __future__ import annotations

from typing import NamedTuple


class Fact(NamedTuple):
    code: str
    term_zh: str
    term_en: str
    definition_zh: str
    definition_en: str
    computed_by: str        # module.function, or queries/<name>.sql


FACTS: tuple[Fact, ...] = (
    Fact("as_of", "截至日期、数据期", "As-of date, data period",
         "全站同一截至日期，默认今天（北京时间）。指标取该日及以前的最新数据期；问题整改取该日及以前最近的完整周、月、季；"
         "任务取其在该日的状态。每页写明其数字所属的数据期。",
         "One as-of date for the whole product, today (China time) by default. Indicators show the latest "
         "period on or before it; problems the latest full week, month or quarter on or before it; tasks their "
         "state on it. Every page states the period its numbers are for.",
         "webui.common.sidebar"),
    Fact("met", "达标", "Met",
         "指标最新值满足所对照标准的标准值（越高越好：≥；越低越好：≤；是/否类：为“是”）。"
         "状态总是写明对照的标准（如“对照 全国文明城市 ≥ 1.20”）；同一指标服务多个标准时，对每个标准各判一次。",
         "The indicator's latest value satisfies the threshold of the standard it is judged by (higher is better: "
         "at or above; lower is better: at or below; yes/no: yes). A status always names its standard "
         "(\"vs National Civilized City ≥ 1.20\"); an indicator serving several standards is judged against each.",
         "cocreate.method.status.is_met"),
    Fact("standard", "对照标准", "Standard judged by",
         "每个状态写明所对照的标准及其标准值；同一指标的其他标准（其他称号、国家公共服务基准）及各自状态一键可见，取自各称号自己的评定结果，不重新计算。",
         "Every status names the standard and threshold it is judged by; the indicator's other standards (other "
         "titles, the national public-service benchmarks) with their statuses are one click away, taken from each "
         "title's own ratings, never worked out again.",
         "cocreate.method.standards.standards_for"),
    Fact("status", "状态词", "Status word",
         "达标、按期可达、需加快、难以按期、退步、数据不足、不适用：按“方法说明”的固定规则，由基期以来的实际速度与所需速度之比 R 和预计达标日期决定。",
         "Met, on track, needs acceleration, off track, deteriorating, insufficient data, not applicable: fixed "
         "by the method (the ratio R of observed to required pace since the baseline, and the projected date).",
         "cocreate.method.status.rate"),
    Fact("behind", "落后", "Behind",
         "称号 × 指标的评定为退步、难以按期或需加快（只计本市申报的称号，公共服务对标另计）；一项指标在两个称号中落后计两次。",
         "A title x indicator rating that is deteriorating, off track or needs acceleration (titles the city "
         "campaigns for; public-service benchmarks apart); an indicator behind in two titles counts twice.",
         "cocreate.method.progress.behind_ratings"),
    Fact("share_met", "达标率（称号）", "Share met (title)",
         "达标项数 ÷ 已评定项数（不适用项不计）；覆盖率另行写明：跟踪项数 / 标准总项数。否决项未达标的称号整体不合格。",
         "Indicators met over indicators rated (not-applicable left out); coverage stated beside it: tracked "
         "of the standard's items. A title with a failing veto item fails whatever its share.",
         "cocreate.method.status.title_rollup"),
    Fact("gap_units", "差距（实物量）", "Gap in real units",
         "按当前人口等分母，把比率指标的差距折算为实物数量（如“+6 辆”）。",
         "A ratio indicator's gap turned into real units at the current denominator (\"+6 vehicles\").",
         "cocreate.method.status.gap_in_units"),
    Fact("overdue_problem", "逾期未改", "Overdue (problem)",
         "某日结束时：该日或以前发现、到该日结束仍未整改（整改或复核日期不晚于该日才算已改）、整改时限不晚于该日的问题。"
         "卡片、排名表、督办列表、周通报和 problems report 都按此规则。",
         "At the end of a day: a problem found on or before it, not put right by then (rectified or verified "
         "with a date on or before it) and whose deadline is on or before it. The card, the ranking table, the "
         "escalation list, the weekly notice and `problems report` all count by this rule.",
         "cocreate.problems.report.overdue_open"),
    Fact("rectification_rate", "整改率、按时整改率", "Rectification rate, on-time rate",
         "本期应改（时限在期末或以前、期初前未关闭）中，期末前已整改的比例；按时 = 不晚于时限整改。",
         "Of the problems due in the period (deadline by its end, not closed before it began), the share put "
         "right by its end; on time = on or before the deadline.",
         "cocreate.problems.report.unit_report"),
    Fact("red_black", "红榜 / 黑榜", "Red list / black list",
         "仅用于问题整改排名：全部责任单位一起按整改率、按时率、逾期数排名（并列同名次），前 3 名 / 后 3 名（参排单位少于 7 个时各 1 名），并列者一并列入。"
         "周通报按单位类别（区县、市直部门）分表列出同一排名，名次和榜单不变。",
         "The rectification ranking's words only: all responsible units ranked together by rectification rate, "
         "on-time rate, overdue count (ties share a rank); the top 3 / bottom 3 (1 each with fewer than 7 ranked "
         "units), ties included. The weekly notice shows the same ranking in a table per kind of unit "
         "(districts, city departments), ranks and lists unchanged.",
         "cocreate.problems.report.rank_units"),
    Fact("escalation", "督办 / 约谈", "Supervision / summons",
         "逾期未改的问题按逾期天数升级（天数门槛见目录 escalation_levels）。",
         "Overdue problems escalate by days overdue (thresholds in the catalog's escalation_levels).",
         "cocreate.problems.report.escalation"),
    Fact("district_ranking", "区县指标排名（领先 / 靠后）", "District indicator ranking (leading / trailing)",
         "各区县按所参与称号指标的达标情况排名；用“领先 / 靠后”，不用红榜 / 黑榜。",
         "Districts ranked on the indicators of the titles; its words are leading / trailing, never red or "
         "black list.",
         "cocreate.method.rankings.leading_trailing"),
    Fact("task_overdue", "任务逾期", "Task overdue",
         "截至日期时尚未销号、且完成时限早于截至日期的任务。",
         "A task not closed on the as-of date whose due date is before it.",
         "cocreate.campaign.timeline.derive_status"),
    Fact("task_closed_unmet", "已销号，指标仍未达标", "Closed, indicator still not met",
         "任务已销号，但其所列指标在该任务的称号下仍未达标（不适用项除外）。",
         "A task closed while an indicator it names is still not met for its title (not-applicable apart).",
         "cocreate.campaign.task_flags.flag_tasks"),
    Fact("satisfaction", "群众满意率等问卷指标", "Satisfaction and other survey indicators",
         "问卷题目测量某项指标时（目录 questionnaire_questions.indicator_code），该轮关联题目的肯定回答合计 ÷ 有效回答合计即为该指标当期（调查日期所在期）的数值，"
         "经指标导入路径写入并保留历史；两页显示同一个数。来自其他调查的比率，两页都写明调查名称、日期和样本量。",
         "Where a questionnaire question measures an indicator (catalog questionnaire_questions.indicator_code), "
         "the round's positive answers over valid answers to its linked questions is that indicator's figure for "
         "the period of the survey date, written through the observation path with history: both pages show one "
         "number. A rate from another survey is shown with that survey's name, date and n on both pages.",
         "cocreate.assessment.survey_figures.survey_figures"),
    Fact("figure_sources", "数据来源（指标值）", "A figure's sources",
         "算出该数所用各条观测值的来源，去重、排序（按字节序），以“; ”连接；来源为空的观测值记为 unknown。"
         "普通值取其观测值的来源；比率取分子与所用分母（该数据期当时最新的分母）的来源；"
         "全市汇总取各区县该数来源的并集（拆开、合并、排序、连接）。写入数据时算好存入 figures.source。",
         "The distinct sources of the observations the figure is worked out from, sorted (byte order) and "
         "joined with '; ' (an observation without a source counts as 'unknown'): a value its observation's; "
         "a ratio its numerator's and the denominator's it reads (the latest as of the period); a city "
         "roll-up the union of its districts' figures' sources (split, united, sorted, joined). Worked out "
         "when observations change and kept in figures.source.",
         "cocreate.store.figures.refresh_figures"),
    Fact("demo", "演示数据", "Demo data",
         "示意数据在每页、每份导出中注明；横幅只说所显示城市的情况（该市示意数值个数及其目录说明）。",
         "Illustrative figures are said so on every page and export; the banner tells only what is true of the "
         "city shown (its count of illustrative values and its catalog note).",
         "cocreate.present.honesty.demo_text"),
)


def markdown_table() -> str:
    """The glossary as the Markdown table CONVENTIONS.md holds."""
    lines = ["| fact | 中文 | English | computed by |", "|---|---|---|---|"]
    for f in FACTS:
        lines.append(f"| **{f.term_zh}** / {f.term_en} | {f.definition_zh} | {f.definition_en} | `{f.computed_by}` |")
    return "\n".join(lines)


START, END = "<!-- glossary:start -->", "<!-- glossary:end -->"


def write_into(path) -> None:
    """Replace the table between the glossary markers of a Markdown file (CONVENTIONS.md)."""
    from pathlib import Path
    text = Path(path).read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    Path(path).write_text(f"{head}{START}\n{markdown_table()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":  # python -m cocreate.present.glossary [--write CONVENTIONS.md]
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        write_into(sys.argv[2])
    else:
        print(markdown_table())
