"""Nesting deeper than ``MAX_DEPTH`` is ``too-deep`` at one place, whatever parser reads it.

The builder counts levels and reports the first value at level 65. Deeper still, the parser
may give up before the builder counts: the pure-Python one runs out of stack, and libyaml
0.2.6 (bundled with PyYAML 6.0.4) stops at 1,000 levels with its own error. Neither may
turn the diagnostic into a ``yaml-syntax`` error or move it to where the parser stopped.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from battlemap import source
from battlemap.source import MAX_DEPTH, parse_text

HEADER = "battlemap: 1\naccount: {id: acme, name: Acme, as_of: 2026-11-01}\nx:\n"
"""Three lines: the nesting starts on line 4."""


def flow_per_line(depth: int) -> str:
    return HEADER + " [\n" * depth + " ]\n" * depth


def flow_one_line(depth: int) -> str:
    return HEADER + " " + "[" * depth + "]" * depth


def flow_mappings(depth: int) -> str:
    return HEADER + " " + "{k: " * depth + "v" + "}" * depth


def block_mappings(depth: int) -> str:
    return HEADER + "".join(" " * level + "a:\n" for level in range(1, depth + 1))


def block_sequences(depth: int) -> str:
    return HEADER + " " + "- " * depth + "v\n"


SHAPES = {
    "flow-per-line": (flow_per_line, (68, 2)),
    "flow-one-line": (flow_one_line, (4, 2 + MAX_DEPTH)),
    "flow-mappings": (flow_mappings, (4, 2 + 4 * MAX_DEPTH)),
    "block-mappings": (block_mappings, (68, 66)),
    "block-sequences": (block_sequences, (4, 2 + 2 * MAX_DEPTH)),
}
"""Ways to nest: the text at a depth, and the place of the first value at level 65."""

SHALLOW, DEEP = 100, 1_500
"""100 levels: every parser composes them and the builder reports. 1,500: past libyaml's
limit (1,000) and past what the pure-Python parser can recurse."""

LIBYAML_PROBLEM = "exceeded maximum nesting depth"


def loaders() -> list[Any]:
    """The pure-Python parser, and libyaml's when installed."""
    return [None, *([source._CLoader] if source._CLoader is not None else [])]


def too_deep_place(text: str) -> tuple[int, int]:
    diagnostics = parse_text(text, "lines.yaml").diagnostics
    assert [d.code for d in diagnostics] == ["too-deep"], diagnostics
    return diagnostics[0].line, diagnostics[0].column


@pytest.mark.parametrize("loader", loaders(), ids=lambda loader: "libyaml" if loader else "python")
@pytest.mark.parametrize("shape", SHAPES)
def test_too_deep_is_at_level_65_whatever_the_parser(
    monkeypatch: pytest.MonkeyPatch, loader: Any, shape: str
) -> None:
    monkeypatch.setattr(source, "_CLoader", loader)
    make, place = SHAPES[shape]
    assert too_deep_place(make(SHALLOW)) == place
    assert too_deep_place(make(DEEP)) == place


class _StopsLikeLibyaml026(source._Loader):  # type: ignore[misc]
    """The pure-Python loader made to stop as libyaml 0.2.6 does at its nesting limit, with
    its words, so that this is tested whichever PyYAML is installed. The limit is lower than
    libyaml's 1,000 levels, which the pure-Python composer cannot recurse to."""

    limit = 200

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        if self.flow_level >= self.limit:
            self._stop("while increasing flow level")
        super().fetch_flow_collection_start(token_class)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= self.limit:
            self._stop("while increasing block level")
        return bool(super().add_indent(column))

    def _stop(self, context: str) -> None:
        mark = self.get_mark()
        raise yaml.scanner.ScannerError(context, mark, LIBYAML_PROBLEM, mark)


@pytest.mark.parametrize("shape", SHAPES)
def test_libyaml_nesting_limit_is_too_deep_at_level_65(
    monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """Composing and finding the place both meet the limit (libyaml reads ahead along a
    line, so on one line it stops before it yields the 65th level)."""
    monkeypatch.setattr(source, "_CLoader", _StopsLikeLibyaml026)
    make, place = SHAPES[shape]
    assert too_deep_place(make(DEEP)) == place


def test_the_error_of_the_issue_becomes_too_deep_at_line_68(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PyYAML 6.0.4 said `lines.yaml:1003:2: error[yaml-syntax] while increasing flow level:
    exceeded maximum nesting depth` of 9,000 brackets, one per line."""
    text = flow_per_line(9_000)
    line, column = 1002, 1  # from 0, as libyaml counts: the 1,000th bracket
    where = yaml.Mark(
        "<unicode string>", len(HEADER) + 3 * (line - 3) + column, line, column, None, None
    )

    def stop_like_libyaml(_: str) -> None:
        raise yaml.scanner.ScannerError(
            "while increasing flow level", where, LIBYAML_PROBLEM, where
        )

    monkeypatch.setattr(source, "_compose", stop_like_libyaml)
    assert too_deep_place(text) == (68, 2)
