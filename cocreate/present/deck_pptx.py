"""Drawing the meeting deck with python-pptx: a 16:9 presentation whose every run carries the fonts
of its language, boxes, status badges (a word and a colour, never colour alone), tables, pictures."""
from __future__ import annotations

import io

from cocreate.errors import CocreateError
from cocreate.present.charts import STATUS_COLOURS

CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT_EN = "Arial"
# light fills need dark ink (the same rule as the app's status cells)
DARK_INK_STATUSES = {"on_track", "needs_acceleration", "insufficient_data", "not_applicable"}
INK = "1F2A37"
MUTED = "6B7280"
ALERT = "C0392B"


def _pptx():
    try:
        import pptx  # noqa: F401
    except ModuleNotFoundError as exc:  # pragma: no cover - requirements.txt pins it
        raise CocreateError("pr_deck_failed", str(exc), reason="python-pptx is not installed") from exc
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Emu, Inches, Pt
    return dict(Presentation=Presentation, RGBColor=RGBColor, MSO_SHAPE=MSO_SHAPE, MSO_ANCHOR=MSO_ANCHOR,
                PP_ALIGN=PP_ALIGN, qn=qn, Emu=Emu, Inches=Inches, Pt=Pt)


CELL_MARGIN_IN = 0.1     # python-pptx / PowerPoint default left and right cell margin
LINE = 1.2               # a line of text is this many times its size tall (CJK fonts run tall)


def text_lines(text: str, width_in: float, size_pt: float, bold: bool = False,
               margin: float = CELL_MARGIN_IN, latin: float | None = None) -> int:
    """How many lines `text` takes in a table cell `width_in` wide: each of its lines ("\n") wrapped
    at the cell's width, a wide (CJK) character 1 em, any other 0.6 em (0.65 bold), plus a tenth for
    wrapping at word ends rather than anywhere."""
    import math
    import unicodedata
    room = max(width_in - 2 * margin, 0.1) * 72
    n = 0
    for part in str(text).split("\n"):
        other = latin or (0.65 if bold else 0.6)
        em = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else other for ch in part)
        n += max(1, math.ceil(em * size_pt * 1.05 / room))
    return n


def fit_size(text: str, width_in: float, size_pt: float, lines: int = 1, smallest: float = 10,
             bold: bool = False) -> float:
    """The largest size, from `size_pt` down by half points to `smallest`, at which `text` takes at
    most `lines` lines in a text box `width_in` wide (the boxes' 0.06 in margins; Latin letters at
    Arial's mean width, 0.52 em, 0.56 bold)."""
    while size_pt > smallest and text_lines(text, width_in, size_pt, bold, margin=0.06,
                                            latin=0.56 if bold else 0.52) > lines:
        size_pt -= 0.5
    return size_pt


def row_height_in(cells: list, widths_in: list, size_pt: float, bold: bool = False, least: float = 0.0) -> float:
    """The height a table row needs for its tallest cell (lines x size x LINE, plus the cell's top
    and bottom margins and a little slack), at least `least`."""
    lines = max(text_lines(c, w, size_pt, bold) for c, w in zip(cells, widths_in))
    return max(least, lines * size_pt * LINE / 72 + 0.14)


