"""Every word the product shows, in both languages, and number/date formats. One place."""
from __future__ import annotations

import datetime as dt
import math

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

# key -> (中文, English). Pages and the core read from here only.
STRINGS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("创建工作进度看板", "Co-creation progress dashboard"),
    "app_tagline": ("国家荣誉称号创建：每项指标离标准还有多远", "National honorary titles: how far each indicator is from the standard"),
    "nav_overview": ("总览", "Overview"),
    "nav_title": ("称号详情", "Title in depth"),
    "nav_explorer": ("指标查询", "Indicator explorer"),
    "nav_method": ("方法说明", "Method"),
    "nav_services": ("公共服务", "Public services"),
    "nav_rankings": ("区县排名", "District rankings"),
    "nav_map": ("地图", "Map"),
    "nav_timeline": ("创建日程", "Campaign timeline"),
    "nav_tasks": ("任务清单", "Task board"),
    "nav_data": ("数据管理", "Data"),
    "nav_present": ("演示模式", "Presentation"),
    "group_progress": ("创建进度", "Progress"),
    "group_districts": ("公共服务与区县", "Services and districts"),
    "group_campaign": ("创建日程", "Campaign"),
    "group_data": ("数据与方法", "Data and method"),
    "language": ("语言 / Language", "Language / 语言"),
    "area": ("地区", "Area"),
    "as_of": ("截至日期", "As of"),
    "as_of_help": ("全站同一截至日期（默认今天，北京时间）：指标取该日及以前的最新数据期，问题整改取该日及以前最近的完整周、月、季，任务取其在该日的状态",
                   "One as-of date for the whole product (today, China time, by default): indicators show the latest period on or before it, problems the latest full week, month or quarter on or before it, tasks their state on it"),
    "table_rows_scroll": ("共 {n} 行，表内显示约 {shown} 行，其余请在表内滚动查看或下载 CSV。",
                          "{n} rows in all; about {shown} show at once: scroll inside the table or download the CSV."),
    "as_of_data_period": ("指标数据期：{period}", "Indicator figures for: {period}"),
    "title": ("称号", "Title"),
    "indicator": ("指标", "Indicator"),
    "indicators": ("指标", "Indicators"),
    "demo_banner": ("演示数据：{area}的数值除注明来源者外均为示意数据（{n_demo} / {n_total} 个数值），不代表官方统计。{note}",
                    "Demo data: except where a source is named, {area}'s figures are illustrative ({n_demo} of {n_total} values), not official statistics. {note}"),
    "today": ("今天", "Today"),
    "data_version": ("数据版本", "Data version"),
    # statuses (fixed words of the method)
    "status_met": ("达标", "Met"),
    "status_on_track": ("按期可达", "On track"),
    "status_needs_acceleration": ("需加快", "Needs acceleration"),
    "status_off_track": ("难以按期", "Off track"),
    "status_deteriorating": ("退步", "Deteriorating"),
    "status_insufficient_data": ("数据不足", "Insufficient data"),
    "verdict_veto_failing": ("否决项未达标", "Veto item failing"),
    "verdict_all_met": ("全部达标", "All met"),
    "verdict_in_progress": ("创建中", "In progress"),
    "direction_up": ("越高越好", "higher is better"),
    "direction_down": ("越低越好", "lower is better"),
    "direction_yes_no": ("是/否", "yes / no"),
    "confidence_seen": ("已核对", "checked"),
    "confidence_uncertain": ("待核实", "to verify"),
    "confidence_plan": ("规划值", "plan figure"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    # overview
    "overview_heading": ("{area}：各称号创建进度", "{area}: progress towards each title"),
    "card_met": ("达标 {met}/{n} 项", "{met} of {n} met"),
    "card_days": ("距考核 {days} 天", "{days} days to inspection"),
    "card_days_past": ("考核日已过 {days} 天", "inspection passed {days} days ago"),
    "card_deadline": ("考核日期 {date}", "Inspection {date}"),
    "card_veto": ("否决项未达标 {n} 项", "{n} veto item(s) failing"),
    "card_leader": ("龙头", "Leader"),
    "leader_note": ("全国文明城市为龙头，其余称号协同创建。", "The National Civilized City is the leader; the other titles are pursued together with it."),
    "matrix_heading": ("称号 × 状态", "Title × status"),
    "shared_heading": ("一项指标服务多个称号", "Indicators that serve several titles"),
    "shared_note": ("同一指标在不同称号中的标准不同，应按最严格的标准推进。", "One indicator, different thresholds per title: work to the strictest."),
    "other_titles": ("目录中的其他称号（本市未申报）", "Other titles in the catalog (not pursued by this city)"),
    "no_campaign": ("本地区未申报任何称号。", "This area does not campaign for any title."),
    "behind_heading": ("落后的指标", "Indicators behind"),
    "behind_heading_n": ("落后的指标（{n} 项）", "Indicators behind ({n})"),
    "benchmark_heading": ("公共服务对标", "Public-service benchmarks"),
    # title page
    "title_heading": ("{title} · {area}", "{title} · {area}"),
    "col_indicator": ("指标", "Indicator"),
    "col_category": ("类别", "Category"),
    "col_period": ("期间", "Period"),
    "col_value": ("最新值", "Latest value"),
    "col_threshold": ("标准值", "Threshold"),
    "col_confidence": ("标准核实", "Threshold check"),
    "col_unit": ("单位", "Unit"),
    "col_gap": ("差距", "Gap"),
    "col_gap_units": ("需新增", "Still needed"),
    "col_status": ("状态", "Status"),
    "col_projected": ("预计达标", "Projected to meet"),
    "col_pace": ("每月需提升", "Needed per month"),
    "col_dept": ("牵头部门", "Lead department"),
    "col_veto": ("否决项", "Veto"),
    "col_area": ("地区", "Area"),
    "col_direction": ("方向", "Direction"),
    "col_title": ("称号", "Title"),
    "col_code": ("代码", "Code"),
    "col_share_met": ("达标率", "Share met"),
    "col_reported": ("已报送", "Reported"),
    "not_at_trend": ("按当前趋势无法达标", "not at the current trend"),
    "choose_indicator": ("选择指标查看趋势", "Choose an indicator to see its trend"),
    "trend_heading": ("{indicator}：趋势", "{indicator}: trend"),
    "districts_heading": ("{indicator}：分区县情况", "{indicator}: by district"),
    "threshold_line": ("标准 {value}", "Threshold {value}"),
    "deadline_line": ("考核 {date}", "Inspection {date}"),
    "campaign_start_line": ("创建启动", "Campaign start"),
    "projection": ("趋势外推", "Trend projection"),
    "observed": ("实际值", "Observed"),
    "axis_period": ("期间", "Period"),
    "axis_value": ("数值（{unit}）", "Value ({unit})"),
    "summary_line": ("共 {n} 项指标：达标 {met} 项，按期可达 {on}，需加快 {acc}，难以按期 {off}，退步 {det}，数据不足 {ins}。",
                     "{n} indicators: {met} met, {on} on track, {acc} need acceleration, {off} off track, {det} deteriorating, {ins} with insufficient data."),
    "veto_warning": ("否决项未达标：{items}。否决项不达标，该称号即不能通过。", "Veto item failing: {items}. A failing veto item fails the title."),
    "incomplete_period": ("部分区县未报送，该期不计入城市值", "Some districts have not reported: period not counted for the city"),
    "gap_units_fmt": ("+{n} {unit}", "+{n} {unit}"),
    "title_confidence_note": ("该标准值来自地方文本或旧版标准，请对照现行官方文本核实。", "the threshold comes from a provincial copy or an older version: check it against the current official text."),
    "title_city_only_note": ("该指标只有全市数据，没有分区县数据。", "This indicator exists for the city only, not per district."),
    "filter_status": ("按状态筛选", "Filter by status"),
    # explorer
    "explorer_heading": ("指标查询与对比", "Indicator explorer"),
    "explorer_areas": ("对比地区", "Areas to compare"),
    "explorer_thresholds": ("各称号标准", "Thresholds per title"),
    "explorer_measure_tag": ("原始计数", "raw measure"),
    "explorer_pick_area": ("请至少选择一个地区。", "Choose at least one area."),
    "explorer_compare": ("各地区对比", "areas compared"),
    "explorer_incomplete": ("有 {n} 个期间部分区县未报送，未画入城市曲线。", "{n} period(s) with districts missing are left out of the city line."),
    "explorer_no_threshold": ("该指标不属于任何称号的考核标准。", "No title sets a threshold for this indicator."),
    "explorer_no_data": ("所选地区暂无该指标数据。", "No figures for this indicator in the chosen areas."),
    "explorer_definition": ("计算方法", "Definition"),
    "ratio_definition": ("{num} ÷ {den} × {scale}", "{num} ÷ {den} × {scale}"),
    "aggregation_sum": ("城市值 = 各区县之和", "City figure = sum of districts"),
    "aggregation_ratio_of_sums": ("城市值 = 各区县分子之和 ÷ 分母之和（不是比率的平均）", "City figure = sum of numerators ÷ sum of denominators (never a mean of ratios)"),
    "aggregation_weighted_mean": ("城市值 = 按{weight}加权平均", "City figure = mean weighted by {weight}"),
    "aggregation_city_only": ("仅有全市数据", "City-level figure only"),
    # exports
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_png": ("下载 PNG", "Download PNG"),
    "png_unavailable": ("无法生成图片：{reason}。可使用图表右上角的相机按钮保存。", "Could not render the image: {reason}. Use the camera button on the chart instead."),
    # errors
    "db_missing": ("找不到数据库文件 {path}。请先运行 make run 或 python -m cocreate build-db。",
                   "Database file {path} not found. Run make run or python -m cocreate build-db first."),
    "query_failed": ("查询 {name} 失败。请刷新页面；如仍失败，请联系管理员。", "Query {name} failed. Reload the page; if it fails again, contact the administrator."),
    "query_unknown": ("没有名为 {name} 的查询。", "There is no query named {name}."),
    "query_params": ("查询 {name} 的参数不正确。", "Wrong parameters for query {name}."),
    "write_failed": ("保存失败，数据未改变。请重试；如仍失败，请联系管理员。", "Saving failed and nothing was changed. Try again; if it fails again, contact the administrator."),
    "unknown_area": ("未知的地区代码 {code}。请从列表中选择地区。", "Unknown area code {code}. Choose an area from the list."),
    "unknown_title": ("未知的称号代码 {code}。", "Unknown title code {code}."),
    "no_data": ("暂无数据。", "No data yet."),
    "page_error": ("页面出错：{message}", "Something went wrong: {message}"),
    # method page
    "method_heading": ("评估方法", "How the status is worked out"),
}



