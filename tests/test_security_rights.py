"""Issue 23: rights hold through every door. A problems or assessment import checks the rights of the
account on what it changes (the stored row's area, the unit, the status move), per role, through the
function the page's upload calls and through the command; a refusal is a sentence and changes nothing."""
import datetime as dt
import hashlib
import io

import pytest

from cocreate import auth
from cocreate.assessment.intake import import_results
from cocreate.cli.parser import main
from cocreate.errors import CocreateError, ImportRejected, PermissionDenied
from cocreate.present.i18n import error_text, t
from cocreate.problems import intake
from cocreate.store import db
from cocreate.present.intake_words import problem_text

TODAY = dt.date(2026, 11, 30)
HEADER = "问题编号,地区代码,责任单位代码,点位类型,点位名称,问题类别,问题描述,发现日期,整改时限,状态,整改日期,复核日期,来源,照片\n"
WUHAN_ID = "WH251201-001"    # demo: a Jiang'an (420102) problem, verified


def row(pid, area="620102", unit="620102", status="open", rectified="", verified="", found="2026-10-01"):
    return f"{pid},{area},{unit},market,城关区测试市场,littering,地面垃圾,{found},2026-10-04,{status},{rectified},{verified},暗访,\n"


def checksum(con):
    """Every row of the tables an import may touch, hashed: equal before and after = nothing changed."""
    h = hashlib.sha256()
    for table in ("problems", "problem_history", "problem_batches", "inspection_points", "assessment_scores",
                  "assessment_batches", "field_results", "questionnaire_results", "meta"):
        h.update(con.execute("SELECT * FROM " + db.quote_ident(table) + " ORDER BY ALL").df().to_csv().encode())
    return h.hexdigest()


