-- one row per account (never the password hash), by role then name
SELECT name, role, areas, created_at, failed_logins, locked_until
FROM users
ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'clerk' THEN 1 ELSE 2 END, name
