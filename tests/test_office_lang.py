"""Messages of the store and the commands in both languages (issue 20, item 5): every command takes
--lang, and without it the shell's locale chooses."""
from __future__ import annotations

import argparse

import pytest

from cocreate.cli.common import default_lang
from cocreate.cli.parser import build_parser, main
from cocreate.present.locale import office


def _leaves(parser, path=()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
    for action in subs:
        for name, child in action.choices.items():
            yield from _leaves(child, path + (name,))


def test_every_command_takes_lang():
    leaves = list(_leaves(build_parser()))
    assert len(leaves) > 15
    missing = [" ".join(path) for path, p in leaves if not any("--lang" in a.option_strings for a in p._actions)]
    assert missing == []


@pytest.mark.parametrize("env, lang", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh"), ({"LANG": "zh_CN.UTF-8", "COCREATE_LANG": "en"}, "en"),
])
def test_the_shell_locale_chooses(monkeypatch, env, lang):
    for var in ("COCREATE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert default_lang() == lang


def test_a_missing_store_in_either_language(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("COCREATE_LANG", raising=False)
    missing = tmp_path / "none.duckdb"
    assert main(["report", "--area", "620100", "--db", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"找不到数据库文件 {missing}")
    assert main(["backup", str(tmp_path), "--db", str(missing), "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith(f"Database file {missing} not found")


def test_office_messages_have_both_languages_and_the_same_placeholders():
    import string
    for key, (zh, en) in office.STRINGS.items():
        assert zh.strip() and en.strip(), key
        fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert fields(zh) == fields(en), key
