"""docs/diagnostics.md and docs/diagnostics.zh.md document every diagnostic code, and their
examples are true (the Chinese page's examples print Chinese messages: ``--lang zh``).

The loader and schema codes are read from the source (the string arguments of the calls
that make diagnostics), so a new code cannot be added without documenting it; the semantic
check codes come from the registry ``battlemap.checks.CHECKS``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from battlemap.checks import CHECKS
from battlemap.checks.accounts import DUPLICATE_ACCOUNT_ID
from battlemap.checks.written_values import READINGS
from battlemap.cli import app
from battlemap.playbook.overrides import OVERRIDE_CODES
from battlemap.slip_words import SLIPS
from tests.conftest import ROOT, TODAY

DOCS = {"en": ROOT / "docs" / "diagnostics.md", "zh": ROOT / "docs" / "diagnostics.zh.md"}
LANGS = sorted(DOCS)
_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
_MAKERS = {"_fail", "_io_fail", "_diagnostic", "_at", "_at_value", "_at_key"}
"""The helpers of source.py and schema.py whose string arguments include the code."""


def codes_in(module: Path) -> set[str]:
    """Kebab-case string arguments of calls to the diagnostic-making helpers."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in _MAKERS:
            continue
        found.update(
            argument.value
            for argument in node.args
            if isinstance(argument, ast.Constant)
            and isinstance(argument.value, str)
            and _CODE.fullmatch(argument.value)
        )
    return found


LOADER_CODES = codes_in(ROOT / "battlemap" / "source.py") | set(SLIPS)
"""The loader's codes: those source.py makes, and the YAML slips' registry."""
SCHEMA_CODES = codes_in(ROOT / "battlemap" / "schema.py")


def semantic_codes() -> set[str]:
    """The registered checks, and the one across the files of a run."""
    return {*CHECKS, DUPLICATE_ACCOUNT_ID}


