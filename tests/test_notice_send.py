"""`notice --send` (issue #20 item 3): the DOCX kept in the notices folder, the office summary to
its robot, and each unit with a robot URL (table unit_robots) its OWN overdue list and coming
deadlines, posted to a local HTTP receiver (http.server on 127.0.0.1, a free port, in a thread)."""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import duckdb
import pytest

from cocreate.cli.parser import main

W48_END = "2026-11-29"          # 2026-W48 = Mon 2026-11-23 .. Sun 2026-11-29
ID = re.compile(r"(?:WH|LZ)\d{6}-\d{3}")


class _Receiver:
    """Records each POST by path; paths under /fail answer HTTP 500, under /refuse a robot's errcode."""

    def __init__(self):
        self.got: dict[str, list[dict]] = {}
        got = self.got

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                got.setdefault(self.path, []).append(body)
                self.send_response(500 if self.path.startswith("/fail") else 200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                answer = {"errcode": 93000, "errmsg": "invalid webhook url"} if self.path.startswith("/refuse") \
                    else {"errcode": 0, "errmsg": "ok"}
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *a):
                pass
        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def text(self, path: str) -> str:
        (msg,) = self.got[path]          # exactly one message to each robot
        assert msg["msgtype"] == "markdown"
        return msg["markdown"]["content"]


