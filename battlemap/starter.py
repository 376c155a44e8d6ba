"""The commented starter account written by `battlemap init`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

_STARTERS = Path(__file__).resolve().parent / "starters"


def starter_account(lang: str, today: date) -> str:
    """The starter in ``lang``, dated ``today`` so that it raises no date warning."""
    text = (_STARTERS / f"account.{lang}.yaml").read_text(encoding="utf-8")
    dates = {
        "{today}": today,
        "{in_two_weeks}": today + timedelta(days=14),
        "{in_six_months}": today + timedelta(days=182),
    }
    for token, day in dates.items():
        text = text.replace(token, day.isoformat())
    return text


def starter_config() -> str:
    """The commented repository configuration written by `battlemap init --repo`."""
    return (_STARTERS / "battlemap.yaml").read_text(encoding="utf-8")
