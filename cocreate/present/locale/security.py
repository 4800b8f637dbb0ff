"""Sentences of issue 23: rights checked on every write, the importing account named, files safe to open."""
STRINGS = {
    "sec_prob_stored_not_allowed": (
        "问题 {id} 已登记在地区 {area}（责任单位 {unit}），不在您账号的范围内；导入不能修改它。请改用新的问题编号，或联系管理员。",
        "Problem {id} is stored for area {area} (unit {unit}), outside your account's areas; an import cannot "
        "change it. Use a new problem id, or ask an administrator."),
    "sec_prob_unit_not_allowed": (
        "责任单位 {code} 不在您账号的范围内，不能把问题交给它。请填写您所辖区县的代码，或联系管理员。",
        "Unit {code} is outside your account's areas; you cannot assign a problem to it. Use a unit of your "
        "own districts, or ask an administrator."),
    "sec_prob_status_office": (
        "状态“{status}”只能由创建办（管理员）设定。填报员可报告已整改（rectified，并填写整改日期）。",
        "Status “{status}” is set by the office (an administrator) only. A clerk may report a problem rectified, "
        "with its rectified date."),
    "sec_prob_bad_move": (
        "问题 {id} 现为“{old}”，填报员不能通过导入改为“{status}”。",
        "Problem {id} is “{old}” now; a clerk's import cannot make it “{status}”."),
    "sec_prob_closed": (
        "问题 {id} 已由创建办复核销号，只有管理员可以修改。",
        "Problem {id} was verified and closed by the office; only an administrator may change it."),
    "sec_prob_verified_date_office": (
        "复核日期由创建办（管理员）复核时填写，填报员不能通过导入填写或修改。请留空。",
        "The verified date is set by the office (an administrator) when it verifies; a clerk's import cannot "
        "set or change it. Leave it empty."),
    "sec_prob_unknown_category": (
        "问题类别“{code}”不在目录中。请填写问题类别目录中的代码或名称（如 littering）。",
        "Category “{code}” is not in the catalog. Write a code or name from the categories catalog (e.g. littering)."),
    "sec_prob_unknown_point_type": (
        "点位类型“{code}”不在目录中。请填写点位类型目录中的代码或名称（如 market），或留空。",
        "Point type “{code}” is not in the catalog. Write a code or name from the point types catalog "
        "(e.g. market), or leave it empty."),
    "sec_score_rate_ambiguous": (
        "比率“{value}”有歧义：是 {value}% 还是 {value} × 100%？比率列按百分数填写：85% 请写 85 或 85%；确为不足 1% 时请写 {value}%。",
        "Rate “{value}” is ambiguous: {value}% or {value} × 100%? The rate column is a percentage: write 85 or "
        "85% for 85%; if it really is under 1%, write {value}%."),
    "sec_import_truncated": (
        "文件已损坏：在第 {line} 行被截断（最后一个字符不完整），未导入。请重新导出或重新复制完整的文件后再导入。",
        "The file is damaged: it is cut off on line {line} (its last character is incomplete); nothing was "
        "imported. Export or copy the whole file again and import it."),
    "sec_import_truncated_line": ("文件在此行被截断。", "The file is cut off on this line."),
    "sec_import_nul": (
        "文件已损坏：第 {line} 行含有空字节（NUL），文本文件中不应出现，未导入。请在 Excel 或 WPS 中打开后另存为 CSV 再导入。",
        "The file is damaged: line {line} holds a NUL byte, which no text file has; nothing was imported. Open it "
        "in Excel or WPS and save it as CSV again."),
    "sec_import_nul_line": ("此行含有空字节（NUL）。", "This line holds a NUL byte."),
    "sec_header_looked": (
        "（已在前 {n} 行中查找表头，均未找到。）",
        "(The header was looked for in the first {n} rows and not found.)"),
    "sec_header_looked_sheets": (
        "（已在第一个工作表“{sheet}”的前 {n} 行中查找表头，均未找到；只读取第一个工作表。工作簿中另有：{others}。请把数据表移到第一个位置后再导入。）",
        "(The header was looked for in the first {n} rows of the first sheet, “{sheet}”, and not found; only the "
        "first sheet is read. The workbook also has: {others}. Move the data sheet to the first place and import "
        "again.)"),
    "sec_acting_as": (
        "以账号 {name}（{role}）的身份导入。",
        "Importing as account {name} ({role})."),
    "sec_acting_as_cli": (
        "未指定 --user：以命令行操作员身份导入（所有地区）。",
        "No --user given: importing as the command-line operator (every area)."),
    "sec_no_import_role": (
        "账号 {name} 的角色是 {role}，不能导入。请使用填报员或管理员账号。",
        "Account {name} has the role {role} and cannot import. Use a clerk or administrator account."),
}
