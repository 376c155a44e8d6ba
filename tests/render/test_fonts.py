"""The font metrics behind every width: read once from the font fontconfig finds, then from
the user's cache; a changed font file is read again; no fontconfig, the rough estimate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from battlemap.render import fonts


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and no metrics kept in this process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fonts.face.cache_clear()
    fonts._read_cache.cache_clear()
    yield tmp_path / "battlemap" / "font-metrics.json"
    fonts.face.cache_clear()
    fonts._read_cache.cache_clear()


def test_metrics_are_read_once_then_come_from_the_cache(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fonts.face()
    assert first is not fonts.ROUGH and fresh.is_file()
    assert first.char_ems("周") == 1.0 and 0.4 < first.char_ems("a") < 0.7
    fonts.face.cache_clear()
    fonts._read_cache.cache_clear()

    def no_reading(bold: bool) -> Any:
        raise AssertionError("the font was read again")

    monkeypatch.setattr(fonts, "_measured", no_reading)
    assert fonts.face() == first


def test_a_changed_font_file_is_read_again(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts.face()
    data = json.loads(fresh.read_text(encoding="utf-8"))
    data["faces"]["regular"]["size"] += 1  # as if the font had been replaced
    fresh.write_text(json.dumps(data), encoding="utf-8")
    fonts.face.cache_clear()
    fonts._read_cache.cache_clear()
    calls: list[bool] = []
    measured = fonts._measured

    def counting(bold: bool) -> Any:
        calls.append(bold)
        return measured(bold)

    monkeypatch.setattr(fonts, "_measured", counting)
    fonts.face()
    assert calls == [False]


def test_without_fontconfig_widths_are_estimated(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    assert fonts.face(bold=True) is fonts.ROUGH
    assert fonts.ROUGH.char_ems("周") == 1.0 and fonts.ROUGH.char_ems("a") == 0.55
