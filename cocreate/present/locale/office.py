"""Messages of the office service: the file shared by the app and the commands, backups, restore,
the first administrator's setup link."""

STRINGS = {
    "db_busy": ("数据库文件 {path} 被另一个程序占用，已等待 {seconds} 秒，本次未做任何改动。请稍后重试。",
                "The database file {path} stayed in use by another program for {seconds} s; nothing was done. "
                "Try again in a moment."),
    "db_busy_pid": ("数据库文件 {path} 被另一个程序（{program}，进程号 {pid}）占用，已等待 {seconds} 秒，本次未做任何改动。"
                    "请稍后重试；如一直如此，请检查该进程是否卡住。",
                    "The database file {path} stayed in use by another program ({program}, PID {pid}) for {seconds} s; "
                    "nothing was done. Try again in a moment; if it persists, check whether that process is stuck."),
}

STRINGS.update({
    "office_backup_pg": ("数据库在 PostgreSQL 服务器 {target} 上：请用 pg_dump 备份，例如 "
                         "pg_dump -Fc -f cocreate-$(date +%Y%m%d).dump \"$COCREATE_DATABASE_URL\"。",
                         "The database is on the PostgreSQL server {target}: back it up with pg_dump, e.g. "
                         "pg_dump -Fc -f cocreate-$(date +%Y%m%d).dump \"$COCREATE_DATABASE_URL\"."),
    "office_restore_pg": ("数据库在 PostgreSQL 服务器 {target} 上：请先停止看板，再用 pg_restore 恢复，例如 "
                          "pg_restore --clean --if-exists -d \"$COCREATE_DATABASE_URL\" 备份文件.dump。",
                          "The database is on the PostgreSQL server {target}: stop the dashboard, then restore with "
                          "pg_restore, e.g. pg_restore --clean --if-exists -d \"$COCREATE_DATABASE_URL\" FILE.dump."),
    "office_not_a_store": ("{path} 不是本看板的数据库文件（缺少数据表），未做任何改动。",
                           "{path} is not a database file of this dashboard (tables missing); nothing was changed."),
    "office_backup_missing": ("找不到备份文件 {path}。", "Backup file {path} not found."),
    "office_keep_positive": ("--keep 须为 1 或更大的整数（收到 {n}）。", "--keep must be 1 or more (got {n})."),
    "office_restore_busy": ("数据库文件 {path} 正被看板（进程号 {who}）使用，未做任何改动。请先停止看板"
                            "（systemctl stop cocreate，或在运行 make run 的终端按 Ctrl+C），再运行 restore，然后重新启动看板。",
                            "The database file {path} is in use by the dashboard (PID {who}); nothing was changed. "
                            "Stop the dashboard first (systemctl stop cocreate, or Ctrl+C where make run runs), run "
                            "restore again, then start the dashboard."),
    "office_restored": ("已用 {file} 恢复 {db}；被替换的文件保存在 {aside}。",
                        "Restored {db} from {file}; the replaced file is kept as {aside}."),
})

STRINGS.update({
    "office_setup_console": ("还没有管理员账号。用这个一次性链接创建第一个管理员（{hours} 小时内有效，创建后即失效）：{link}",
                             "No administrator account yet. Create the first one with this one-time link (valid "
                             "for {hours} hours, void once used): {link}"),
    "office_setup_has_admin": ("已有管理员账号，不需要设置链接。", "An administrator account exists; no setup link is needed."),
    "office_setup_heading": ("创建第一个管理员", "Create the first administrator"),
    "office_setup_intro": ("此链接只能使用一次：创建后即失效。之后用这个账号登录，在“数据管理”页的“账号”中添加其他账号。",
                           "This link works once: it stops working when the account is made. Then log in with it "
                           "and add the other accounts under Accounts on the Data page."),
    "office_setup_button": ("创建管理员并登录", "Create the administrator and log in"),
    "office_setup_done": ("已创建管理员 {name} 并已登录。设置链接已失效。",
                          "Administrator {name} created and logged in. The setup link no longer works."),
    "office_setup_invalid": ("此设置链接已失效（已经用过、已过期，或已有管理员）。请用已有账号登录，或重启看板以获得新链接。",
                             "This setup link no longer works (used already, expired, or an administrator exists). "
                             "Log in with an existing account, or restart the dashboard for a new link."),
    "office_no_accounts": ("还没有任何账号。看板启动时已在其日志和控制台写下一次性设置链接（journalctl -u cocreate | grep setup=），"
                           "用它创建第一个管理员；或在服务器上运行：python -m cocreate user add 用户名 --role admin（看板运行时也可以）。",
                           "No account exists yet. At start the dashboard wrote a one-time setup link to its log and "
                           "console (journalctl -u cocreate | grep setup=): open it to create the first administrator. "
                           "Or on the server: python -m cocreate user add NAME --role admin (also while it serves)."),
})

STRINGS.update({
    "office_built": ("已生成数据库 {path}", "built {path}"),
    "office_copied": ("已复制 {n} 张表、共 {rows} 行 -> {target}", "copied {n} tables, {rows} rows -> {target}"),
    "office_copy_progress": ("  {table}：{rows} 行（{seconds} 秒）", "  {table}: {rows} rows ({seconds} s)"),
    "office_cli_error": ("错误：{message}", "error: {message}"),
})
