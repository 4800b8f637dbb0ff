"""The notice's page and table layout (python-docx): fonts for Chinese and Latin text, the red rule,
and tables whose columns are wide enough for their longest word, so no header or cell is broken
mid-word ("Ran k", "Foun d") in Word, WPS or LibreOffice. Chinese text gets an East Asian font
(w:eastAsia: 仿宋 body, 黑体 headings, 宋体 title); where those fonts are missing, Word, WPS and
LibreOffice substitute (Noto Serif/Sans CJK on Linux)."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

RED = RGBColor(0xC0, 0x00, 0x00)
FONTS = {"zh": {"body": "仿宋", "heading": "黑体", "title": "宋体", "latin": "Times New Roman"},
         "en": {"body": "Calibri", "heading": "Calibri", "title": "Calibri", "latin": "Calibri"}}
PAD_CM = 0.1          # each side of a table cell (w:tblCellMar), so a column's text has width - 2 * PAD_CM
SLACK_CM = 0.12       # rounding and the substitute font's wider letters
LATIN_EM = {True: 0.70, False: 0.62}    # a Latin letter's width in em, bold / regular, on the wide side
                                        # (DejaVu Sans, LibreOffice's stand-in for Calibri on Linux)
MIN_SIZE = 6.5        # a table's font is made smaller down to this before its widths are stretched


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of `text` on one line: a wide (CJK) character is 1 em, any other LATIN_EM."""
    em = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else LATIN_EM[bold] for ch in text)
    return em * size_pt / 72 * 2.54


def longest_unbreakable(text: str) -> str:
    """The longest run a line cannot break inside: a Latin word (letters, digits, hyphen and
    punctuation stuck to it); CJK text breaks between any two characters, so a run is one of them."""
    runs = []
    for word in re.split(r"\s+", str(text)):
        runs += [r for r in re.split(r"([\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])", word) if r]
    return max(runs, key=len, default="")


def _run(text) -> str:
    """What must stay on one line: a short text (up to 5 characters: "整改率", "→ 持平") whole, else its
    longest unbreakable run."""
    text = str(text)
    return text if len(text) <= 5 else longest_unbreakable(text)


def column_need_cm(header: str, cells: list, size_pt: float) -> float:
    """The narrowest width a column can have with no word broken: its longest word (bold in the
    header) plus the cell's padding and slack."""
    need = text_width_cm(_run(header), size_pt, bold=True)
    for v in cells:
        need = max(need, text_width_cm(_run(v), size_pt))
    return need + 2 * PAD_CM + SLACK_CM


def fit_widths(header: list[str], rows: list[list], weights: list[float], total_cm: float,
               size_pt: float, least: list | None = None) -> tuple[list[float], float]:
    """Column widths (cm) that sum to `total_cm` with every column at least its `column_need_cm`, and
    the font size used: the given size, or smaller (0.5 pt steps, down to MIN_SIZE) until the needs
    fit; the room left is shared by `weights`. Past MIN_SIZE the needs are kept and the table is as
    wide as they make it (never a word broken). `least`: a smallest width per column (a picture's)."""
    size = size_pt
    while True:
        cols = [[_cell(r[i]) for r in rows] for i in range(len(header))]
        needs = [max(column_need_cm(h, c, size), (least or [0] * len(header))[i])
                 for i, (h, c) in enumerate(zip(header, cols))]
        if sum(needs) <= total_cm or size - 0.5 < MIN_SIZE:
            break
        size -= 0.5
    room = max(0.0, total_cm - sum(needs))
    return [n + room * w / sum(weights) for n, w in zip(needs, weights)], size


