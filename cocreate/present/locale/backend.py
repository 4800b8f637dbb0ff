"""Messages of the PostgreSQL backend (shared deployment)."""

STRINGS = {
    "pg_unreachable": ("无法连接数据库服务器 {target}。请检查 COCREATE_DATABASE_URL（主机、端口、用户、密码）和服务器是否在运行，然后重试。",
                       "Cannot reach the database server {target}. Check COCREATE_DATABASE_URL (host, port, user, "
                       "password) and that the server is running, then try again."),
    "pg_not_built": ("数据库服务器 {target} 上还没有看板的数据表。请先运行 COCREATE_DATABASE_URL=... python -m cocreate build-db。",
                     "The database server {target} has no dashboard tables yet. Run "
                     "COCREATE_DATABASE_URL=... python -m cocreate build-db first."),
    "pg_busy": ("另一项修改正在保存，本次未做任何改动。请稍后重试。",
                "Another change is being saved; nothing was changed. Try again in a moment."),
    "pg_collation": ("数据库的排序规则是 {collation}，需要 C（与内置数据库相同的排序）。请用 CREATE DATABASE ... "
                     "TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C' 新建数据库（见 deploy/README.md）。",
                     "The database collation is {collation}; the dashboard needs C (text sorted as in the embedded "
                     "store). Create the database with CREATE DATABASE ... TEMPLATE template0 LC_COLLATE 'C' "
                     "LC_CTYPE 'C' (see deploy/README.md)."),
    "pg_copy_target": ("copy-db 的目标必须是 postgresql:// 地址（--to 或 COCREATE_DATABASE_URL）。",
                       "The target of copy-db must be a postgresql:// URL (--to or COCREATE_DATABASE_URL), not the given one."),
}
