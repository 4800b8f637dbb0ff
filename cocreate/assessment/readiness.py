"""Material-review readiness: per criterion, the documents uploaded within the evidence window and a
state (missing, partial, ready, checked), plus the quality checks run on every upload (file type by
its first bytes, size, image resolution below a floor = "blurry risk", date outside the window)."""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import uuid
import zipfile

import pandas as pd

from cocreate.store import db
from cocreate.errors import CocreateError

STATES = ("missing", "partial", "ready", "checked")       # worst first
MAX_BYTES = 20 * 1024 * 1024
# A photo or scan whose shorter side is under this many pixels is hard to read when printed or
# projected (the county meeting's complaint about blurry photos): flagged, not counted.
MIN_IMAGE_SIDE_PX = 800
ALLOWED_TYPES = {"pdf": (".pdf",), "jpeg": (".jpg", ".jpeg"), "png": (".png",), "docx": (".docx",),
                 "xlsx": (".xlsx",), "doc": (".doc",)}
# Flags that keep a document from counting towards the criterion (it must be replaced).
BLOCKING_FLAGS = frozenset({"blurry_risk", "outside_window"})


def sniff_type(data: bytes) -> str | None:
    """The file's real type from its first bytes (the extension can lie)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels of a JPEG or PNG, read by pillow without decoding the pixels."""
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as im:
            return im.size
    except Exception:
        return None


def evidence_window(review_date: dt.date, months: int = 12) -> tuple[dt.date, dt.date]:
    """The `months` months up to the review date: (first day, review date)."""
    y, m = review_date.year, review_date.month - months
    while m <= 0:
        y, m = y - 1, m + 12
    day = min(review_date.day, calendar.monthrange(y, m)[1])
    return dt.date(y, m, day) + dt.timedelta(days=1), review_date


def check_upload(data: bytes, file_name: str, doc_date: dt.date, window: tuple[dt.date, dt.date]) -> dict:
    """Quality checks of one upload: refused (`refusal` set) when its type is not allowed or does not
    match its extension, or it is too big; otherwise `flags` lists what keeps it from counting."""
    out = {"file_type": sniff_type(data), "size_bytes": len(data), "width_px": None, "height_px": None,
           "flags": [], "refusal": None}
    ext = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if len(data) > MAX_BYTES:
        out["refusal"] = "ready_refuse_too_big"
    elif out["file_type"] is None:
        out["refusal"] = "ready_refuse_type"
    elif ext not in ALLOWED_TYPES[out["file_type"]]:
        out["refusal"] = "ready_refuse_mismatch"
    if out["refusal"]:
        return out
    if out["file_type"] in ("jpeg", "png"):
        size = image_size(data)
        if size is None:
            out["refusal"] = "ready_refuse_type"
            return out
        out["width_px"], out["height_px"] = size
        if min(size) < MIN_IMAGE_SIDE_PX:
            out["flags"].append("blurry_risk")
    if not window[0] <= doc_date <= window[1]:
        out["flags"].append("outside_window")
    return out


def document_flags(docs: pd.DataFrame, window: tuple[dt.date, dt.date]) -> pd.Series:
    """Each document's flags as a set: those stored at upload, the window re-checked now (the
    review date may have moved since)."""
    out = []
    for flags, d in zip(docs["flags"], docs["doc_date"]):
        s = {f for f in (flags or "").split(";") if f and f != "outside_window"} if isinstance(flags, str) else set()
        if not window[0] <= pd.Timestamp(d).date() <= window[1]:
            s.add("outside_window")
        out.append(s)
    return pd.Series(out, index=docs.index, dtype=object)


def criterion_state(due: int, n_valid: int, n_valid_checked: int) -> str:
    """missing: no valid document; partial: fewer than due; ready: enough; checked: enough, and the
    office has checked that many."""
    if n_valid == 0:
        return "missing"
    if n_valid < due:
        return "partial"
    return "checked" if n_valid_checked >= due else "ready"


def readiness(criteria: pd.DataFrame, docs: pd.DataFrame, window: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """One row per criterion: documents (all, valid, checked, flagged), due, share ready, state;
    worst first (missing, partial, ready, checked), then the fewest valid documents."""
    d = docs.copy()
    d["flag_set"] = document_flags(d, window) if len(d) else pd.Series(dtype=object)
    d["valid"] = [not (f & BLOCKING_FLAGS) for f in d["flag_set"]] if len(d) else pd.Series(dtype=bool)
    d["checked"] = d["valid"] & d["checked_on"].notna() if len(d) else pd.Series(dtype=bool)
    counts = d.groupby("criterion_code").agg(n_docs=("doc_id", "count"), n_valid=("valid", "sum"),
                                             n_checked=("checked", "sum")) if len(d) else None
    out = criteria.copy()
    for col in ("n_docs", "n_valid", "n_checked"):
        out[col] = out["code"].map(counts[col]).fillna(0).astype(int) if counts is not None else 0
    out["n_flagged"] = out["n_docs"] - out["n_valid"]
    out["ready_pct"] = 100.0 * out["n_valid"].clip(upper=out["documents_due"]) / out["documents_due"]
    out["state"] = [criterion_state(int(due), int(v), int(c))
                    for due, v, c in zip(out["documents_due"], out["n_valid"], out["n_checked"])]
    out["_order"] = out["state"].map(STATES.index)
    return out.sort_values(["_order", "ready_pct", "code"]).drop(columns="_order").reset_index(drop=True)


def store_document(con, area: str, criterion: str, data: bytes, file_name: str, doc_date: dt.date,
                   window: tuple[dt.date, dt.date], user: str | None, now: dt.datetime) -> dict:
    """Check an upload and record it (metadata, flags, hash) in one transaction; a refused file is
    not recorded. Returns the check result with the new doc_id."""
    check = check_upload(data, file_name, doc_date, window)
    if check["refusal"]:
        raise CocreateError(check["refusal"], file_name, file=file_name, mb=MAX_BYTES // (1024 * 1024),
                            kind=check["file_type"] or "?")
    doc_id = "D" + uuid.uuid4().hex[:12]
    with db.transaction(con, "ready_write_failed") as cur:
        cur.execute("INSERT INTO material_documents (doc_id, area_code, criterion_code, file_name, file_type, "
                    "size_bytes, width_px, height_px, doc_date, uploaded_at, uploaded_by, flags, sha256, source) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'upload')",
                    [doc_id, area, criterion, file_name, check["file_type"], check["size_bytes"], check["width_px"],
                     check["height_px"], doc_date, now, user, ";".join(check["flags"]),
                     hashlib.sha256(data).hexdigest()])
        db.bump_data_version(cur)
    return {**check, "doc_id": doc_id}


def mark_checked(con, doc_id: str, checked_on: dt.date) -> None:
    """The office has checked a document (审核)."""
    with db.transaction(con, "ready_write_failed") as cur:
        cur.execute("UPDATE material_documents SET checked_on = ? WHERE doc_id = ?", [checked_on, doc_id])
        db.bump_data_version(cur)
