"""Words of the presentation mode and of the meeting deck (python -m cocreate deck)."""

STRINGS = {
    # deck: cover
    "pr_cover_title": ("国家荣誉称号创建工作进度", "Progress towards the national honorary titles"),
    "pr_cover_sub": ("创建动员会汇报材料", "Mobilisation meeting briefing"),
    "pr_cover_data": ("数据截至 {period}", "Figures up to {period}"),
    "pr_cover_made": ("生成日期 {date}（北京时间）", "Made on {date} (China time)"),
    "pr_cover_titles": ("创建称号：{titles}", "Titles pursued: {titles}"),
    # deck: summary
    "pr_summary_heading": ("各称号创建进度一览 · {area}", "Progress per title at a glance · {area}"),
    "pr_col_met": ("达标/总数", "Met / all"),
    "pr_col_days": ("距考核", "To inspection"),
    "pr_col_veto": ("否决项未达标", "Veto failing"),
    "pr_days": ("{days} 天", "{days} days"),
    "pr_days_past": ("已过 {days} 天", "{days} days past"),
    "pr_none": ("无", "none"),
    "pr_summary_note": ("状态：按最新值与考核日期前的趋势判定（见看板“方法说明”）。★ 否决项：不达标则该称号不能通过。",
                        "Status: from the latest value and the trend before the inspection date (see the dashboard's Method page). ★ veto item: failing it fails the title."),
    # deck: per title
    "pr_title_sub": ("达标 {met}/{n} 项 · 考核日期 {date} · {when}", "{met} of {n} met · inspection {date} · {when}"),
    "pr_worst_heading": ("最需关注的指标", "Indicators that need attention most"),
    "pr_all_met": ("全部指标已达标。", "Every indicator meets the standard."),
    "pr_fact_value": ("最新值 {value}（{period}）", "Latest {value} ({period})"),
    "pr_fact_threshold": ("标准 {threshold}", "Threshold {threshold}"),
    "pr_fact_projected": ("预计达标 {date}", "Projected to meet: {date}"),
    "pr_fact_gap": ("差距 {gap}", "Gap {gap}"),
    "pr_fact_gap_units": ("需新增 {units}", "Still needed: {units}"),
    "pr_fact_dept": ("牵头 {dept}", "Lead: {dept}"),
    "pr_more_behind": ("另有 {n} 项未达标，见看板“称号详情”。", "{n} more not yet met: see the dashboard's Title page."),
    # deck: closing
    "pr_behind_heading": ("落后的指标（跨称号）", "Indicators behind, across titles"),
    "pr_behind_heading_part": ("落后的指标（跨称号，{i}/{n}）", "Indicators behind, across titles ({i}/{n})"),
    "pr_col_titles": ("称号与标准", "Titles and thresholds"),
    "pr_col_needed": ("差距 / 需新增", "Gap / still needed"),
    "pr_no_behind": ("没有落后的指标。", "No indicator is behind."),
    "pr_behind_note": ("落后 = 退步、难以按期或需加快。一项指标服务多个称号时，按最严格的标准推进。",
                       "Behind = deteriorating, off track or needs acceleration. Where one indicator serves several titles, work to the strictest threshold."),
    # presentation page
    "pr_heading": ("演示模式", "Presentation"),
    "pr_prev": ("上一页", "Previous"),
    "pr_next": ("下一页", "Next"),
    "pr_counter": ("第 {i} / {n} 页", "Slide {i} of {n}"),
    "pr_keys": ("键盘 ← / → 翻页", "Keys ← / → turn the slides"),
    "pr_download": ("下载会议材料（PPTX）", "Download the deck (PPTX)"),
    "pr_matrix_words": ("{n} 个称号 · {k} 项指标 · 达标 {met} 项 · 落后 {behind} 项",
                        "{n} titles · {k} indicators · {met} met · {behind} behind"),
    "pr_worst_words": ("最需关注：{indicator}", "Needs attention most: {indicator}"),
    "pr_no_campaign": ("{area}未申报任何称号，没有可演示的内容。", "{area} campaigns for no title: there is nothing to present."),
    # errors
    "pr_title_not_campaigned": ("地区 {area} 未申报称号 {title}。", "Area {area} does not campaign for the title {title}."),
    "pr_write_failed": ("无法写入文件 {path}：{reason}", "Could not write the file {path}: {reason}"),
    "pr_deck_failed": ("无法生成会议材料：{reason}", "Could not build the deck: {reason}"),
}
