"""The commands as DESIGN.md fixes them: `problems report` columns and lists, `problems import`
of the demo file, a refused file exits 2 and changes nothing, `notice` writes a .docx."""
import io

import docx
import pandas as pd

from cocreate import REPO_ROOT

from cocreate.store import db
from cocreate.__main__ import main

DEMO_FILE = REPO_ROOT / "data" / "demo" / "import" / "problems_demo.csv"


def test_report_csv_week_40(demo_db_file, capsys):
    assert main(["problems", "report", "--area", "420100", "--period", "2026-W40", "--db", str(demo_db_file)]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"unit_code": str})
    assert out.columns.tolist() == ["unit_code", "found", "due", "rectified", "rectified_on_time", "overdue_open",
                                    "oldest_overdue_days", "rate_pct", "on_time_pct", "repeat_pct", "rank", "list"]
    assert out["list"].fillna("").tolist().count("red") == 3 and out["list"].fillna("").tolist().count("black") == 3
    ranked = out[out["rank"].notna()]
    assert (ranked["rate_pct"].round(1) == (100 * ranked["rectified"] / ranked["due"]).round(1)).all()
    assert out.loc[out["due"] == 0, "rank"].isna().all()


def test_report_md_names_the_lists(demo_db_file, capsys):
    assert main(["problems", "report", "--area", "420100", "--period", "2026-10", "--format", "md", "--lang", "zh",
                 "--db", str(demo_db_file)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# 武汉市 (420100) 问题整改排名 · 2026-10（2026-10-01 至 2026-10-31）")
    assert "**红榜（前 3 名，并列者同列）**: " in text and "**黑榜（后 3 名，并列者同列）**: " in text


def test_import_demo_file_then_refused_file_changes_nothing(demo_db_path, tmp_path, capsys):
    assert main(["problems", "import", str(DEMO_FILE), "--db", str(demo_db_path)]) == 0
    assert "0 new, 0 updated" in capsys.readouterr().out       # the demo store already holds exactly these
    con = db.connect(demo_db_path)
    con.execute("DELETE FROM problems")
    con.close()
    assert main(["problems", "import", str(DEMO_FILE), "--db", str(demo_db_path), "--dry-run"]) == 0
    assert "would add 2913" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    lines = DEMO_FILE.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join(lines[:50] + [lines[10]]) + "\n", encoding="utf-8")   # a duplicate id on line 51
    assert main(["problems", "import", str(bad), "--db", str(demo_db_path)]) == 2
    err = capsys.readouterr().err
    assert "Line 51, column 问题编号: Problem id" in err
    con = db.connect(demo_db_path)
    assert db.scalar(con, "SELECT count(*) FROM problems") == 0
    con.close()


def test_notice_command_writes_docx(demo_db_file, tmp_path):
    out = tmp_path / "n.docx"
    assert main(["notice", "--area", "620100", "--period", "2026-W40", "--out", str(out), "--lang", "en",
                 "--db", str(demo_db_file)]) == 0
    doc = docx.Document(str(out))
    assert doc.paragraphs[0].text == "Lanzhou Civilized City Campaign Office"
    # tables[0]: the main problems by category; tables[1]: the districts ranked (issue 22)
    assert doc.tables[0].rows[0].cells[0].text == "Category" and doc.tables[1].rows[0].cells[0].text == "Rank"