@pytest.fixture()
def receiver(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv("COCREATE_NOTICE_WEBHOOK_KIND", raising=False)
    r = _Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()
    r.thread.join(5)


def _robots(db_path, rows):
    con = duckdb.connect(str(db_path))
    try:
        con.executemany("INSERT INTO unit_robots (unit_code, robot_url, notes) VALUES (?, ?, ?)", rows)
    finally:
        con.close()


def _overdue_ids(db_path, unit: str, end: str = W48_END, city: str = "420100") -> set:
    """The unit's overdue problems at the end of `end`, by SQL written here from DESIGN's words (not
    the code under test): found by then, not put right by then, deadline on or before it."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute("""
            SELECT problem_id FROM problems
            WHERE area_code IN (SELECT code FROM areas WHERE code = ? OR parent_code = ?) AND unit_code = ?
              AND found_date <= CAST(? AS DATE)
              AND NOT (status IN ('rectified', 'verified') AND rectified_date <= CAST(? AS DATE))
              AND deadline <= CAST(? AS DATE)""", [city, city, unit, end, end, end]).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def _section_ids(text: str) -> tuple[set, set]:
    """(ids listed under the overdue heading, ids listed under the due-soon heading)."""
    over, _, soon = text.partition("\n\n**")
    return set(ID.findall(over)), set(ID.findall(soon))


def _send(db_path, out, *extra):
    return main(["notice", "--area", "420100", "--period", "2026-W48", "--out", str(out), "--send",
                 "--db", str(db_path), *extra])


def test_send_posts_the_office_summary_and_each_unit_its_own_list(demo_db_path, tmp_path, receiver,
                                                                    monkeypatch, capsys):
    monkeypatch.setenv("COCREATE_NOTICE_WEBHOOK", receiver.url + "/office")
    monkeypatch.delenv("COCREATE_NOTICES_DIR", raising=False)
    _robots(demo_db_path, [("420107", receiver.url + "/qingshan", "test"),
                           ("420104", receiver.url + "/qiaokou", None),
                           ("620102", receiver.url + "/lanzhou", None)])   # another city's district
    out = tmp_path / "out" / "notice-W48.docx"
    assert _send(demo_db_path, out, "--lang", "zh") == 0
    printed = capsys.readouterr()

    # the DOCX where asked and a copy in the notices folder beside the database file
    kept = demo_db_path.parent / "notices" / "notice-W48.docx"
    assert out.exists() and kept.exists() and kept.read_bytes()[:2] == b"PK"
    assert str(kept) in printed.out

    # three robots posted to, once each: the office and the two units of Wuhan; nothing to Lanzhou's
    assert sorted(receiver.got) == ["/office", "/qiaokou", "/qingshan"]
    assert "红榜（表扬；前 3 名，并列者同列）" in receiver.text("/office")

    # Qingshan (420107): 9 overdue at the end of 2026-11-29 (counted by the independent SQL above:
    # 9 rows), nothing open due 2026-11-30 .. 2026-12-06
    qs = receiver.text("/qingshan")
    over, soon = _section_ids(qs)
    assert over == _overdue_ids(demo_db_path, "420107") and len(over) == 9
    assert soon == set()
    assert "青山区" in qs and "逾期未改问题 9 个" in qs
    # its oldest: WH261015-672, deadline 2026-10-18 -> 2026-11-29 is 12 + 30 = 42 days, >= 15: talk (约谈)
    assert "- WH261015-672 青山区钢花村公厕 · 公厕保洁不到位 · 时限 2026-10-18 · 逾期 42 天 · **约谈**" in qs
    # deadline 2026-11-16 -> 13 days: >= 7, < 15: supervision (督办); 2026-11-23 -> 6 days: no level
    assert "时限 2026-11-16 · 逾期 13 天 · **督办**" in qs
    assert "时限 2026-11-23 · 逾期 6 天\n" in qs
    # deadline on the period's last day, 2026-11-29: overdue at the end of that day, 0 days, said in words
    assert "- WH261122-863 青山区冶金在建工地 · 公益广告缺失 · 时限 2026-11-29（时限当天结束仍未整改）\n" in qs

    # Qiaokou (420104): 1 overdue (WH261031-758, deadline 2026-11-10: 20 + 29 - 30 = 19 days -> talk)
    # and 1 open due soon (WH261127-883, found 2026-11-27, deadline 2026-11-30)
    qk = receiver.text("/qiaokou")
    over, soon = _section_ids(qk)
    assert over == _overdue_ids(demo_db_path, "420104") == {"WH261031-758"}
    assert soon == {"WH261127-883"}
    assert "逾期 19 天 · **约谈**" in qk and "- WH261127-883 硚口区古田背街小巷" in qk and "时限 2026-11-30" in qk

    # a unit's message holds none of another unit's problems
    assert not set(ID.findall(qs)) & set(ID.findall(qk))
    assert "已推送 青山区（420107）的清单：逾期未改 9 个，7 天内到期 0 个（HTTP 200）。" in printed.out
    assert "已推送 硚口区（420104）的清单：逾期未改 1 个，7 天内到期 1 个（HTTP 200）。" in printed.out


def test_no_person_is_named_in_any_message(demo_db_path, tmp_path, receiver, monkeypatch):
    """Units are ranked, never people: the accounts that last changed a problem (updated_by) and the
    users table's names appear in no message."""
    monkeypatch.setenv("COCREATE_NOTICE_WEBHOOK", receiver.url + "/office")
    _robots(demo_db_path, [("420107", receiver.url + "/qingshan", None), ("420104", receiver.url + "/qiaokou", None)])
    con = duckdb.connect(str(demo_db_path))
    try:   # give the problems a person's name as their last editor, to be sure it is not carried
        con.execute("UPDATE problems SET updated_by = '张三丰' WHERE unit_code IN ('420107', '420104')")
    finally:
        con.close()
    assert _send(demo_db_path, tmp_path / "n.docx") == 0
    for path in receiver.got:
        assert "张三丰" not in receiver.text(path)


def test_a_failing_robot_makes_the_exit_non_zero_and_the_others_still_get_theirs(demo_db_path, tmp_path, receiver,
                                                                                  monkeypatch, capsys):
    monkeypatch.setenv("COCREATE_NOTICE_WEBHOOK", receiver.url + "/office")
    _robots(demo_db_path, [("420107", receiver.url + "/qingshan", None),
                           ("420104", receiver.url + "/fail/qiaokou", None)])   # answers HTTP 500
    assert _send(demo_db_path, tmp_path / "n.docx", "--lang", "en") == 3
    err = capsys.readouterr().err
    assert "Posting to Qiaokou District (420104) failed: HTTP 500" in err
    assert "1 post(s) failed; the others went through." in err
    assert receiver.url not in err                        # a robot URL holds its key: never printed
    over, _ = _section_ids(receiver.text("/qingshan"))
    assert over == _overdue_ids(demo_db_path, "420107") and len(over) == 9
    assert "Overdue at the end of 2026-11-29: 9" in receiver.text("/qingshan")
    assert "/office" in receiver.got and len(receiver.got["/fail/qiaokou"]) == 1


def test_a_robot_refusal_and_a_non_http_url_are_failures(demo_db_path, tmp_path, receiver, monkeypatch, capsys):
    monkeypatch.delenv("COCREATE_NOTICE_WEBHOOK", raising=False)
    _robots(demo_db_path, [("420107", receiver.url + "/refuse", None),      # HTTP 200, errcode 93000
                           ("420104", "file:///etc/passwd", None),           # not http(s): never opened
                           ("420102", receiver.url + "/jiangan", None)])
    assert _send(demo_db_path, tmp_path / "n.docx", "--lang", "en") == 3
    err = capsys.readouterr().err
    assert "COCREATE_NOTICE_WEBHOOK is not set" in err
    assert "Posting to Qingshan District (420107) failed: errcode 93000: invalid webhook url" in err
    assert "Posting to Qiaokou District (420104) failed: not an http(s) URL" in err
    assert "2 post(s) failed" in err and "/etc/passwd" not in err
    # Jiang'an (420102): 0 overdue at the end of 2026-11-29 (the independent SQL finds none)
    assert _overdue_ids(demo_db_path, "420102") == set()
    text = receiver.text("/jiangan")
    assert "Overdue at the end of 2026-11-29: 0" in text and sorted(receiver.got) == ["/jiangan", "/refuse"]


def test_without_any_robot_the_notice_is_kept_and_the_exit_is_zero(demo_db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COCREATE_NOTICE_WEBHOOK", raising=False)
    folder = tmp_path / "kept"
    monkeypatch.setenv("COCREATE_NOTICES_DIR", str(folder))
    assert _send(demo_db_path, tmp_path / "n.docx", "--lang", "en") == 0
    captured = capsys.readouterr()
    assert (folder / "n.docx").exists()
    assert f"Notice kept in the notices folder: {folder / 'n.docx'}" in captured.out
    assert "No responsible unit has a robot URL" in captured.out
    assert "COCREATE_NOTICE_WEBHOOK is not set" in captured.err


def test_post_alone_works_as_before(demo_db_path, tmp_path, receiver, monkeypatch, capsys):
    """--post: the office summary only; no unit lists, no copy in the notices folder."""
    monkeypatch.setenv("COCREATE_NOTICE_WEBHOOK", receiver.url + "/office")
    monkeypatch.delenv("COCREATE_NOTICES_DIR", raising=False)
    _robots(demo_db_path, [("420107", receiver.url + "/qingshan", None)])
    assert main(["notice", "--area", "420100", "--period", "2026-W48", "--out", str(tmp_path / "n.docx"),
                 "--post", "--db", str(demo_db_path), "--lang", "en"]) == 0
    assert sorted(receiver.got) == ["/office"]
    assert not (demo_db_path.parent / "notices").exists()
    assert "Posted to the group robot (HTTP 200)." in capsys.readouterr().out


def _deploy_command() -> list[str]:
    """The notice command of deploy/office/cocreate-notice.service, as argv (the shell's date
    substitution replaced by the week the tests use)."""
    import shlex
    from pathlib import Path
    unit = (Path(__file__).parents[1] / "deploy" / "office" / "cocreate-notice.service").read_text(encoding="utf-8")
    (line,) = [x for x in unit.splitlines() if x.startswith("ExecStart=")]
    inner = shlex.split(line.split("=", 1)[1])[-1]            # /bin/sh -c '<inner>'
    inner = re.sub(r"\$\(date [^)]*\)", "2026-W48", inner.replace("%%", "%"))
    argv = shlex.split(inner)
    assert argv[:4] == ["exec", ".venv/bin/python", "-m", "cocreate"]
    return argv[4:]


def test_the_timer_units_command_sends_each_unit_its_own_list(demo_db_path, tmp_path, receiver, monkeypatch,
                                                              capsys):
    """deploy/office/cocreate-notice.service runs `notice ... --send` (not --post): run its very argv
    (city 620100, Lanzhou, as written there; --out moved into tmp) with a robot set for a Lanzhou
    district (620103) through deploy/office/unit_robots.py."""
    import importlib.util
    from pathlib import Path
    argv = _deploy_command()
    assert "--send" in argv and "--post" not in argv
    spec = importlib.util.spec_from_file_location(
        "unit_robots_script", Path(__file__).parents[1] / "deploy" / "office" / "unit_robots.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--db", str(demo_db_path), "set", "620103", receiver.url + "/qilihe?key=s3cret"]) == 0
    assert script.main(["--db", str(demo_db_path), "set", "620102x", receiver.url + "/x"]) == 2      # unknown unit
    assert script.main(["--db", str(demo_db_path), "set", "620104", "ftp://example.org/robot"]) == 2  # not http(s)
    monkeypatch.setenv("COCREATE_NOTICE_WEBHOOK", receiver.url + "/office")
    monkeypatch.setenv("COCREATE_NOTICES_DIR", str(tmp_path / "notices"))
    out = argv.index("--out") + 1
    argv[out] = str(tmp_path / "notices" / Path(argv[out]).name)
    assert main(argv + ["--period", "2026-W48", "--db", str(demo_db_path)]) == 0
    assert (tmp_path / "notices" / "notice-2026-W48.docx").exists()
    assert sorted(receiver.got) == ["/office", "/qilihe?key=s3cret"]
    assert "s3cret" not in "".join(capsys.readouterr())
    over, _ = _section_ids(receiver.text("/qilihe?key=s3cret"))
    expected = _overdue_ids(demo_db_path, "620103", "2026-11-29", city="620100")   # the same independent rule
    assert over == expected and len(over) == 3     # 620103 (七里河区): 3 overdue at the end of 2026-11-29


def test_a_long_list_is_cut_to_fit_the_robot_and_says_how_many_more():
    """WeCom takes at most 4096 bytes of markdown: 60 overdue problems do not fit; the message keeps
    as many rows as fit and ends the list with "and N more", shown + N = 60."""
    import datetime as dt

    import pandas as pd

    from cocreate.problems import dispatch
    overdue = pd.DataFrame({"problem_id": [f"WH261001-{i:03d}" for i in range(60)],
                            "point_name": ["青山区钢花村背街小巷东段二号院门口"] * 60, "category": ["litter"] * 60,
                            "deadline": [pd.Timestamp("2026-11-01")] * 60, "days_overdue": [28] * 60,
                            "level": ["talk"] * 60})
    soon = overdue.head(0)
    text = dispatch.unit_message("青山区", "武汉市 · 通报 · 2026-W48", overdue, soon, dt.date(2026, 11, 29),
                                 {}, {"talk": "约谈"}, "zh")
    assert len(text.encode("utf-8")) <= 4096
    shown = len(ID.findall(text))
    more = re.search(r"另有 (\d+) 项", text)
    assert 0 < shown < 60 and more and shown + int(more.group(1)) == 60
