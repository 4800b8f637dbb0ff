"""What leaves the office, rendered as the receiver sees it (issue 22): the weekly notice (DOCX) and the
meeting deck (PPTX) converted to PDF by LibreOffice, the text positions read back with poppler's
pdftotext -bbox. Fails on a table wider than its page, an English header word broken across lines
("Ran" / "k"), a signature on a page of its own, or deck text below the footnote's line, past the
slide's right edge or drawn over other text. Skipped where LibreOffice or poppler is not installed (Debian:
libreoffice-writer-nogui, libreoffice-impress-nogui, poppler-utils; `make office-deps`), refused
then when COCREATE_REQUIRE_OFFICE is set (`make test`)."""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import docx
import pytest
from pptx import Presentation

from cocreate.__main__ import main

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HAVE_TOOLS = bool(SOFFICE and shutil.which("pdftotext"))
if not HAVE_TOOLS and os.environ.get("COCREATE_REQUIRE_OFFICE"):      # `make test` installs them (office-deps)
    raise RuntimeError("COCREATE_REQUIRE_OFFICE is set but soffice or pdftotext is missing")
pytestmark = pytest.mark.skipif(not HAVE_TOOLS, reason="LibreOffice and poppler-utils are needed to render")
PT_PER_CM = 72 / 2.54
WORD = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">|'
                  r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _to_pdf(files, out_dir):
    profile = out_dir / "lo_profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), *map(str, files)], check=True, capture_output=True, timeout=600)
    return [out_dir / (f.stem + ".pdf") for f in files]


