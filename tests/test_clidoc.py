"""docs/cli.md is generated from the typer app and must be current."""

from __future__ import annotations

from battlemap.clidoc import reference
from tests.conftest import ROOT


def test_cli_reference_is_current() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "run: python -m battlemap.clidoc > docs/cli.md"


def test_every_command_is_documented() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in (
        "check",
        "build",
        "init",
        "schema",
        "diff",
        "playbook",
        "import",
        "export",
        "serve",
    ):
        assert f"## `battlemap {command}`" in written
