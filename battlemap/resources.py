"""Where the shipped data files (schemas, templates) live.

Why: in a wheel they are package data under ``battlemap/_data``; in a source checkout
(editable install, tests) they are the top-level ``schemas/`` and ``templates/`` folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder ``name`` ('schemas' or 'templates') of this installation."""
    shipped = _PACKAGE / "_data" / name
    if shipped.is_dir():
        return shipped
    return _PACKAGE.parent / name


def schema_path(kind: str) -> Path:
    """The JSON Schema file for ``kind`` (account, playbook, config, report)."""
    return data_dir("schemas") / f"{kind}.schema.json"
