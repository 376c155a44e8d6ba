"""docs/design.md draws the layers and modules as they are (tests/design_map.py)."""

from __future__ import annotations

from tests import design_map


def test_the_design_drawing_is_current() -> None:
    assert design_map.current_section() == design_map.drawing(), (
        "docs/design.md is out of date: .venv/bin/python -m tests.design_map --write"
    )
