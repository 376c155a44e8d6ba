"""Shared test helpers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
TODAY = date(2026, 11, 23)
"""The fixed 'today' of the tests, so date checks do not change as days pass."""
