"""The glossary (DESIGN.md "One truth"): CONVENTIONS.md holds the same table as the Method page,
every fact names a function or query that exists, and the Method page shows every fact."""
import importlib
from pathlib import Path

import pytest

from cocreate.present.glossary import FACTS, markdown_table

REPO = Path(__file__).resolve().parent.parent


def test_conventions_holds_the_glossary_verbatim():
    text = (REPO / "CONVENTIONS.md").read_text(encoding="utf-8")
    assert markdown_table() in text, "run: python -m cocreate.present.glossary and paste it into CONVENTIONS.md"


def test_every_fact_names_what_computes_it():
    assert len({f.code for f in FACTS}) == len(FACTS)
    for f in FACTS:
        if f.computed_by.startswith("queries/"):
            assert (REPO / f.computed_by).is_file(), f
            continue
        module, _, name = f.computed_by.rpartition(".")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError:  # a module itself (e.g. cocreate.assessment.questionnaire)
            mod, name = importlib.import_module(f.computed_by), None
        if name and not hasattr(mod, name):
            importlib.import_module(f.computed_by)  # a module, not a function
        assert f.definition_zh and f.definition_en and f.term_zh and f.term_en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_method_page_shows_the_glossary(app_test, lang):
    at = app_test("pages/method.py", lang=lang)
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    for f in FACTS:
        assert (f.term_zh if lang == "zh" else f.term_en) in text
        assert (f.definition_zh if lang == "zh" else f.definition_en) in text
