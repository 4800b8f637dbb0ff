"""`notice --send` (issue #20): what the command says, and each unit's own robot message."""

STRINGS = {
    # what the command prints
    "send_kept": ("通报已存入通报文件夹：{path}", "Notice kept in the notices folder: {path}"),
    "send_office_unset": ("未设置环境变量 COCREATE_NOTICE_WEBHOOK，未推送办公室群机器人（其余照常）。",
                          "COCREATE_NOTICE_WEBHOOK is not set: nothing posted to the office's robot (the rest goes on)."),
    "send_office_posted": ("已推送汇总到办公室群机器人（HTTP {status}）。", "Summary posted to the office's robot (HTTP {status})."),
    "send_office_failed": ("推送办公室群机器人失败：{reason}", "Posting to the office's robot failed: {reason}"),
    "send_no_units": ("没有责任单位设置群机器人（unit_robots 表），未推送单位清单。",
                      "No responsible unit has a robot URL (table unit_robots): no unit lists posted."),
    "send_unit_posted": ("已推送 {unit}（{code}）的清单：逾期未改 {overdue} 个，{days} 天内到期 {soon} 个（HTTP {status}）。",
                         "Posted to {unit} ({code}) its list: {overdue} overdue, {soon} due within {days} days (HTTP {status})."),
    "send_unit_failed": ("推送 {unit}（{code}）失败：{reason}", "Posting to {unit} ({code}) failed: {reason}"),
    "send_failed_total": ("{n} 个推送失败，其余已送达。", "{n} post(s) failed; the others went through."),
    # a unit's own message (markdown for a WeCom / DingTalk group robot)
    "send_msg_overdue_head": ("**截至 {end} 日终，本单位逾期未改问题 {n} 个**（整改时限已到、尚未整改）：",
                              "**Overdue at the end of {end}: {n}** (deadline reached, not put right):"),
    "send_msg_overdue_row": ("- {id} {point} · {category} · 时限 {deadline} · 逾期 {days} 天{level}",
                             "- {id} {point} · {category} · deadline {deadline} · {days} days overdue{level}"),
    "send_msg_overdue_row_today": ("- {id} {point} · {category} · 时限 {deadline}（时限当天结束仍未整改）{level}",
                                   "- {id} {point} · {category} · deadline {deadline} (not put right by the end of that day){level}"),
    "send_msg_level": (" · **{level}**", " · **{level}**"),
    "send_msg_soon_head": ("**{start} 至 {end} 到期、尚未整改 {n} 个**：", "**Open and due {start} to {end}: {n}**"),
    "send_msg_soon_row": ("- {id} {point} · {category} · 时限 {deadline}", "- {id} {point} · {category} · deadline {deadline}"),
    "send_msg_footer": ("请在时限内整改到位，并在平台上传整改前后照片。详见本期通报。",
                        "Please put these right by their deadlines and upload before-and-after photos. Details in this week's notice."),
    # deploy/office/unit_robots.py
    "send_robot_unknown_unit": ("未知的责任单位 {unit}：应为区县的地区代码或部门代码。",
                                "Unknown unit {unit}: give a district's area code or a department's code."),
    "send_robot_not_http": ("只接受 http(s) 地址。", "Only http(s) URLs are accepted."),
    "send_robot_set": ("已设置 {unit} 的群机器人：{url}", "Robot set for {unit}: {url}"),
    "send_robot_removed": ("已删除 {unit} 的群机器人。", "Robot removed for {unit}."),
}
