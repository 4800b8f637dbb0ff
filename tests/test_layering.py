"""Translation happens at the edge (CONVENTIONS.md): core code returns codes and numbers, present/ words
them. These tests read every module's imports (inside functions too) and fail when a module outside
cocreate/present/ takes the translator, when intake/ leans on present/ at all, or when an import cycle
goes through present/ or appears where there was none."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "cocreate"
I18N = "cocreate.present.i18n"
TRANSLATOR_NAMES = {"t", "error_text", "STRINGS"}   # the translator, however it is reached

# The command line is an edge like pages/: it prints sentences for people.
EDGE = ("cocreate.present", "cocreate.cli", "cocreate.__main__")
# Modules that still word things themselves (debts: move their sentences to present/ and strike them
# here). The list may only shrink: a listed module that no longer imports the translator fails too.
KNOWN = {
    "cocreate.assessment.charts",        # a feature's charts live with it (CONVENTIONS), titles in words
    "cocreate.problems.charts",          # a feature's charts live with it (CONVENTIONS)
    "cocreate.problems.dispatch",
    "cocreate.problems.notice",          # the weekly notice, a Word document
    "cocreate.problems.notice_data",
    "cocreate.problems.notice_sections",
    "cocreate.problems.remind",
}
# Import cycles that were there before this test (none goes through present/): they may only shrink.
KNOWN_CYCLES = [
    {"cocreate.store.db", "cocreate.store.filestore", "cocreate.store.pg", "cocreate.store.pg_connection",
     "cocreate.store.pg_frames", "cocreate.store.pg_schema"},
    {"cocreate.intake.cells", "cocreate.intake.columns", "cocreate.intake.headers", "cocreate.intake.reading",
     "cocreate.intake.sheets"},
    {"cocreate.method.status", "cocreate.method.status_frame"},
    {"cocreate.campaign.board", "cocreate.intake.tasks"},
]


def _modules() -> dict[str, Path]:
    out = {}
    for p in ROOT.rglob("*.py"):
        parts = p.relative_to(ROOT.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    return out


MODULES = _modules()


def _imports(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """(module imported, names taken from it) for every import statement of a module, at any depth;
    relative imports resolved; a string naming a module (importlib.import_module) counted as well."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, ()) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(up + ([node.module] if node.module else []))
            names = tuple(a.name for a in node.names)
            out.append((base, names))
            out += [(f"{base}.{n}", ()) for n in names if f"{base}.{n}" in MODULES]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in MODULES:
            out.append((node.value, ()))
    return out


def _takes_translator(name: str) -> bool:
    for module, names in _imports(name):
        if module == I18N or module.startswith(I18N + "."):
            return True
        if module.startswith("cocreate.present") and TRANSLATOR_NAMES & set(names):
            return True
    return False


def _outside_edge(name: str) -> bool:
    return not any(name == e or name.startswith(e + ".") for e in EDGE)


def test_only_present_and_the_edge_take_the_translator():
    takers = {m for m in MODULES if _outside_edge(m) and _takes_translator(m)}
    assert takers - KNOWN == set(), "word these in cocreate/present/ (e.g. present/intake_words.py), not here"
    assert KNOWN - takers == set(), "no longer takes the translator: strike it from KNOWN"


def test_intake_never_imports_present():
    """intake/ returns codes and numbers; present/intake_words, template_file and grid_sheet word them
    (and import intake/, so an import the other way would be a cycle)."""
    intake = [m for m in MODULES if m == "cocreate.intake" or m.startswith("cocreate.intake.")]
    assert len(intake) >= 10      # the package is found (cells, columns, grid, reading, template, ...)
    leaning = {m: sorted({mod for mod, _ in _imports(m) if mod.startswith("cocreate.present")}) for m in intake}
    assert {m: v for m, v in leaning.items() if v} == {}


def test_the_checker_sees_every_way_of_importing_the_translator(tmp_path, monkeypatch):
    # hand-made modules, one per way in: each must be caught (a test of the test)
    ways = {
        "a": "from cocreate.present.i18n import t\n",
        "b": "def f():\n    from cocreate.present import i18n\n    return i18n\n",
        "c": "import cocreate.present.i18n as tr\n",
        "d": "from cocreate.present.tables import t\n",
        "e": "import importlib\nM = importlib.import_module('cocreate.present.i18n')\n",
    }
    fake = dict(MODULES)
    for key, text in ways.items():
        (tmp_path / f"{key}.py").write_text(text, encoding="utf-8")
        fake[f"cocreate.fake_{key}"] = tmp_path / f"{key}.py"
    (tmp_path / "z.py").write_text("from cocreate.present.i18n_words import words\n", encoding="utf-8")
    fake["cocreate.fake_z"] = tmp_path / "z.py"
    monkeypatch.setitem(globals(), "MODULES", fake)
    assert [k for k in ways if _takes_translator(f"cocreate.fake_{k}")] == list(ways)
    assert not _takes_translator("cocreate.fake_z")


def _cycles() -> list[set[str]]:
    """The strongly connected groups (more than one module) of cocreate's import graph."""
    graph = {m: {mod for mod, _ in _imports(m) if mod in MODULES and mod != m} for m in MODULES}
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_new_import_cycle():
    cycles = _cycles()
    assert [c for c in cycles if any(m.startswith("cocreate.present") for m in c)] == []
    assert [c for c in cycles if not any(c <= known for known in KNOWN_CYCLES)] == []
