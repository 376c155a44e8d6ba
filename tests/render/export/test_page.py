"""Page one in Markdown, rendered by markdown-it-py: its tables have the rows the account
calls for, and hostile names stay words in their cell."""

from __future__ import annotations

from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from battlemap.cli import app
from battlemap.render.strings import ui_strings
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


def export_md(account: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["export", str(account), "--format", "md", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def tables(markdown: str) -> dict[str, list[list[str]]]:
    """Each table's rows of cell texts, by the heading before it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    found: dict[str, list[list[str]]] = {}
    heading, rows, row = "", [], []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content
        elif token.type == "tr_open":
            row = []
        elif token.type in ("td_open", "th_open"):
            row.append(_text(tokens[index + 1]))
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type == "table_close":
            found[heading], rows = rows, []
    return found


def _text(inline: Token) -> str:
    return "".join(child.content for child in inline.children or () if child.type == "text")


def test_page_one_tables() -> None:
    path = EXAMPLES / "zh.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    markdown = export_md(path)
    ui = ui_strings("zh")
    assert markdown.startswith(f"# {data['account']['name']}\n")
    found = tables(markdown)
    deals = found[ui["opportunities"]]
    assert deals[0][:3] == [ui["opportunity"], ui["value"], ui["stage"]]
    shown = [d["name"] for d in data["opportunities"] if d.get("result") != "lost"]
    assert [row[0] for row in deals[1:]] == shown
    people = found[ui["key_people"]]
    high = [c["name"] for c in data["contacts"] if c.get("influence") == "high"]
    assert set(high) <= {row[0] for row in people[1:]}
    assert len(found[ui["trust_gaps"]]) <= 1 + 5
    for heading in (ui["flags"], ui["next_steps"]):
        assert f"\n## {heading}\n" in markdown
    closes = {row[0]: row[-1] for row in deals[1:]}
    for deal in data["opportunities"]:
        if deal.get("result", "open") == "open" and deal.get("close_date"):
            assert not closes[deal["name"]].startswith(ui["close_date"])  # the column says it
            assert closes[deal["name"]].endswith("日")
        elif deal.get("closed_on") and deal["name"] in closes:
            assert closes[deal["name"]].startswith(ui["closed_on"])


def test_hostile_names_stay_in_their_cell(tmp_path: Path) -> None:
    text = (EXAMPLES / "en.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    key = next(c for c in data["contacts"] if c.get("influence") == "high")
    hostile = "# Bob | @alice <b>x</b> [l](http://e.example)"
    account = tmp_path / "a.yaml"
    account.write_text(text.replace(f"name: {key['name']}", f"name: '{hostile}'", 1))
    markdown = export_md(account)
    people = tables(markdown)[ui_strings("en")["key_people"]]
    assert all(len(row) == len(people[0]) for row in people)
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<b>" not in rendered and "<a " not in rendered and "@alice" not in rendered
    assert any(row[0] == hostile.replace("@", "@\u200b") for row in people)