@pytest.fixture()
def accounts(demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    con = db.connect(demo_db_path)
    auth.add_user(con, "lz_clerk", "a-long-password", "clerk", "620102")
    auth.add_user(con, "lz_city", "a-long-password", "clerk", "620100")
    auth.add_user(con, "viewer1", "a-long-password", "viewer")
    auth.add_user(con, "boss", "a-long-password", "admin")
    users = {n: auth.get_user(con, n) for n in ("lz_clerk", "lz_city", "viewer1", "boss")}
    yield con, users
    con.close()


def refused_keys(con, text, user):
    before = checksum(con)
    with pytest.raises(ImportRejected) as exc:
        intake.import_problems(con, (HEADER + text).encode(), "p.csv", user=user, today=TODAY)
    assert checksum(con) == before
    assert error_text(exc.value, "zh") and error_text(exc.value, "en")
    for p in exc.value.problems:     # every reason renders as a sentence in both languages
        assert "{" not in problem_text(p, "zh") and "{" not in problem_text(p, "en")
    return [(p.line, p.column, p.key) for p in exc.value.problems]


def stored(con, pid):
    return con.execute("SELECT area_code, unit_code, status FROM problems WHERE problem_id = ?", [pid]).fetchone()


def test_clerk_cannot_take_over_another_citys_problem_by_reusing_its_id(accounts):
    con, users = accounts
    got = refused_keys(con, row(WUHAN_ID, status="rectified", rectified="2026-10-03"), users["lz_clerk"])
    assert got == [(2, "problem_id", "sec_prob_stored_not_allowed")]
    assert stored(con, WUHAN_ID) == ("420102", "420102", "verified")
    # the same row from the Lanzhou city clerk (620100 and its districts): still Wuhan's row
    assert refused_keys(con, row(WUHAN_ID), users["lz_city"]) == [(2, "problem_id", "sec_prob_stored_not_allowed")]


def test_clerk_status_moves_follow_the_page(accounts):
    con, users = accounts
    clerk = users["lz_clerk"]
    # a new problem may come in open or rectified (with a date), never verified or returned
    assert refused_keys(con, row("LZ-T1", status="verified", rectified="2026-10-03", verified="2026-10-05"), clerk) \
        == [(2, "status", "sec_prob_status_office")]
    assert refused_keys(con, row("LZ-T1", status="returned"), clerk) == [(2, "status", "sec_prob_status_office")]
    # a verified date is the office's too, whatever the status written beside it
    assert refused_keys(con, row("LZ-T1", status="rectified", rectified="2026-10-03", verified="2026-10-05"), clerk) \
        == [(2, "verified_date", "sec_prob_verified_date_office")]
    s = intake.import_problems(con, (HEADER + row("LZ-T1")).encode(), "p.csv", user=clerk, today=TODAY)
    assert (s.inserted, stored(con, "LZ-T1")) == (1, ("620102", "620102", "open"))
    # open -> verified by import: the office's; open -> rectified with a date: the clerk's
    assert refused_keys(con, row("LZ-T1", status="verified", rectified="2026-10-03", verified="2026-10-05"), clerk) \
        == [(2, "status", "sec_prob_status_office")]
    s = intake.import_problems(con, (HEADER + row("LZ-T1", status="rectified", rectified="2026-10-03")).encode(),
                               "p.csv", user=clerk, today=TODAY)
    assert (s.updated, stored(con, "LZ-T1")[2]) == (1, "rectified")
    # rectified -> open (undoing a claim) and rectified -> returned are not the clerk's either
    assert refused_keys(con, row("LZ-T1"), clerk) == [(2, "status", "sec_prob_bad_move")]
    assert refused_keys(con, row("LZ-T1", status="returned"), clerk) == [(2, "status", "sec_prob_status_office")]
    # the office verifies by import; then the closed problem is no longer the clerk's to change
    admin_row = row("LZ-T1", status="verified", rectified="2026-10-03", verified="2026-10-05")
    intake.import_problems(con, (HEADER + admin_row).encode(), "p.csv", user=users["boss"], today=TODAY)
    assert stored(con, "LZ-T1")[2] == "verified"
    assert refused_keys(con, admin_row.replace("地面垃圾", "改过的描述"), clerk) == [(2, "problem_id", "sec_prob_closed")]
    # the same file again (nothing changed) passes: a full list re-imported is no change of state
    s = intake.import_problems(con, (HEADER + admin_row).encode(), "p.csv", user=clerk, today=TODAY)
    assert (s.inserted, s.updated, s.unchanged) == (0, 0, 1)


def test_clerk_cannot_assign_a_unit_outside_their_areas(accounts):
    con, users = accounts
    # 620103 (Qilihe) is in the same city, but not on the account of the Chengguan clerk
    assert refused_keys(con, row("LZ-T2", unit="620103"), users["lz_clerk"]) == \
        [(2, "unit_code", "sec_prob_unit_not_allowed")]
    # a Lanzhou department: the Chengguan clerk acts for districts only (as on the page), the city clerk may
    assert refused_keys(con, row("LZ-T2", unit="lz_city_mgmt"), users["lz_clerk"]) == \
        [(2, "unit_code", "sec_prob_unit_not_allowed")]
    s = intake.import_problems(con, (HEADER + row("LZ-T2", unit="lz_city_mgmt")).encode(), "p.csv",
                               user=users["lz_city"], today=TODAY)
    assert s.inserted == 1


def test_viewer_cannot_import_problems(accounts):
    con, users = accounts
    before = checksum(con)
    with pytest.raises(PermissionDenied):
        intake.import_problems(con, (HEADER + row("LZ-T3")).encode(), "p.csv", user=users["viewer1"], today=TODAY)
    assert checksum(con) == before


def test_admin_may_do_what_the_office_does(accounts):
    con, users = accounts
    text = row(WUHAN_ID, area="420102", unit="420102", status="returned")
    s = intake.import_problems(con, (HEADER + text).encode(), "p.csv", user=users["boss"], today=TODAY)
    assert s.updated == 1 and stored(con, WUHAN_ID) == ("420102", "420102", "returned")


# --------------------------------------------------------------------------- the commands

def run_cli(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_problems_command_refuses_and_names_the_account(accounts, demo_db_path, tmp_path, capsys):
    con, _ = accounts
    before = checksum(con)
    con.close()
    f = tmp_path / "p.csv"
    f.write_text(HEADER + row(WUHAN_ID, status="rectified", rectified="2026-10-03"), encoding="utf-8")
    code, out, err = run_cli(["problems", "import", str(f), "--db", str(demo_db_path), "--user", "lz_clerk"], capsys)
    assert code == 2 and "Importing as account lz_clerk (clerk)." in err
    assert "Problem WH251201-001 is stored for area 420102" in err
    code, out, err = run_cli(["problems", "import", str(f), "--db", str(demo_db_path), "--user", "nobody"], capsys)
    assert code == 2 and "There is no user nobody." in err
    code, out, err = run_cli(["problems", "import", str(f), "--db", str(demo_db_path), "--user", "viewer1"], capsys)
    assert code == 2 and "Account viewer1 has the role viewer and cannot import." in err
    con = db.connect(demo_db_path)
    assert checksum(con) == before
    con.close()


SCORES = ("area_code,year,kind,component,score\n"
          "420100,2025,actual,material,90\n420100,2025,actual,field,80\n420100,2025,actual,questionnaire,70\n")


@pytest.mark.parametrize("name, says", [
    ("viewer1", "Account viewer1 has the role viewer and cannot import."),
    ("lz_clerk", "You may not import figures for area 420100."),
    ("lz_city", "You may not import figures for area 420100."),
    ("nobody", "There is no user nobody."),
])
def test_assessment_command_checks_the_account(accounts, demo_db_path, tmp_path, capsys, name, says):
    con, _ = accounts
    before = checksum(con)
    con.close()
    f = tmp_path / "s.csv"
    f.write_text(SCORES, encoding="utf-8")
    code, out, err = run_cli(["assessment", "import", str(f), "--db", str(demo_db_path), "--user", name], capsys)
    assert code != 0 and says in err, err
    con = db.connect(demo_db_path)
    assert checksum(con) == before
    con.close()


def test_assessment_command_as_an_allowed_account_says_who(accounts, demo_db_path, tmp_path, capsys):
    con, users = accounts
    con.close()
    f = tmp_path / "s.csv"
    f.write_text(SCORES.replace("420100", "620100"), encoding="utf-8")
    code, out, err = run_cli(["assessment", "import", str(f), "--db", str(demo_db_path), "--user", "lz_city"], capsys)
    assert code == 0 and "Importing as account lz_city (clerk)." in err
    con = db.connect(demo_db_path)
    # 3 rows imported for 620100 2025 actual, recorded for the account
    assert con.execute("SELECT rows_accepted, user_name FROM assessment_batches ORDER BY batch_id DESC LIMIT 1"
                       ).fetchone() == (3, "lz_city")
    con.close()
    code, out, err = run_cli(["assessment", "import", str(f), "--db", str(demo_db_path), "--dry-run"], capsys)
    assert code == 0 and t("sec_acting_as_cli", "en") in err


def test_assessment_function_checks_an_account_too(accounts):
    con, users = accounts
    before = checksum(con)
    with pytest.raises(PermissionDenied):
        import_results(con, SCORES.encode(), "s.csv", user=users["viewer1"], today=dt.date(2026, 12, 1))
    with pytest.raises(ImportRejected) as exc:
        import_results(con, SCORES.encode(), "s.csv", user=users["lz_clerk"], today=dt.date(2026, 12, 1))
    assert {p.key for p in exc.value.problems} == {"score_imp_not_allowed"}
    assert checksum(con) == before
    assert isinstance(exc.value, CocreateError)