def set_fonts(rpr_owner, east_asia: str, latin: str) -> None:
    """Give a run or style both a Latin and an East Asian font (w:rFonts ascii/hAnsi/eastAsia),
    dropping theme fonts, which would otherwise win in Word."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), value)
    fonts.set(qn("w:hint"), "eastAsia")


class Doc:
    def __init__(self, lang: str):
        self.lang = lang
        self.f = FONTS[lang]
        self.doc = Document()
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height, sec.orientation = Cm(21.0), Cm(29.7), WD_ORIENT.PORTRAIT
        sec.left_margin = sec.right_margin = Cm(2.2)
        sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(12 if lang == "zh" else 11)
        set_fonts(normal.element, self.f["body"], self.f["latin"])
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.3
        lang_el = OxmlElement("w:lang")
        lang_el.set(qn("w:val"), "en-GB")
        lang_el.set(qn("w:eastAsia"), "zh-CN")
        normal.element.get_or_add_rPr().append(lang_el)

    def para(self, text="", size=None, bold=False, colour=None, align=None, font="body", indent=False, keep=False):
        """A paragraph; `keep` holds it on the page of the next one (a signature never stands alone)."""
        p = self.doc.add_paragraph()
        if keep:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True
        if align is not None:
            p.alignment = align
        if indent and self.lang == "zh":
            p.paragraph_format.first_line_indent = Pt(24)
        if text:
            self.run(p, text, size, bold, colour, font)
        return p

    def run(self, p, text, size=None, bold=False, colour=None, font="body"):
        r = p.add_run(text)
        set_fonts(r._r, self.f[font], self.f["latin"])
        r.bold = bold
        if size:
            r.font.size = Pt(size)
        if colour is not None:
            r.font.color.rgb = colour
        return r

    def heading(self, text):
        p = self.para(text, size=14 if self.lang == "zh" else 13, bold=True, font="heading")
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        return p

    def rule(self, keep=False, size=8):
        """A black line across the text (the 抄送 / 印发 block's rules)."""
        p = self.para(keep=keep, size=4)
        tight(p)
        _bottom_border(p, str(size), "000000")
        return p

    def red_rule(self):
        """The red line under a red-header document (a bottom border on an empty paragraph)."""
        p = self.doc.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
            bottom.set(qn(k), v)
        bdr.append(bottom)
        ppr.append(bdr)

    def text_width_cm(self) -> float:
        sec = self.doc.sections[-1]
        return (sec.page_width - sec.left_margin - sec.right_margin) / 360000

    def table(self, header: list[str], rows: list[list], weights: list[float], size=9, shade=None, least=None):
        """A grid table as wide as the text, columns from `fit_widths` (`weights` share the room)."""
        widths_cm, size = fit_widths(header, rows, weights, self.text_width_cm(), size, least)
        tbl = self.doc.add_table(rows=1, cols=len(header))
        _cell_margins(tbl, PAD_CM)
        tbl.style = "Table Grid"
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, h in enumerate(header):
            cell = tbl.rows[0].cells[i]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(cell.paragraphs[0], h, size, True, font="heading")
            _shade(cell, "D9D9D9")
        _repeat_header(tbl.rows[0])
        for k, row in enumerate(rows):
            new = tbl.add_row()
            _cant_split(new)
            cells = new.cells
            for i, v in enumerate(row):
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if isinstance(v, str) and i > 0 \
                    and len(v) > 6 else WD_ALIGN_PARAGRAPH.CENTER
                self.run(cells[i].paragraphs[0], _cell(v), size)
                if shade and shade[k]:
                    _shade(cells[i], shade[k])
        # Word and WPS lay a table out from its grid columns, LibreOffice from the cells: set both, no autofit
        tbl.autofit = False
        for i, w in enumerate(widths_cm):
            tbl.columns[i].width = Cm(w)
        for row in tbl.rows:
            for i, w in enumerate(widths_cm):
                row.cells[i].width = Cm(w)
        return tbl


def _cell(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cell_margins(tbl, cm: float) -> None:
    """Left and right padding of every cell of the table (w:tblCellMar), in twips."""
    tblpr = tbl._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(cm / 2.54 * 1440)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def pct(v) -> str:
    return "—" if v is None or pd.isna(v) else f"{v:.1f}%"


def _bottom_border(p, size: str, colour: str) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", size), ("w:space", "1"), ("w:color", colour)):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _cant_split(row) -> None:
    """A row is never split across two pages."""
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def tight(p) -> None:
    """No space after and single line spacing (the 抄送 / 印发 block)."""
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.line_spacing = 1.0
