"""Words of the honesty rules: not applicable, flags, threshold confidence, coverage, PNG stamps."""

STRINGS = {
    "status_not_applicable": ("不适用", "Not applicable"),
    "confidence_assumed": ("假定值", "assumed"),
    "col_flags": ("提示", "Flags"),
    "col_flags_help": ("状态词之外的提示：→ 停滞：最近三个数值没有向标准靠近；↓ 近期下滑：最新一期离标准更远，且变化大于通常的期间变化；⚑ 考核日已过：考核日期已过而仍未达标。",
                       "Beside the status word: → stalled: the last three values made no progress toward the threshold; ↓ recent drop: the latest value moved away from the threshold by more than the typical change between periods; ⚑ deadline passed: the inspection date has passed and the indicator is still short."),
    "col_confidence_help": ("标准值的可信度：✓ 已核对（在所引文本中读到）；? 待核实（地方文本、旧版或未确认）；◇ 规划值（取自规划）；△ 假定值（所读文本中没有，由本目录假定）。",
                            "How sure the threshold is: ✓ checked (read in the cited copy); ? to verify (provincial copy, older version or unconfirmed); ◇ plan figure (taken from a plan); △ assumed (not in the copies read: assumed by this catalog)."),
    "flag_stalled": ("停滞", "Stalled"),
    "flag_recent_drop": ("近期下滑", "Recent drop"),
    "flag_deadline_passed": ("考核日已过", "Deadline passed"),
    "flag_stalled_why": ("最近三个数值（{v3} → {v2} → {v1}）没有向标准 {thr} 靠近。",
                         "The last three values ({v3} → {v2} → {v1}) made no progress toward the threshold {thr}."),
    "flag_recent_drop_why": ("最新一期变化 {change}，离标准更远，且大于通常的期间变化 {typical}。",
                             "The latest change ({change}) moved away from the threshold by more than the typical change between periods ({typical})."),
    "flag_deadline_passed_why": ("考核日期 {date} 已过，该指标仍未达标。", "The inspection date {date} has passed and the indicator is still short."),
    "na_reason": ("不适用：{reason}", "Not applicable: {reason}"),
    "na_count": ("{n} 项不适用", "{n} not applicable"),
    "coverage_line": ("跟踪 {tracked} / 标准 {total} 项", "{tracked} of the standard's {total} indicators tracked"),
    "coverage_beyond": ("跟踪 {tracked} 项，多于标准的 {total} 项（含地方目标或后续要求）",
                        "{tracked} tracked, more than the standard's {total} (local targets or follow-up items included)"),
    "coverage_unknown": ("跟踪 {tracked} 项（标准总项数未核实）", "{tracked} indicators tracked (the standard's total not confirmed)"),
    "coverage_rated": ("达标 {met}/{n}（按评估的 {n} 项计）", "{met} of the {n} rated met"),
    "coverage_help": ("达标率只按本看板跟踪并评估的指标计算，不代表整个标准。标准总项数来源：{source}",
                      "The share met counts only the indicators this dashboard tracks and rates, not the whole standard. The standard's count: {source}"),
    "threshold_ref_heading": ("标准值出处", "Where the threshold comes from"),
    "threshold_ref": ("依据：{ref}", "Reference: {ref}"),
    "threshold_note": ("说明：{note}", "Note: {note}"),
    "threshold_version": ("标准版本：{version}", "Standard version: {version}"),
    "threshold_line_conf": ("标准 {value}（{confidence}）", "Threshold {value} ({confidence})"),
    "stamp_as_of": ("数据截至 {date}", "data as of {date}"),
    "stamp_source": ("来源：{sources}", "source: {sources}"),
    "stamp_demo": ("示例数据 / demo data", "示例数据 / demo data"),
    "src_illustrative": ("示例", "illustrative"),
    "src_source documents": ("创建文件", "source documents"),
    "src_2020 census": ("2020年人口普查", "2020 census"),
    "src_split": ("由全市数字拆分的示意值（{origin}）", "illustrative split of a city figure ({origin})"),
    "src_China City Statistical Yearbook": ("《中国城市统计年鉴》", "China City Statistical Yearbook"),
    "src_2020 census, city 60+ share 17.23%": ("2020年人口普查，全市60岁以上占比17.23%", "2020 census, city 60+ share 17.23%"),
    "src_store": ("本看板数据库", "this dashboard's database"),
    "src_published: environment bulletin": ("公开发布：环境状况公报", "published: environment bulletin"),
    "src_published: statistical yearbook": ("公开发布：统计年鉴", "published: statistical yearbook"),
    "card_flags": ("提示：{flags}", "Flags: {flags}"),
    "pr_of_standard": ("标准 {n} 项", "of {n} in standard"),
}
STRINGS.update({
    "method_flags_h": ("状态词之外的提示", "Flags beside the status"),
    "method_flags": (
        "提示是第二列，从不取代状态词：\n\n"
        "- → 停滞：最近三个数值没有向标准靠近（两次变化都没有朝标准方向）；\n"
        "- ↓ 近期下滑：最新一期离标准更远，且变化幅度大于通常的期间变化（各期变化绝对值的中位数）；\n"
        "- ⚑ 考核日已过：考核日期早于截至日期（未选择时为最新一期），而该指标仍未达标。\n\n"
        "多个提示以“;”连接（report 命令的 flags 列）。已达标或不适用的指标不加提示。",
        "Flags are a second column, never a replacement of the status word:\n\n"
        "- → stalled: the last three values made no progress toward the threshold (neither move went toward it);\n"
        "- ↓ recent drop: the latest value moved away from the threshold by more than the typical change between periods (the median absolute change);\n"
        "- ⚑ deadline passed: the inspection date lies before the as-of date (the latest period when none is chosen) and the indicator is still short.\n\n"
        "Several flags are joined with “;” (the report command's flags column). Met and not-applicable indicators carry none.",
    ),
    "method_counts_col": ("数量", "Count"),
    "method_counts_all": ("目录中共 {n} 个称号 × 指标标准值", "{n} title x indicator thresholds in the catalog"),
    "method_counts_list": ("逐项查看各标准值的可信度、依据与说明", "Each threshold with its confidence, reference and note"),
    "method_demo_h": ("演示数据说的是什么", "What the demo data is"),
    "method_demo": (
        "演示数据不是两座城市的当前统计。兰州的创建序列按今天的日历重演其 2016 年“五城联创”规划文件中的数字"
        "（如建成区绿化覆盖率 31.44%、绿地率 28.63%）；实际上兰州 2017 年已获国家园林城市称号，"
        "《中国城市统计年鉴》公布的兰州绿化覆盖率 2020 年为 40.03%。公开统计数据面板中的年鉴、公报和普查数是真实数据，"
        "不是同一序列的“另一种口径”，两者描述的不是同一时期，不应相互比较。"
        "由全市数字拆分到区县的数值，其来源一栏写明“拆分示意”。武汉的比率按 13 个行政区计算"
        "（2020 年常住人口 1093 万），不是全市 1233 万（另有功能区人口未划入任何区）。",
        "The demo data are not the two cities' current statistics. Lanzhou's campaign series re-enact the figures of "
        "its 2016 five-cities plan on today's calendar (built-up green coverage 31.44 %, green-space ratio 28.63 %); "
        "in fact Lanzhou became a National Garden City in 2017, and the China City Statistical Yearbook gives its green "
        "coverage as 40.03 % in 2020. The yearbook, bulletin and census figures in the published-statistics panel are real: "
        "they are not “a different statistical base” of the same series, they describe other years, and the two should not be compared. "
        "District values split from a city figure say so in their source (“illustrative split”). Wuhan's ratios are over its "
        "13 districts (10.93 million residents in 2020), not the 12.33 million of the whole city (functional zones belong to no district here).",
    ),
})
