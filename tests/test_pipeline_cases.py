"""Example files as test cases.

``cases/valid/*.yaml`` must pass with no diagnostic at all. Each ``cases/invalid/*.yaml``
states its expected diagnostics in comments, one per line::

    # expect: unknown-key 11:5

and the check must report exactly those (code, line, column), no more, no fewer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from battlemap.assess.flags import RULES
from battlemap.options import CheckOptions
from battlemap.pipeline import check_file
from tests.conftest import CASES, ROOT, TODAY

_EXPECT = re.compile(rb"#\s*expect:\s*([a-z0-9-]+)\s+(\d+):(\d+)")
_OPTIONS = CheckOptions(today=TODAY)


def _cases(kind: str) -> list[Path]:
    return sorted((CASES / kind).glob("*.yaml"))


def expected(path: Path) -> list[tuple[str, int, int]]:
    found = _EXPECT.findall(path.read_bytes())
    return sorted((code.decode(), int(line), int(column)) for code, line, column in found)


def reported(path: Path) -> list[tuple[str, int, int]]:
    diagnostics, _ = check_file(path, _OPTIONS)
    return sorted((d.code, d.line, d.column) for d in diagnostics)


@pytest.mark.parametrize("path", _cases("valid"), ids=lambda p: p.name)
def test_valid_case_has_no_diagnostics(path: Path) -> None:
    diagnostics, _ = check_file(path, _OPTIONS)
    assert [f"{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics] == []


@pytest.mark.parametrize("path", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case_reports_exactly_its_expectations(path: Path) -> None:
    wanted = expected(path)
    assert wanted, f"{path.name} declares no '# expect:' line"
    assert reported(path) == wanted


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_show_only_the_playbooks_advice(path: Path) -> None:
    """The examples are what users copy: no error, and no warning or info about how they are
    written (a slip, a value to quote); only the flags the playbook raises on the account."""
    diagnostics, _ = check_file(path, _OPTIONS)
    assert [d.code for d in diagnostics if d.severity == "error" or d.code not in RULES] == []
