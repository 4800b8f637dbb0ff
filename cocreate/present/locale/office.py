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
