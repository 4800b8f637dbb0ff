"""Material readiness: states, the evidence window, and the quality checks run on every upload."""
import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
from PIL import Image

from cocreate.store import db
from cocreate.assessment import readiness as rd
from cocreate.errors import CocreateError

WINDOW = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def png(w, h) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), "white").save(buf, format="PNG")
    return buf.getvalue()


def docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize("due,valid,checked,state", [
    (3, 0, 0, "missing"), (3, 2, 2, "partial"), (3, 3, 1, "ready"), (3, 4, 2, "ready"), (3, 3, 3, "checked"),
])
def test_criterion_state(due, valid, checked, state):
    assert rd.criterion_state(due, valid, checked) == state


def test_evidence_window_is_twelve_months_to_the_review():
    assert rd.evidence_window(dt.date(2026, 12, 31)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert rd.evidence_window(dt.date(2026, 3, 31), 12) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert rd.evidence_window(dt.date(2024, 2, 29), 12) == (dt.date(2023, 3, 1), dt.date(2024, 2, 29))


def test_upload_checks():
    ok = rd.check_upload(b"%PDF-1.7 ...", "方案.pdf", dt.date(2026, 5, 1), WINDOW)
    assert ok["refusal"] is None and ok["flags"] == [] and ok["file_type"] == "pdf"
    small = rd.check_upload(png(640, 480), "照片.png", dt.date(2026, 5, 1), WINDOW)
    assert small["flags"] == ["blurry_risk"] and (small["width_px"], small["height_px"]) == (640, 480)
    sharp = rd.check_upload(png(1200, 900), "照片.PNG", dt.date(2026, 5, 1), WINDOW)
    assert sharp["flags"] == []
    late = rd.check_upload(docx(), "记录.docx", dt.date(2025, 12, 31), WINDOW)
    assert late["file_type"] == "docx" and late["flags"] == ["outside_window"]
    assert rd.check_upload(png(1200, 900), "照片.pdf", dt.date(2026, 5, 1), WINDOW)["refusal"] == "ready_refuse_mismatch"
    assert rd.check_upload(b"MZ\x90\x00 not a document", "a.pdf", dt.date(2026, 5, 1), WINDOW)["refusal"] == "ready_refuse_type"
    big = b"%PDF-" + b"0" * (rd.MAX_BYTES + 1)
    assert rd.check_upload(big, "big.pdf", dt.date(2026, 5, 1), WINDOW)["refusal"] == "ready_refuse_too_big"


def test_readiness_counts_only_valid_documents_worst_first():
    criteria = pd.DataFrame({"code": ["A", "B", "C", "D"], "documents_due": [2, 2, 2, 1]})
    docs = pd.DataFrame({
        "doc_id": ["1", "2", "3", "4", "5", "6"],
        "criterion_code": ["A", "A", "B", "B", "C", "D"],
        "doc_date": pd.to_datetime(["2026-02-01", "2026-03-01", "2026-02-01", "2025-06-01", "2026-04-01", "2026-04-01"]),
        "flags": ["", "", "", "", "blurry_risk", ""],
        "checked_on": pd.to_datetime(["2026-03-02", "2026-03-02", None, None, None, None]),
    })
    r = rd.readiness(criteria, docs, WINDOW).set_index("code")
    assert r.loc["A", "state"] == "checked"
    assert (r.loc["B", "state"], r.loc["B", "n_valid"], r.loc["B", "n_flagged"]) == ("partial", 1, 1)
    assert (r.loc["C", "state"], r.loc["C", "n_valid"]) == ("missing", 0)
    assert r.loc["D", "state"] == "ready"
    order = rd.readiness(criteria, docs, WINDOW)["code"].tolist()
    assert order == ["C", "B", "D", "A"]


def test_store_document_records_flags_and_refuses_bad_files(demo_db_path):
    con = db.connect(demo_db_path)
    now = dt.datetime(2026, 11, 30, 9, 0)
    res = rd.store_document(con, "620100", "C12", png(600, 800), "信用报告截图.png", dt.date(2026, 6, 1), WINDOW,
                            "clerk1", now)
    row = con.execute("SELECT criterion_code, file_type, width_px, flags, uploaded_by FROM material_documents "
                      "WHERE doc_id = ?", [res["doc_id"]]).fetchone()
    assert row == ("C12", "png", 600, "blurry_risk", "clerk1")
    n = con.execute("SELECT count(*) FROM material_documents").fetchone()[0]
    with pytest.raises(CocreateError) as exc:
        rd.store_document(con, "620100", "C12", b"plain text", "x.pdf", dt.date(2026, 6, 1), WINDOW, "clerk1", now)
    assert exc.value.key == "ready_refuse_type"
    assert con.execute("SELECT count(*) FROM material_documents").fetchone()[0] == n
    con.close()


def test_demo_city_has_every_state_and_the_weakest_first(demo_con):
    criteria = db.run(demo_con, "readiness_criteria", area="620100")
    docs = db.run(demo_con, "readiness_documents", area="620100")
    r = rd.readiness(criteria, docs, WINDOW)
    assert set(r["state"]) == set(rd.STATES)
    assert r["state"].tolist() == sorted(r["state"], key=rd.STATES.index)
    assert set(r.loc[r["state"] == "missing", "code"]) == {"C11", "C12"}