class _Deck:
    """Thin drawing helpers over python-pptx: every run carries the fonts of the language."""

    def __init__(self, lang: str):
        self.p = _pptx()
        self.lang = lang
        self.prs = self.p["Presentation"]()
        self.prs.slide_width = self.p["Inches"](13.333)
        self.prs.slide_height = self.p["Inches"](7.5)
        self.blank = self.prs.slide_layouts[6]

    def rgb(self, hex_colour: str):
        return self.p["RGBColor"].from_string(hex_colour.lstrip("#").upper())

    def slide(self):
        return self.prs.slides.add_slide(self.blank)

    def style_run(self, run, size: float, bold: bool = False, colour: str = INK) -> None:
        qn = self.p["qn"]
        f = run.font
        f.size = self.p["Pt"](size)
        f.bold = bold
        f.color.rgb = self.rgb(colour)
        f.name = CJK_FONT if self.lang == "zh" else LATIN_FONT_EN
        rpr = run._r.get_or_add_rPr()
        rpr.set("lang", "zh-CN" if self.lang == "zh" else "en-GB")
        latin = rpr.find(qn("a:latin"))
        prev = latin
        for tag in ("a:ea", "a:cs"):  # East Asian text takes the ea typeface in PowerPoint
            el = rpr.find(qn(tag))
            if el is None:
                el = rpr.makeelement(qn(tag), {})
                prev.addnext(el)
            el.set("typeface", CJK_FONT)
            prev = el

    def write(self, frame, lines, size: float = 18, colour: str = INK, bold: bool = False,
              align: str = "left", anchor: str = "top", spacing: float = 1.1, margin: float = 0.06) -> None:
        """Fill a text frame: `lines` are strings or lists of (text, {size, bold, colour}) runs."""
        P = self.p
        frame.word_wrap = True
        frame.vertical_anchor = {"top": P["MSO_ANCHOR"].TOP, "middle": P["MSO_ANCHOR"].MIDDLE,
                                 "bottom": P["MSO_ANCHOR"].BOTTOM}[anchor]
        for side in ("margin_left", "margin_right"):
            setattr(frame, side, P["Inches"](margin))
        for side in ("margin_top", "margin_bottom"):
            setattr(frame, side, P["Inches"](0.03))
        if isinstance(lines, str):
            lines = [lines]
        for i, line in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.alignment = {"left": P["PP_ALIGN"].LEFT, "center": P["PP_ALIGN"].CENTER,
                              "right": P["PP_ALIGN"].RIGHT}[align]
            para.line_spacing = spacing
            runs = [(line, {})] if isinstance(line, str) else line
            for text, opts in runs:
                run = para.add_run()
                run.text = text
                self.style_run(run, opts.get("size", size), opts.get("bold", bold), opts.get("colour", colour))

    def text(self, slide, x, y, w, h, lines, **kw):
        I = self.p["Inches"]
        box = slide.shapes.add_textbox(I(x), I(y), I(w), I(h))
        self.write(box.text_frame, lines, **kw)
        return box

    def rect(self, slide, x, y, w, h, fill: str, line: str | None = None, rounded: bool = False):
        I = self.p["Inches"]
        shape_type = self.p["MSO_SHAPE"].ROUNDED_RECTANGLE if rounded else self.p["MSO_SHAPE"].RECTANGLE
        s = slide.shapes.add_shape(shape_type, I(x), I(y), I(w), I(h))
        s.fill.solid()
        s.fill.fore_color.rgb = self.rgb(fill)
        if line:
            s.line.color.rgb = self.rgb(line)
            s.line.width = self.p["Pt"](1.5)
        else:
            s.line.fill.background()
        s.shadow.inherit = False
        return s

    def badge(self, slide, x, y, w, h, status: str, text: str, size: float = 14):
        """A status as a coloured box with its word (never colour alone)."""
        s = self.rect(slide, x, y, w, h, STATUS_COLOURS.get(status, "#999999"), rounded=True)
        ink = "111827" if status in DARK_INK_STATUSES else "FFFFFF"
        self.write(s.text_frame, text, size=size, bold=True, colour=ink, align="center", anchor="middle",
                   spacing=1.0)
        return s

    def heading(self, slide, text: str, sub: str | None = None) -> None:
        self.rect(slide, 0, 0, 13.333, 0.12, "0072B2")
        self.text(slide, 0.5, 0.3, 12.3, 0.75, text, size=30, bold=True, anchor="middle")
        if sub:
            # one line down to 13 pt, else two lines of at most 12 pt (0.45 in holds them)
            size = fit_size(sub, 12.3, 16, smallest=13)
            if text_lines(sub, 12.3, size, margin=0.06, latin=0.52) > 1:
                size = fit_size(sub, 12.3, 12, lines=2, smallest=10)
            self.text(slide, 0.5, 1.02, 12.3, 0.45, sub, size=size, colour=MUTED, spacing=1.0)

    def footer(self, slide, text: str) -> None:
        self.text(slide, 0.5, 7.05, 12.3, 0.35, text, size=10, colour=MUTED)

    def picture(self, slide, png: bytes, x, y, w):
        I = self.p["Inches"]
        return slide.shapes.add_picture(io.BytesIO(png), I(x), I(y), width=I(w))

    def table(self, slide, x, y, w, widths, header, rows, header_fills=None, cell_fills=None,
              size: float = 14, header_size: float = 14, row_h: float | list = 0.5):
        """A plain table: header row (optionally coloured per column), body rows of text,
        cell_fills[(r, c)] = (fill, ink) paints single cells (status words). `row_h`: one height for
        every row, or a list (header first)."""
        I, P = self.p["Inches"], self.p
        n_rows = len(rows) + 1
        heights = list(row_h) if isinstance(row_h, (list, tuple)) else [row_h] * n_rows
        gf = slide.shapes.add_table(n_rows, len(header), I(x), I(y), I(w), I(sum(heights)))
        tbl = gf.table
        tbl.first_row = True
        tbl.horz_banding = False
        total = sum(widths)
        for i, wdt in enumerate(widths):
            tbl.columns[i].width = P["Emu"](int(I(w) * wdt / total))
        for r in range(n_rows):
            tbl.rows[r].height = I(heights[r])
        header_fills = header_fills or {}
        cell_fills = cell_fills or {}
        for c, text in enumerate(header):
            cell = tbl.cell(0, c)
            fill, ink = header_fills.get(c, ("1F2A37", "FFFFFF"))
            cell.fill.solid()
            cell.fill.fore_color.rgb = self.rgb(fill)
            cell.text_frame.text = ""
            cell.vertical_anchor = P["MSO_ANCHOR"].MIDDLE
            self.write(cell.text_frame, text, size=header_size, bold=True, colour=ink,
                       align="left" if c == 0 else "center", anchor="middle", spacing=1.0, margin=0.03)
        for r, row in enumerate(rows, start=1):
            for c, text in enumerate(row):
                cell = tbl.cell(r, c)
                fill, ink = cell_fills.get((r - 1, c), ("FFFFFF" if r % 2 else "F3F4F6", INK))
                cell.fill.solid()
                cell.fill.fore_color.rgb = self.rgb(fill)
                cell.text_frame.text = ""
                cell.vertical_anchor = P["MSO_ANCHOR"].MIDDLE
                bold = (r - 1, c) in cell_fills
                self.write(cell.text_frame, str(text).split("\n"), size=size, bold=bold, colour=ink,
                           align="left" if c == 0 else "center", anchor="middle", spacing=1.0)
        return tbl

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()


def _status_fill(status: str) -> tuple[str, str]:
    return STATUS_COLOURS.get(status, "#999999"), ("111827" if status in DARK_INK_STATUSES else "FFFFFF")