def _merge_feature_strings() -> None:
    """Add every cocreate/locale/<feature>.py table; a key defined twice fails loudly."""
    import importlib
    import pkgutil

    from cocreate.present import locale as locale_pkg
    for info in sorted(pkgutil.iter_modules(locale_pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{locale_pkg.__name__}.{info.name}")
        for key, pair in getattr(module, "STRINGS", {}).items():
            if key in STRINGS:
                raise ValueError(f"translation key {key!r} defined twice (locale/{info.name}.py)")
            STRINGS[key] = pair


_merge_feature_strings()


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """Translate `key` into `lang` and fill {placeholders}; unknown keys show the key itself."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**params) if params else text


def status_word(status: str, lang: str = DEFAULT_LANG) -> str:
    """The fixed status word in the user's language."""
    return t(f"status_{status}", lang)


def pick(row, field: str, lang: str) -> str:
    """Catalog text in the user's language: row[f"{field}_zh"] or row[f"{field}_en"]."""
    value = row.get(f"{field}_{lang}") if hasattr(row, "get") else row[f"{field}_{lang}"]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        other = row.get(f"{field}_{'en' if lang == 'zh' else 'zh'}")
        return "" if other is None or (isinstance(other, float) and math.isnan(other)) else str(other)
    return str(value)


def decimals_of(row, default: int = 2) -> int:
    """The catalog's display decimals for an indicator row (0 is a real value, not 'unset')."""
    value = row.get("decimals") if hasattr(row, "get") else None
    try:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return default
        return int(value)
    except (TypeError, ValueError):
        return default


def fmt_number(value, decimals: int = 2, lang: str = DEFAULT_LANG, big: bool = True) -> str:
    """Number in the language's conventions: thousands separators; 万 / 亿 for large counts in Chinese."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    v = float(value)
    if lang == "zh" and big and abs(v) >= 100_000:
        if abs(v) >= 100_000_000:
            return f"{v / 100_000_000:,.2f}亿"
        return f"{v / 10_000:,.1f}万"
    d = max(int(decimals), 0)
    return f"{v:,.{d}f}"


def fmt_auto(value, lang: str = DEFAULT_LANG, max_decimals: int = 2, big: bool = False) -> str:
    """A published figure as printed at its source: whole numbers without decimals, others with up
    to `max_decimals` (trailing zeros dropped)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    v = float(value)
    if v.is_integer():
        return fmt_number(v, 0, lang, big=big)
    text = fmt_number(v, max_decimals, lang, big=big)
    return text.rstrip("0").rstrip(".") if "." in text and not text.endswith(("万", "亿")) else text


def fmt_signed(value, decimals: int = 2, lang: str = DEFAULT_LANG) -> str:
    """A change with its sign (+/−)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    s = fmt_number(abs(value), decimals, lang)
    return ("+" if value > 0 else "−" if value < 0 else "±") + s


def fmt_date(value, lang: str = DEFAULT_LANG, month_only: bool = False) -> str:
    """A date as people write it: 2027年6月30日 / 30 Jun 2027 (or the month only)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if hasattr(value, "date") and not isinstance(value, dt.date):
        value = value.date()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    try:
        if value != value:  # NaT
            return "—"
    except TypeError:
        pass
    if lang == "zh":
        return f"{value.year}年{value.month}月" if month_only else f"{value.year}年{value.month}月{value.day}日"
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{months[value.month - 1]} {value.year}" if month_only else f"{value.day} {months[value.month - 1]} {value.year}"


def fmt_pct(share: float, lang: str = DEFAULT_LANG) -> str:
    """A share 0..1 as a whole percentage."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    return f"{share * 100:.0f}%"


def error_text(exc, lang: str = DEFAULT_LANG) -> str:
    """The readable sentence for a CocreateError (or a generic one)."""
    key = getattr(exc, "key", None)
    if key and key in STRINGS:
        try:
            text = t(key, lang, **getattr(exc, "params", {}))
        except (KeyError, IndexError):
            text = t(key, lang)
        also = getattr(exc, "also", None)   # a further sentence (key, params), e.g. where a header was looked for
        if also and also[0] in STRINGS:
            text += ("" if lang == "zh" else " ") + t(also[0], lang, **also[1])
        return text
    return t("page_error", lang, message=str(exc)[:200])
