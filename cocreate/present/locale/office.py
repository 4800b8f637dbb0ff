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
