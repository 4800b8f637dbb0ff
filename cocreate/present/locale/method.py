"""Texts of the Method page."""

STRINGS = {
    "glossary_heading": ("术语表：每个数字只有一个定义", "Glossary: one definition per fact"),
    "glossary_note": ("页面、周通报、汇报材料和命令行显示的同一事实都按下表的同一定义、由同一函数或查询计算。",
                      "Every fact that pages, the weekly notice, the deck and the commands show is worked out by the one definition and the one function or query below."),
    "glossary_col_fact": ("事实", "Fact"),
    "glossary_col_definition": ("定义", "Definition"),
    "glossary_col_computed_by": ("计算位置", "Computed by"),
    "method_intro": (
        "每项指标给出一个状态词和一个颜色，并与该称号的考核日期比较：按当前趋势，何时能够达到标准。方法参照联合国可持续发展目标进展评估（Open SDG）和 SDSN 仪表板，并按考核期限调整。",
        "Each indicator gets one status word and one colour, compared with the title's inspection date: at the current trend, when will it reach the standard? The method follows Open SDG's progress measure and the SDSN dashboards, adapted to a deadline.",
    ),
    "method_met_h": ("达标", "Met"),
    "method_met": (
        "最新一个完整期的数值满足标准即为达标：越高越好的指标 ≥ 标准值，越低越好的指标 ≤ 标准值，是/否类指标为“是”；没有数值即不达标。"
        "“达标”只有这一个定义，称号详情、公共服务、区县排名、地图、报告和简报都用它判定，读的是同一个数值。"
        "一项指标可同时服务几个称号或基准，各有标准值：每个状态都注明所对照的标准（如“对照 全国文明城市 ≥ 1.20”），同一指标的其他标准及其状态并列显示，取自各称号自己的评估结果。",
        "The latest value of a complete period satisfies the threshold: at or above it for higher-is-better indicators, at or below it for lower-is-better ones, and “yes” for yes/no items; no value is not met. "
        "This is the one definition of met: the title, public-service, district-ranking and map pages, the report and the deck all decide it this way, from the same figure. "
        "One indicator may serve several titles or benchmarks, each with its own threshold: every status names the standard it is judged by (“vs National Civilized City ≥ 1.20”), and the same indicator's other standards are shown beside it with their statuses, taken from each title's own rating.",
    ),
    "method_pace_h": ("未达标时：比较实际速度与所需速度", "Not met: observed pace against required pace"),
    "method_pace": (
        "基期值：创建启动日当天或之前最近的一个值（没有则取第一个值）。\n\n"
        "- 实际速度 = 从基期到最新一期各值的最小二乘斜率（每年）；\n"
        "- 所需速度 =（标准值 − 基期值）÷ 从基期到考核日的年数；\n"
        "- R = 实际速度 ÷ 所需速度。",
        "Baseline: the value at or just before the campaign start (the first value if there is none).\n\n"
        "- observed pace = least-squares slope, per year, of the values from the baseline to the latest;\n"
        "- required pace = (threshold − baseline) ÷ years from the baseline to the inspection date;\n"
        "- R = observed ÷ required.",
    ),
    "method_cutoffs_h": ("状态划分", "Cut-offs"),
    "method_cutoffs": (
        "| 状态 | 条件 |\n|---|---|\n"
        "| ✔ 达标 | 最新值满足标准 |\n"
        "| ↗ 按期可达 | R ≥ 0.95，且预计达标日期不晚于考核日后一个月 |\n"
        "| ⚠ 需加快 | 0.6 ≤ R < 0.95；或 R ≥ 0.95 但预计达标日期晚于考核日一个月以上 |\n"
        "| ✖ 难以按期 | 0 ≤ R < 0.6 |\n"
        "| ↘ 退步 | R < 0；或基期已达标而最新值不达标（失去了已有成果） |\n"
        "| ? 数据不足 | 少于 2 个数值 |\n"
        "| – 不适用 | 该指标对本市不适用（如武汉没有集中供热），列于 data/catalog/not_applicable.csv 并注明理由；不计入任何数量和达标率 |",
        "| Status | Rule |\n|---|---|\n"
        "| ✔ Met | the latest value satisfies the threshold |\n"
        "| ↗ On track | R ≥ 0.95 and the projected date no later than one month after the inspection |\n"
        "| ⚠ Needs acceleration | 0.6 ≤ R < 0.95; or R ≥ 0.95 with a projected date more than a month after the inspection |\n"
        "| ✖ Off track | 0 ≤ R < 0.6 |\n"
        "| ↘ Deteriorating | R < 0; or the baseline met the threshold and the latest value does not (ground lost) |\n"
        "| ? Insufficient data | fewer than 2 values |\n"
        "| – Not applicable | the indicator does not apply to this city (Wuhan has no district heating), listed in data/catalog/not_applicable.csv with its reason; left out of every count and share |",
    ),
    "method_projection_h": ("预计达标日期与每月需提升", "Projected date and pace now needed"),
    "method_projection": (
        "预计达标日期：最小二乘趋势线与标准线相交的日期，但不早于最新一期的下一个月（仍未达标的数值不会被说成“过去已达标”）；趋势背离标准时显示“按当前趋势无法达标”。"
        "月度数据无法把相交时间定得比一个月更准，所以“按期可达”要求预计日期不晚于考核日后一个月；“按期可达”一词绝不会与晚于考核日的预计日期并列。"
        "每月需提升：从最新值到考核日，每月需要提升（或降低）多少才能按期达标。",
        "Projected date: when the least-squares line crosses the threshold, but never before the month after the latest period (a value still short is not “projected to meet” in the past); “not at the current trend” when it moves away. "
        "Monthly data cannot place a crossing closer than a month, so “on track” needs a projected date no later than a month after the inspection: the word never sits beside a date that says otherwise. "
        "Pace now needed: how much the indicator must move each month from its latest value to make the inspection date.",
    ),
    "method_linear_h": ("为什么用线性趋势", "Why a linear trend"),
    "method_linear": (
        "许多指标是接近上限的比例（如覆盖率、处理率），复合增长率在接近上限或接近零时会失真，因此采用线性趋势。",
        "Many indicators are shares that approach a ceiling (coverage, treatment rates); compound growth misbehaves near a ceiling and near zero, so the trend is linear.",
    ),
    "method_units_h": ("以实物量表示的差距", "Gaps in real units"),
    "method_units": (
        "比率类指标同时给出实物量差距：在当前人口（或面积）下还需新增多少，例如“+37 座公厕”“+1,368 公顷绿化覆盖面积”。"
        "对“每个中心服务人口”这类指标，差距以需新增的设施数表示。",
        "Ratio indicators also show the gap in real units at the current population (or area): “+37 public toilets”, “+1,368 ha of green cover”. "
        "For “residents per centre” the gap is the number of centres still needed.",
    ),
    "method_rollup_h": ("区县如何汇总到全市", "How districts roll up to the city"),
    "method_rollup": (
        "比率一律由原始计数计算：全市“每千名老人养老床位数” = 各区县床位数之和 ÷ 各区县老年人口之和 × 1000，绝不是各区县比率的平均值。"
        "计数类指标相加；满意率等按人口加权平均；空气质量等只有全市数据。某一期有区县未报送时，该期全市值标为不完整，不参与评估。",
        "Ratios are always computed from raw counts: the city's “beds per 1,000 elderly” is the sum of the districts' beds ÷ the sum of their elderly × 1,000, never a mean of district ratios. "
        "Counts add up; satisfaction rates are population-weighted means; air quality and similar items exist for the city only. A period in which some districts have not reported is marked incomplete and left out of the rating.",
    ),
    "method_title_h": ("称号汇总与否决项", "Title roll-up and veto items"),
    "method_title": (
        "每个称号显示达标指标的比例和各状态的数量。否决项（一票否决）未达标时，无论达标比例多高，该称号都显示为不能通过。"
        "达标率只是本看板跟踪并评估的指标中的比例，不是整个标准：页面总是同时写明“跟踪 11 / 标准 75 项”（标准总项数见 titles.csv 的 indicators_in_standard 及其来源）。",
        "Each title shows the share of indicators met and the count per status. A title with a failing veto item (one-vote veto) is shown as failing, whatever its share. "
        "The share met is a share of the indicators this dashboard tracks and rates, not of the whole standard: the page always says so (“11 of the standard's 75 indicators tracked”; the standard's count is titles.csv's indicators_in_standard, with its source).",
    ),
    "method_thresholds_h": ("标准值的可信度", "How sure each threshold is"),
    "method_thresholds": (
        "标准值并非都取自现行国家标准文本。每个标准值注明可信度：✓ 已核对 = 在所引文本（可能是旧版或转引）中读到；? 待核实 = 来自地方文本、旧版标准或未经确认；◇ 规划值 = 取自规划文件（国家或本市），不是标准本身；△ 假定值 = 所读文本中没有，由本目录假定。使用前请对照现行官方文本核实。各类数量如下（由目录计算）：",
        "Not every threshold comes from the current national standard. Each carries its confidence: ✓ checked = read in the cited copy (which may be an older version or a secondary source); ? to verify = a provincial copy, an older version or unconfirmed; ◇ plan figure = taken from a plan (national or the city's own), not from the standard; △ assumed = not in the copies read, assumed by this catalog. Check them against the current official text before relying on them. The counts (computed from the catalog):",
    ),
    "method_dates_h": ("日期与数据", "Dates and data"),
    "method_dates": (
        "“今天”和所有日期均为北京时间。每个期间以当月第一天表示（季度取首月，年度取一月）。演示数据中除注明来源者外均为示意数值。",
        "“Today” and every date are China time. A period is stored as the first day of its month (a quarter as its first month, a year as its January). In the demo data, figures without a named source are illustrative.",
    ),
    "method_example_h": ("示例", "Worked example"),
    "method_example": (
        "基期值 30，标准 36，基期到考核日 3 年：所需速度 = 2/年。实际速度 1.5/年，R = 0.75 → 需加快。",
        "Baseline 30, threshold 36, 3 years from baseline to inspection: required pace = 2 a year. Observed pace 1.5 a year, R = 0.75 → needs acceleration.",
    ),
}
