"""Issue 23: no file the product writes can run a formula, and what it writes reads back exactly.

Formula strings go in through the uploads (a problem's description and source, a task's title, an
observation's note and source); then every file the product writes is scanned: the export's CSVs, the
CSV downloads' bytes, the task XLSX, the templates, the report commands' CSV."""
import csv
import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pytest

from cocreate.cli.parser import main
from cocreate.intake import observations, tasks as task_intake
from cocreate.intake.reading import Column, Layout, read_table
from cocreate.intake.sheets import read_xlsx_rows
from cocreate.present.template_file import template_bytes, template_frame
from cocreate.present import task_tables
from cocreate.problems import gather, intake
from cocreate.safe_cells import frame_csv, guard, needs_guard, unguard
from cocreate.store import db
from cocreate.store.export import export_all, rebuild_from_export
from webui.common import csv_bytes

TODAY = dt.date(2026, 11, 30)
HYPERLINK = '=HYPERLINK("http://example.invalid","x")'
FORMULAS = [HYPERLINK, "+SUM(1,1)", "@cmd", "-2+3", "\t=1+1", "\r=1+1"]
RUNS = ("=", "+", "-", "@", "\t", "\r")


def csv_field(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def would_run(cell: str) -> bool:
    """A CSV cell a spreadsheet would run: it begins with a formula character and is not a number."""
    if not cell or cell[0] not in RUNS:
        return False
    try:
        float(cell)
        return False
    except ValueError:
        return True


def scan_csv(data: bytes, where: str) -> int:
    """Every cell of a CSV checked; returns how many cells were guarded (began with the apostrophe)."""
    text = data.decode("utf-8-sig")
    guarded = 0
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert not would_run(cell), (where, cell)
            guarded += cell.startswith("'") and would_run(cell[1:])
    return guarded


def scan_xlsx(data: bytes, where: str) -> int:
    """No formula cell; every string that begins with a formula character is a string cell with the
    quote prefix. Returns how many such strings there were."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (where, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and would_run(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (where, cell.coordinate)
                    seen += 1
    return seen


@pytest.fixture()
def loaded(demo_db_path):
    """The demo with the formula strings imported through three uploads."""
    con = db.connect(demo_db_path)
    header = "问题编号,地区代码,责任单位代码,点位类型,点位名称,问题类别,问题描述,发现日期,整改时限,状态,整改日期,复核日期,来源,照片\n"
    body = "".join(f"F-{i},620102,620102,market,城关区测试市场{i},littering,{csv_field(f)},2026-10-01,2026-10-04,open,,,"
                   f"{csv_field(FORMULAS[-1 - i])},\n" for i, f in enumerate(FORMULAS))
    intake.import_problems(con, (header + body).encode(), "p.csv", today=TODAY)
    tasks = "title_code,department_code,task_zh,task_en,due_date,status,area_code\n" + "".join(
        f"civilized,lz_city_mgmt,{csv_field(f)},{csv_field(FORMULAS[-1 - i])},2027-01-31,not_started,620100\n"
        for i, f in enumerate(FORMULAS))
    task_intake.import_tasks(con, tasks.encode(), "t.csv", user="test", today=TODAY)
    obs = "indicator_code,area_code,period,value,note,source\n" + "".join(
        f"ambulances,620102,2026-0{i + 1},{10 + i},{csv_field(f)},{csv_field(FORMULAS[-1 - i])}\n"
        for i, f in enumerate(FORMULAS))
    observations.import_file(con, obs.encode(), "o.csv", today=TODAY)
    yield con
    con.close()


def test_imported_text_is_stored_as_typed(loaded):
    got = loaded.execute("SELECT description FROM problems WHERE problem_id LIKE 'F-%' ORDER BY problem_id").fetchall()
    assert [r[0] for r in got] == FORMULAS          # "\t=1+1" keeps its tab (it was read as "=1+1")
    got = loaded.execute("SELECT task_zh FROM tasks WHERE task_zh IN (SELECT unnest(?))", [FORMULAS]).fetchall()
    assert sorted(r[0] for r in got) == sorted(FORMULAS)
    notes = loaded.execute("SELECT note FROM observations WHERE indicator_code = 'ambulances' AND area_code = '620102' "
                           "AND note IN (SELECT unnest(?))", [FORMULAS]).fetchall()
    assert sorted(r[0] for r in notes) == sorted(FORMULAS)


def test_export_csvs_run_nothing_and_restore_exactly(loaded, tmp_path):
    manifest = export_all(loaded, tmp_path / "export")
    guarded = 0
    for entry in manifest["tables"]:
        guarded += scan_csv((tmp_path / "export" / entry["files"]["csv"]).read_bytes(), entry["table"])
    # each upload brought 6 formula strings in two columns: problems 6 + 6, tasks 6 + 6, observations
    # 6 + 6 = 36 cells at least (the figures table repeats the observations' sources)
    assert guarded >= 36
    rebuilt = rebuild_from_export(tmp_path / "export", tmp_path / "restored.duckdb")
    con = db.connect(rebuilt, read_only=True)
    try:
        got = con.execute("SELECT description, source FROM problems WHERE problem_id LIKE 'F-%' "
                          "ORDER BY problem_id").fetchall()
    finally:
        con.close()
    assert got == list(zip(FORMULAS, FORMULAS[::-1]))


def test_downloads_and_task_xlsx_run_nothing(loaded):
    probs = gather.problems(loaded, "620100")
    assert scan_csv(csv_bytes(probs), "problems download") >= 12
    board = loaded.execute("SELECT * FROM tasks WHERE area_code = '620100'").df()
    for lang in ("zh", "en"):
        export = task_tables.export_frame(board, lang)
        assert scan_csv(csv_bytes(export), "tasks csv") >= 12
        # the download is the import format: read back, the task texts are the stored ones exactly
        back = read_table(csv_bytes(export), "tasks.csv", task_intake.LAYOUT).frame
        assert set(FORMULAS) <= set(back["task_zh"]) and set(FORMULAS) <= set(back["task_en"])
        xlsx = task_tables.to_xlsx_bytes(export)
        assert scan_xlsx(xlsx, "tasks xlsx") >= 12
        # the XLSX reads back as written: the formula strings are text in the cells
        rows = read_xlsx_rows(xlsx)
        cells = {c for r in rows for c in r}
        assert set(FORMULAS) <= cells


def test_templates_and_report_commands_run_nothing(loaded, demo_db_path, capsys):
    frame = template_frame(loaded, "civilized", "620100", "zh", TODAY)
    scan_csv(template_bytes(frame, "t.csv", "zh"), "template csv")
    scan_xlsx(template_bytes(frame, "t.xlsx", "zh"), "template xlsx")
    loaded.close()
    for args in (["report", "--area", "620100", "--format", "csv"],
                 ["problems", "report", "--area", "620100", "--period", "2026-10"],
                 ["score", "--area", "620100"]):
        assert main(args + ["--db", str(demo_db_path)]) == 0
        scan_csv(capsys.readouterr().out.encode(), " ".join(args))


# --------------------------------------------------------------------------- the rule itself

TRICKY = ["=1", "'=x", "''@y", "-5", "-0.5e3", "+3", "-2+3", "\t=1+1", "\r=1", "'plain", "'", "''", "x", "",
          "@", "-", "=", "'-5", "中文=1", " =1"]


def test_guard_round_trips_and_keeps_numbers():
    # hand-worked: "=1" -> "'=1"; "'=x" -> "''=x" (its core "=x" runs); "-5", "-0.5e3", "+3" are numbers
    # (written as they are); "'plain" and "'" are harmless (no core formula character); " =1" starts with
    # a space: a spreadsheet shows it as text
    assert [guard(s) for s in TRICKY] == [
        "'=1", "''=x", "'''@y", "-5", "-0.5e3", "+3", "'-2+3", "'\t=1+1", "'\r=1", "'plain", "'", "''", "x", "",
        "'@", "'-", "'=", "'-5", "中文=1", " =1"]
    assert [unguard(guard(s)) for s in TRICKY] == TRICKY
    assert guard(-5) == -5 and guard(2.5) == 2.5 and not needs_guard("-5")


def test_csv_and_xlsx_written_by_the_product_read_back_exactly():
    layout = Layout("t", (Column("code", "代码", required=True), Column("text", "文本", free=True),
                          Column("value", "数值")))
    frame = pd.DataFrame({"code": [f"c{i}" for i in range(len(TRICKY))], "text": TRICKY,
                          "value": [-1.5] * len(TRICKY)})
    data = frame_csv(frame).encode("utf-8-sig")
    assert "-1.5" in data.decode("utf-8-sig").splitlines()[1]           # a negative number stays a number
    table = read_table(data, "x.csv", layout)
    # read as the upload reads: the free text exactly as written, but leading/trailing spaces trimmed
    # and blank cells blank (" =1" loses its space, "" stays "")
    assert table.frame["text"].tolist() == [s.lstrip(" ") for s in TRICKY]
    xlsx = task_tables.to_xlsx_bytes(frame)
    assert scan_xlsx(xlsx, "xlsx") == sum(would_run(s) for s in TRICKY)
    assert [r[1] for r in read_xlsx_rows(xlsx)[1:]] == TRICKY


def test_a_leading_tab_stays_in_free_text_but_not_in_codes(demo_db_path):
    con = db.connect(demo_db_path)
    text = ("问题编号,地区代码,责任单位代码,点位类型,点位名称,问题类别,问题描述,发现日期,整改时限,状态,整改日期,复核日期,来源,照片\n"
            'TAB-1,"\t620102",620102,market,城关区测试市场,littering,"\t=1+1",2026-10-01,2026-10-04,open,,,暗访,\n')
    intake.import_problems(con, text.encode(), "p.csv", today=TODAY)
    assert con.execute("SELECT area_code, description FROM problems WHERE problem_id = 'TAB-1'").fetchone() == \
        ("620102", "\t=1+1")
    con.close()


def test_every_kind_of_column_is_written_safely():
    frame = pd.DataFrame({"cat": pd.Categorical(["=1", "a"]), "n": [-1, 2], "f": [-0.5, None],
                          "d": pd.to_datetime(["2026-01-01", None]), "b": [True, False]})
    # hand-written: the category label "=1" is text (guarded); -1, -0.5 are numbers (as they are)
    assert frame_csv(frame, lineterminator="\n") == "cat,n,f,d,b\n'=1,-1,-0.5,2026-01-01,True\na,2,,,False\n"
    # a cell holding a CR is quoted (the file then has CRLF lines), so it stays one cell of one row
    text = frame_csv(pd.DataFrame({"x": ["a\rb", "c"]}), lineterminator="\n")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["x"], ["a\rb"], ["c"]]
