"""Strings of the grid template (cocreate/intake/grid.py)."""
STRINGS = {
    "grid_bad_cell": ("单元格 {cell}：{reason}", "Cell {cell}: {reason}"),
    "grid_xlsx_only": ("表格模板只能写成 .xlsx 文件（{name}）。", "A grid template can only be an .xlsx file ({name})."),
    "grid_bad_period": ("无法识别期间“{text}”。请写成 2026-03（年-月）。", "Cannot read the period \"{text}\". Write it as 2026-03 (year-month)."),
    "grid_help_line": ("B1 为本表的期间（月：2026-11，季：2026Q3，年：2025）；在黄色格内填数值，深灰格不填；"
                       "浅灰斜体的“上期”列是上一期（{prev}）已报的数值，仅供对照，导入时不读取；不要改动代码。",
                       "B1 is this sheet's period (month 2026-11, quarter 2026Q3, year 2025); fill values in the "
                       "yellow cells, leave dark grey cells empty; the light grey italic \"last period\" columns hold "
                       "the figures reported for {prev}, for reference only: the import does not read them; "
                       "do not change the codes."),
    "grid_prev_header": ("上期\n{prev}", "last period\n{prev}"),
    "grid_sheet_month": ("月度", "monthly"),
    "grid_sheet_quarter": ("季度", "quarterly"),
    "grid_sheet_year": ("年度", "yearly"),
    "grid_hdr_indicator_code": ("指标代码", "indicator code"),
    "grid_hdr_indicator_name": ("指标名称", "indicator name"),
    "grid_hdr_unit": ("单位", "unit"),
    "grid_hdr_threshold": ("达标值", "threshold"),
}
