"""The meeting deck: `python -m cocreate deck` on the demo database, opened again with python-pptx."""
import math
import subprocess
import sys

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from cocreate import REPO_ROOT

from cocreate.store import db
from cocreate.__main__ import main
from cocreate.present.charts import STATUS_COLOURS
from cocreate.present.deck import BEHIND_ROWS_PER_SLIDE, MAX_IMAGES, allocate_images, behind_across_titles, load

HEADINGS = {"zh": "国家园林城市 · 兰州市", "en": "National Garden City · Lanzhou"}
OFF_TRACK = {"zh": "难以按期", "en": "Off track"}
DEMO = {"zh": "演示数据", "en": "Demo data"}


def _texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return out


def _pictures(slide) -> int:
    return sum(1 for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)


@pytest.fixture(scope="module")
def decks(demo_db_file, tmp_path_factory):
    """Both languages built once through the command (in-process: one kaleido browser)."""
    out = {}
    for lang in ("zh", "en"):
        path = tmp_path_factory.mktemp("deck") / f"lanzhou_{lang}.pptx"
        assert main(["deck", "--area", "620100", "--out", str(path), "--lang", lang,
                     "--db", str(demo_db_file)]) == 0
        out[lang] = Presentation(str(path))
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_slides_garden_city_and_images(decks, demo_con, lang):
    prs = decks[lang]
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    data = load(demo_con, "620100")
    n_titles = len(data.titles)
    n_closing = max(1, math.ceil(len(behind_across_titles(data, lang)) / BEHIND_ROWS_PER_SLIDE))
    # civilized, sanitary, env_model, garden, historic, double_support (the benchmark is not a title)
    assert n_titles == 6
    # cover, summary, 6 titles, the public-services slide (Lanzhou keeps the benchmark set), 2 slides of items behind
    assert len(prs.slides) == 2 + n_titles + 1 + n_closing == 11

    slides = list(prs.slides)
    cover = " ".join(_texts(slides[0]))
    assert "兰州市" in cover if lang == "zh" else "Lanzhou" in cover
    assert DEMO[lang] in cover  # the demo data set is illustrative and says so

    garden = [s for s in slides if HEADINGS[lang] in _texts(s)]
    assert len(garden) == 1
    text = " ".join(_texts(garden[0]))
    assert "31.44" in text and "36" in text  # built-up green coverage against the standard
    assert _pictures(garden[0]) == 3  # the worst three indicators' trends
    # a status is a word on its colour
    badges = [s for s in garden[0].shapes if s.has_text_frame and s.text_frame.text == OFF_TRACK[lang]]
    assert badges and str(badges[0].fill.fore_color.rgb) == STATUS_COLOURS["off_track"].lstrip("#").upper()

    total = sum(_pictures(s) for s in slides)
    assert 0 < total - 1 <= MAX_IMAGES   # the trend images (capped), besides the public-services chart

    summary = " ".join(_texts(slides[1]))
    assert "4/11" in summary  # Garden City: 4 of 11 met

    if lang == "zh":
        fonts = {r.font.name for s in slides for sh in s.shapes if sh.has_text_frame
                 for p in sh.text_frame.paragraphs for r in p.runs}
        assert fonts == {"Noto Sans CJK SC"}


def test_deck_unknown_area_exits_2_with_a_sentence(demo_db_file, tmp_path):
    out = tmp_path / "x.pptx"
    res = subprocess.run([sys.executable, "-m", "cocreate", "deck", "--area", "999999", "--out", str(out),
                          "--db", str(demo_db_file), "--lang", "en"], cwd=REPO_ROOT, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 2
    assert "Unknown area code 999999" in res.stderr and "Traceback" not in res.stderr
    assert not out.exists()


def test_deck_title_not_campaigned_is_refused(demo_db_file, tmp_path, capsys):
    out = tmp_path / "x.pptx"
    assert main(["deck", "--area", "620100", "--title", "no_such_title", "--out", str(out),
                 "--db", str(demo_db_file), "--lang", "zh"]) == 2
    assert "no_such_title" in capsys.readouterr().err and not out.exists()


def test_allocate_images_round_robin():
    assert allocate_images([3, 3, 3, 3, 3], 12) == [3, 3, 2, 2, 2]
    assert allocate_images([3, 1, 0], 12) == [3, 1, 0]
    assert allocate_images([], 12) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_has_the_double_support_slide(decks, lang):
    heading = {"zh": "全国双拥模范城市 · 兰州市", "en": "National Double-Support Model City · Lanzhou"}[lang]
    slides = [s for s in decks[lang].slides if heading in _texts(s)]
    assert len(slides) == 1
    text = " ".join(_texts(slides[0]))
    # 5 of 12 met; the standard's item count is not stated, and the slide says so
    coverage = {"zh": "跟踪 12 项（标准总项数未核实）", "en": "12 indicators tracked (the standard's total not confirmed)"}
    assert coverage[lang] in text
    # the worst item first: conscription 98.3 % against 100 (deteriorating)
    assert ("征兵任务完成率" if lang == "zh" else "Conscription quota completion") in text and "98.3" in text
    assert _pictures(slides[0]) == 3
    summary = " ".join(_texts(list(decks[lang].slides)[1]))
    assert "5/12" in summary


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deck_has_the_public_services_slide(decks, lang):
    """One slide: the twelve monitored areas as one chart, after the title slides. Lanzhou's counts by hand
    from data/catalog: 34 items carry a service_area (education 4, employment 2, medical 6, social security 2,
    utilities 2, environment 2, transport 2, safety 2, culture 5, sports 2, pension 3, government 2); all 34
    have a figure; 20 are in the benchmark set and 3 more are rated by Lanzhou's sanitary title (life
    expectancy, sewage treatment, regular exercise): 23 judged, 34 - 23 = 11 with no national figure."""
    heading = {"zh": "公共服务：十二个监测领域 · 兰州市", "en": "Public services: the twelve monitored areas · Lanzhou"}[lang]
    slides = list(decks[lang].slides)
    found = [i for i, s in enumerate(slides) if heading in _texts(s)]
    assert len(found) == 1 and found[0] == 2 + 6   # cover, summary, six title slides, then this one
    assert _pictures(slides[found[0]]) == 1
    text = " ".join(_texts(slides[found[0]]))
    total = {"zh": "共 34 项：有数据 34 项，其中 23 项有对照标准，11 项无国家数值。",
             "en": "34 items in all: 34 with a figure, of which 23 are judged against a standard and 11 have no national figure."}
    assert total[lang] in text
