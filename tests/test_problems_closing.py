"""Closing with proof (issue 21 item 4): a unit marks a problem put right only with an "after" photo;
photos carry a role (before = as found, after = put right); the problem card shows both side by side."""
import datetime as dt
import io

import pytest

from cocreate import auth
from cocreate.errors import CocreateError
from cocreate.problems import store
from cocreate.store import db

TODAY = dt.date(2026, 11, 30)


def png(colour) -> bytes:
    """A real 8x8 PNG (st.image draws it), one colour so that each photo is its own file."""
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture()
def setup(demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    con = db.connect(demo_db_path)
    auth.add_user(con, "jiangan", "a-long-password", "clerk", "420102")
    auth.add_user(con, "boss", "a-long-password", "admin")
    pid = db.scalar(con, "SELECT min(problem_id) FROM problems WHERE unit_code = '420102' AND status = 'open' "
                         "AND problem_id NOT IN (SELECT problem_id FROM problem_photos)")
    yield con, auth.get_user(con, "jiangan"), auth.get_user(con, "boss"), pid
    con.close()


def test_rectified_refused_without_an_after_photo(setup):
    con, clerk, _, pid = setup
    with pytest.raises(CocreateError) as exc:
        store.mark_rectified(con, pid, clerk, TODAY, note="已清理", today=TODAY)
    assert exc.value.key == "prob_after_photo_required"
    assert db.scalar(con, "SELECT status FROM problems WHERE problem_id = ?", [pid]) == "open"   # nothing moved
    assert db.scalar(con, "SELECT count(*) FROM problem_photos WHERE problem_id = ?", [pid]) == 0
    with pytest.raises(CocreateError) as exc:   # checked as any photo upload: the bytes must say an image
        store.mark_rectified(con, pid, clerk, TODAY, photos=[("after.png", b"not an image")], today=TODAY)
    assert exc.value.key == "prob_photo_type"


def test_rectified_with_an_after_photo_keeps_it_as_after(setup):
    con, clerk, admin, pid = setup
    store.add_photo(con, pid, clerk, "found.png", png("red"))              # as found: role before
    store.mark_rectified(con, pid, clerk, TODAY, photos=[("after.png", png("green"))], today=TODAY)
    assert db.scalar(con, "SELECT status FROM problems WHERE problem_id = ?", [pid]) == "rectified"
    photos = db.run(con, "problems_photos", problem=pid)
    assert sorted(zip(photos["original_name"], photos["kind"], photos["role"])) == [
        ("after.png", "proof", "after"), ("found.png", "found", "before")]
    store.verify(con, pid, admin, TODAY, today=TODAY)                      # the office's step as before
    assert db.scalar(con, "SELECT status FROM problems WHERE problem_id = ?", [pid]) == "verified"


def side_by_side(node):
    """The columns (their elements' kinds) of the first row of columns holding an image."""
    kids = list((getattr(node, "children", None) or {}).values())
    if kids and all(type(k).__name__ == "Column" for k in kids):
        cols = [[type(e).__name__ for e in k.children.values()] for k in kids]
        if any("Image" in c for c in cols):
            return cols
    for k in kids:
        if found := side_by_side(k):
            return found
    return None


@pytest.mark.parametrize("lang, before, after", [
    ("zh", "2026年11月20日", "2026年11月28日"),      # the column heads name the role; captions the day
    ("en", "20 Nov 2026", "28 Nov 2026"),
])
def test_detail_tab_shows_before_and_after_side_by_side(setup, signed_in_page, lang, before, after):
    con, clerk, _, pid = setup
    store.add_photo(con, pid, clerk, "found.png", png("red"))
    store.mark_rectified(con, pid, clerk, TODAY, photos=[("after.png", png("green"))], today=TODAY)
    # fixed upload times so that the captions' dates are known by hand
    con.execute("UPDATE problem_photos SET uploaded_at = CASE role WHEN 'before' THEN TIMESTAMP '2026-11-20 09:00:00' "
                "ELSE TIMESTAMP '2026-11-28 16:30:00' END WHERE problem_id = ?", [pid])
    con.close()
    at = signed_in_page("pages/rectification.py", None, area="420100", lang=lang)
    at.selectbox(key="prob_pick").set_value(pid).run()
    assert not at.exception
    images = at.tabs[3].get("image")
    assert [c for img in images for c in img.captions] == [before, after]   # two images: before left, after right
    assert side_by_side(at.tabs[3]) == [["Markdown", "Image"], ["Markdown", "Image"]]   # one row, two columns
    heads = {"zh": ["整改前（发现时）", "整改后"], "en": ["Before (as found)", "After (put right)"]}[lang]
    assert all(any(m.value == h for m in at.markdown) for h in heads)