def sections(lang: str = "en") -> dict[str, str]:
    """``## code`` heading -> the text of its section."""
    text = DOCS[lang].read_text(encoding="utf-8")
    parts = re.split(r"^## +(\S+) *$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_both_languages_document_the_same_codes_in_the_same_order() -> None:
    assert list(sections("zh")) == list(sections("en"))


def test_the_source_scan_finds_the_known_codes() -> None:
    """Guards the scan itself: if the helpers are renamed, these go missing."""
    assert {
        "file-not-found", "file-unreadable", "file-too-large", "not-utf8", "yaml-syntax",
        "multiple-documents", "empty-document", "yaml-tag", "duplicate-key", "complex-key",
        "not-finite", "too-deep", "alias-budget",
    } <= LOADER_CODES  # fmt: skip
    assert {
        "unknown-key", "missing-key", "wrong-type", "invalid-enum", "out-of-range",
        "invalid-format", "invalid-value",
    } <= SCHEMA_CODES  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", sorted(LOADER_CODES | SCHEMA_CODES))
def test_loader_and_schema_codes_are_documented(code: str, lang: str) -> None:
    assert code in sections(lang), f"{DOCS[lang].name} has no '## {code}' section"


@pytest.mark.parametrize("lang", LANGS)
def test_semantic_check_codes_are_documented(lang: str) -> None:
    missing = sorted(semantic_codes() - set(sections(lang)))
    assert missing == [], f"{DOCS[lang].name} has no section for: {', '.join(missing)}"


@pytest.mark.parametrize("lang", LANGS)
def test_written_value_codes_are_documented_as_errors(lang: str) -> None:
    documented = sections(lang)
    for code in READINGS:
        assert code in documented, f"{DOCS[lang].name} has no '## {code}' section"
        assert documented[code].strip().startswith("*error*"), code


@pytest.mark.parametrize("lang", LANGS)
def test_playbook_override_codes_are_documented_as_errors(lang: str) -> None:
    documented = sections(lang)
    for code in OVERRIDE_CODES:
        assert code in documented, f"{DOCS[lang].name} has no '## {code}' section"
        assert documented[code].strip().startswith("*error*"), code


@pytest.mark.parametrize("lang", LANGS)
def test_every_documented_code_exists(lang: str) -> None:
    known = LOADER_CODES | SCHEMA_CODES | semantic_codes() | set(OVERRIDE_CODES) | set(READINGS)
    stale = sorted(set(sections(lang)) - known)
    assert stale == [], f"{DOCS[lang].name} documents unknown codes: {', '.join(stale)}"


@pytest.mark.parametrize("lang", LANGS)
def test_documented_severity_of_semantic_checks_and_yaml_slips(lang: str) -> None:
    documented = sections(lang)
    severities = {code: CHECKS[code].severity for code in CHECKS}
    severities.update({code: SLIPS[code].severity for code in SLIPS})
    for code, severity in severities.items():
        first_line = documented[code].strip().splitlines()[0]
        assert first_line.startswith(f"*{severity}"), (code, first_line)


_DOC_REPOSITORY = "/home/me/accounts"
_CONFIG_EXAMPLE = "battlemap.yaml"
_VALID_ACCOUNT = "battlemap: 1\naccount: {id: east-steel, name: 华东钢铁, as_of: 2026-11-01}\n"


def examples(lang: str = "en") -> list[tuple[str, str, list[str]]]:
    """(code, YAML file, diagnostic lines) of each section with a YAML example."""
    found = []
    for code, body in sections(lang).items():
        match = re.search(r"```yaml\n(.*?)```\s*```text\n(.*?)```", body, re.DOTALL)
        if match:
            found.append((code, match.group(1), match.group(2).splitlines()))
    return found


@pytest.mark.parametrize(
    ("lang", "code", "text", "lines"),
    [(lang, *example) for lang in LANGS for example in examples(lang)],
    ids=lambda v: str(v)[:30],
)
def test_documented_examples_print_what_the_doc_shows(
    lang: str,
    code: str,
    text: str,
    lines: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    if text.startswith(f"# {_CONFIG_EXAMPLE}\n"):  # a battlemap.yaml beside a valid account
        (tmp_path / _CONFIG_EXAMPLE).write_text(text, encoding="utf-8")
        text = _VALID_ACCOUNT
    (tmp_path / "account.yaml").write_text(text, encoding="utf-8")
    argv = ["check", "account.yaml", "--today", TODAY.isoformat(), "--lang", lang]
    result = CliRunner().invoke(app, argv)
    printed = result.stdout.splitlines()[:-1]
    # the doc shows the repository (here the account's folder) as /home/me/accounts
    assert printed == [line.replace(_DOC_REPOSITORY, str(tmp_path.resolve())) for line in lines]
    assert any(f"[{code}]" in line for line in lines)


_ABOUT_ANOTHER_FILE = {"logo-not-image", "logo-too-large"}
"""Codes about the content of a file beside the account (the logo): an example of one
account file cannot show them; test_hostile.py makes the file and pins them."""


_TOO_LARGE_FOR_AN_EXAMPLE = {"too-many-contacts", "chain-too-deep"}
"""The organisation limits: an example would be thousands of lines (tests/cases/invalid
pins them)."""


@pytest.mark.parametrize("lang", LANGS)
def test_most_codes_have_an_example(lang: str) -> None:
    """Only the I/O codes, not-utf8 (which a text file cannot show), the codes about
    another file and the one about two files lack one."""
    with_example = {code for code, _, _ in examples(lang)}
    without = set(sections(lang)) - with_example
    assert without == {
        "file-not-found", "file-unreadable", "file-too-large", "not-utf8", *_ABOUT_ANOTHER_FILE,
        *_TOO_LARGE_FOR_AN_EXAMPLE, DUPLICATE_ACCOUNT_ID,
    }  # fmt: skip


_EXPECT = re.compile(r"#\s*expect:\s*([a-z0-9-]+)\s+\d+:\d+")


def test_every_code_has_an_invalid_case() -> None:
    """Each code a file can show is pinned by a tests/cases/invalid file (the I/O codes
    and the size limit are tested in commands/test_check_bad_input.py, the codes about
    another file in test_hostile.py, the one about two files in
    commands/test_messages_lang.py)."""
    cases = (ROOT / "tests" / "cases" / "invalid").glob("*.yaml")
    pinned = {
        code for path in cases for code in _EXPECT.findall(path.read_bytes().decode("latin-1"))
    }
    wanted = LOADER_CODES | SCHEMA_CODES | semantic_codes()
    io_codes = {"file-not-found", "file-unreadable", "file-too-large"}
    missing = sorted(wanted - pinned - io_codes - _ABOUT_ANOTHER_FILE - {DUPLICATE_ACCOUNT_ID})
    assert missing == [], f"no tests/cases/invalid file expects: {', '.join(missing)}"
