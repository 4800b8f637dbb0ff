"""Words that name the standard a status is judged by (issue 18), on every page that shows a status."""

STRINGS = {
    "std_against": ("对照 {standard} {threshold}", "vs {standard} {threshold}"),
    "std_item": ("{against}（{confidence}）：{status} {gap}", "{against} ({confidence}): {status} {gap}"),
    "std_line": ("{against}：{status}", "{against}: {status}"),
    "std_col_status_here": ("{area}状态", "Status in {area}"),
    "std_kpi_gap": ("需新增（对照 {standard}）", "Still needed (vs {standard})"),
    "std_col_others_help": ("同一指标在其他称号或基准中的标准值与状态，与各自称号页所示相同。",
                            "The same indicator's threshold and status in the other titles or benchmarks, as each one's own page shows them."),
    "std_col_others": ("其他标准", "Other standards"),
    "std_col_against": ("对照 {standard}", "vs {standard}"),
    "std_others_heading": ("其他标准（{n}）", "Other standards ({n})"),
    "std_table_caption": ("状态均对照 {standard} 的标准值；同一指标在其他标准中的标准值与状态见“其他标准”列。",
                          "Every status is judged against the {standard} threshold; the same indicator's threshold and status in other standards are in the “Other standards” column."),
    "std_services_caption": ("每格状态对照 {standard}（列名中的值）；所申报称号对同一指标的标准与状态见下方单项。",
                             "Each cell's status is judged against {standard} (the value in the column name); the thresholds and statuses of the titles campaigned for are under the single metric below."),
    "std_standards_heading": ("{indicator}：对照的标准", "{indicator}: the standards it is judged by"),
}
