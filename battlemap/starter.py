"""The commented starter account written by `battlemap init`."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from battlemap.config import find_config, repository_root

_STARTERS = Path(__file__).resolve().parent / "starters"


SCHEMA_FOLDER = ".battlemap"
_MODELINE_URL = "https://battlemap.dev/schemas/"


def local_schema(file: Path, kind: str) -> Path:
    """Where `init` keeps a copy of a schema for editors: `.battlemap/` at the repository."""
    root = repository_root(file, find_config(file))
    return root / SCHEMA_FOLDER / f"{kind}.schema.json"


def _with_modeline(text: str, file: Path, kind: str) -> str:
    """Point the editor modeline at the local copy of the schema, relative to ``file``."""
    target = os.path.relpath(local_schema(file, kind), file.resolve().parent)
    return text.replace(f"{_MODELINE_URL}{kind}.schema.json", target, 1)


def starter_account(lang: str, today: date, file: Path) -> str:
    """The starter in ``lang``, dated ``today`` so that it raises no date warning."""
    text = _with_modeline(
        (_STARTERS / f"account.{lang}.yaml").read_text(encoding="utf-8"), file, "account"
    )
    dates = {
        "{today}": today,
        "{in_two_weeks}": today + timedelta(days=14),
        "{in_six_months}": today + timedelta(days=182),
    }
    for token, day in dates.items():
        text = text.replace(token, day.isoformat())
    return text


_CONFIG_DEFAULTS = {"zh": ("zh", "CNY"), "en": ("en", "USD")}


def starter_config(lang: str, file: Path) -> str:
    """The commented repository configuration written by `battlemap init --repo`."""
    text = (_STARTERS / "battlemap.yaml").read_text(encoding="utf-8")
    language, currency = _CONFIG_DEFAULTS[lang]
    text = text.replace("{lang}", language).replace("{currency}", currency)
    return _with_modeline(text, file, "config")