def _pages(pdf) -> list[dict]:
    """Each page: width, height, words [(x0, y0, x1, y1, text)] in reading order."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for m in WORD.finditer(out):
        if m.group(1):
            pages.append({"w": float(m.group(1)), "h": float(m.group(2)), "words": []})
        else:
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(3, 7))
            pages[-1]["words"].append((x0, y0, x1, y1, html.unescape(m.group(7))))
    return pages


@pytest.fixture(scope="module")
def rendered(demo_db_file, tmp_path_factory):
    d = tmp_path_factory.mktemp("render")
    files = []
    for lang in ("zh", "en"):
        n = d / f"notice_{lang}.docx"
        assert main(["notice", "--area", "420100", "--period", "2026-W48", "--lang", lang, "--out", str(n),
                     "--db", str(demo_db_file)]) == 0
        # Lanzhou's notice fills its last page: its 抄送 / 印发 block once spilled onto a page alone
        z = d / f"notice_lz_{lang}.docx"
        assert main(["notice", "--area", "620100", "--period", "2026-W48", "--lang", lang, "--out", str(z),
                     "--db", str(demo_db_file)]) == 0
        files.append(z)
        k = d / f"deck_{lang}.pptx"
        assert main(["deck", "--area", "620100", "--lang", lang, "--out", str(k), "--db", str(demo_db_file)]) == 0
        files += [n, k]
    pdfs = _to_pdf(files, d)
    return {f.stem: (f, _pages(p)) for f, p in zip(files, pdfs)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_notice_tables_stay_inside_the_page(rendered, lang):
    _, pages = rendered[f"notice_{lang}"]
    for i, p in enumerate(pages):
        # portrait pages have 2.2 cm side margins, the landscape attachment 2.0 cm; 0.1 cm of grace
        right = p["w"] - (2.2 if p["w"] < p["h"] else 2.0) * PT_PER_CM + 0.1 * PT_PER_CM
        # Chinese punctuation may hang one character past the margin at a line's end (as in Word)
        outside = [w[4] for w in p["words"] if w[2] > right + (12 if w[4][-1:] in "，。、；：）" else 0)]
        assert not outside, (i + 1, outside)


def broken_words(pages, headers: set) -> list[tuple[str, str]]:
    """Pairs of words that make a header word when joined, the second just under the first in the same
    cell (its x range inside the first's, give or take 6 pt, at most two lines down): a word broken
    across lines, as "Ran" over "k"."""
    out = []
    for p in pages:
        ws = p["words"]
        for a in ws:
            if a[4] in headers:
                continue
            line = a[3] - a[1]
            for b in ws:
                if 0 < b[1] - a[1] <= 2.2 * line and b[0] >= a[0] - 6 and b[2] <= a[2] + 6 \
                        and a[4] + b[4] in headers:
                    out.append((a[4], b[4]))
    return out


def test_notice_english_headers_are_not_broken(rendered):
    path, pages = rendered["notice_en"]
    headers = {w for t in docx.Document(str(path)).tables for c in t.rows[0].cells for w in c.text.split()}
    assert {"Rank", "Found", "Overdue", "Repeat", "Escalation"} <= headers
    assert not broken_words(pages, headers)       # e.g. ("Ran", "k"), ("Foun", "d"), ("Repea", "t")
    words = {w[4] for p in pages for w in p["words"]}
    assert headers <= words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_notice_signature_is_not_alone(rendered, lang):
    path, pages = rendered[f"notice_{lang}"]
    contact = "联系人" if lang == "zh" else "(Contact:"
    date = "2026年11月30日" if lang == "zh" else "Nov"
    text = ["".join(w[4] for w in p["words"]) if lang == "zh" else " ".join(w[4] for w in p["words"]) for p in pages]
    # the page with the contact line also holds the requirements' last words and the signature's date
    signed = [i for i, t in enumerate(text) if contact in t]
    assert len(signed) == 1
    t = text[signed[0]]
    assert date in t and ("前将整改情况" in t if lang == "zh" else "problems of the attachment" in t)


def _page_texts(pages, lang) -> list[str]:
    return ["".join(w[4] for w in p["words"]) if lang == "zh" else " ".join(w[4] for w in p["words"]) for p in pages]


@pytest.mark.parametrize("city", ["", "lz_"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_notice_cc_block_is_not_alone(rendered, lang, city):
    """The 抄送 / 印发 block stays on the page of the signature: the page holding "抄送" ("Copy to") also
    holds the office's signature line and the notice's date, never only the block."""
    _, pages = rendered[f"notice_{city}{lang}"]
    cc, issued = ("抄送", "印发") if lang == "zh" else ("Copy to:", "Issued")
    office = "创建全国文明城市工作指挥部办公室" if lang == "zh" else "Civilized City Campaign Office"
    text = _page_texts(pages, lang)
    with_cc = [i for i, t in enumerate(text) if cc in t]
    assert len(with_cc) == 1, with_cc
    t = text[with_cc[0]]
    assert issued in t
    # the signature line comes before the block on the same page (the block's own "issued by" also
    # names the office: the signature is the occurrence before "抄送")
    assert office in t[:t.index(cc)], t[:200]


def overlapping_words(page) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other (boxes crossing by more than 1 pt across and 30 % of a
    line down): a text box that overflows into the next one, as a three-line indicator name over
    its "Latest" line."""
    ws, out = page["words"], []
    for i, a in enumerate(ws):
        for b in ws[i + 1:]:
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3], b[3]) - max(a[1], b[1])
            if across > 1 and down > 0.3 * min(a[3] - a[1], b[3] - b[1]):
                out.append((a[4], b[4]))
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_text_stays_above_the_footnote_and_inside_the_slide(rendered, lang):
    path, pages = rendered[f"deck_{lang}"]
    prs = Presentation(str(path))
    assert len(pages) == len(prs.slides) == 11   # cover, summary, 6 titles, public services, behind (2 slides)
    for i, (p, slide) in enumerate(zip(pages, prs.slides)):
        scale = p["w"] / prs.slide_width                     # points per EMU
        foot = [s for s in slide.shapes if s.has_text_frame and s.top >= prs.slide_height * 0.9]
        line = min((s.top for s in foot), default=prs.slide_height) * scale
        foot_text = "".join(s.text_frame.text for s in foot).replace(" ", "")
        below = "".join(w[4] for w in p["words"] if w[3] > line + 1)
        assert below.replace(" ", "") in ("", foot_text), (i + 1, below)
        past = [w[4] for w in p["words"] if w[2] > p["w"] - 0.3 * 72]      # 0.3 in of edge
        assert not past, (i + 1, past)
        assert not overlapping_words(p), (i + 1, overlapping_words(p))
