"""The contacts CSV read back with the csv module: a BOM for Excel, labels in the account's
language, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from battlemap.cli import app
from battlemap.render.export.table import guarded
from battlemap.render.strings import ui_strings
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


def export_csv(account: Path, out: Path, *args: str) -> list[list[str]]:
    result = CliRunner().invoke(
        app, ["export", str(account), "--format", "csv", "-o", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


@pytest.mark.parametrize(("name", "lang"), [("zh.yaml", "zh"), ("en.yaml", "en")])
def test_one_row_per_contact_in_the_accounts_language(tmp_path: Path, name: str, lang: str) -> None:
    path = EXAMPLES / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = export_csv(path, tmp_path / "out.csv")
    ui = ui_strings(lang)
    assert rows[0][:4] == [ui["name"], ui["job_title"], ui["department"], ui["reports_to"]]
    contacts = data["contacts"]
    assert len(rows) == 1 + len(contacts)
    names = {c["id"]: c.get("name") for c in contacts}
    for row, contact in zip(rows[1:], contacts, strict=True):
        assert row[1] == contact.get("title", "")
        assert row[3] == (names[contact["reports_to"]] if contact.get("reports_to") else "")


def test_lang_option_changes_the_labels(tmp_path: Path) -> None:
    rows = export_csv(EXAMPLES / "zh.yaml", tmp_path / "out.csv", "--lang", "en")
    assert rows[0][0] == ui_strings("en")["name"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_guarded(start: str) -> None:
    assert guarded(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert guarded(f"a{start}") == f"a{start}"


def test_a_formula_in_the_account_stays_text(tmp_path: Path) -> None:
    text = (EXAMPLES / "en.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    first = data["contacts"][0]
    hostile = '=HYPERLINK("http://evil.example","x")'
    account = tmp_path / "a.yaml"
    account.write_text(
        text.replace(f"title: {first['title']}", f"title: '{hostile}'", 1), encoding="utf-8"
    )
    rows = export_csv(account, tmp_path / "out.csv")
    assert rows[1][1] == "'" + hostile
