"""Shared test helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
TODAY = date(2026, 11, 23)
"""The fixed 'today' of the tests, so date checks do not change as days pass."""


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Terminal messages follow LC_ALL/LANG when nothing else chooses their language: the
    suite pins an English locale so that it does not depend on the machine's (a test of the
    rule sets its own)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""What Chromium's program is called on Debian, Ubuntu, Fedora and Google's own packages."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def run_battlemap(
    *args: str | Path,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -m battlemap ARGS`` in a new process, as a user runs it: output decoded as
    UTF-8, no colour. ``env`` replaces the environment (default: this one). Whatever the
    command says, it never answers with a traceback."""
    environment = {**(os.environ if env is None else env), "PYTHONIOENCODING": "utf-8"}
    environment.setdefault("NO_COLOR", "1")
    done = subprocess.run(
        [sys.executable, "-m", "battlemap", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=environment,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def locked_constraints(folder: Path) -> Path:
    """uv.lock's versions as a pip constraints file in ``folder``, for the tests that install
    battlemap into a fresh virtualenv with pip: they get the versions CI gets. A package the
    lock holds in several versions (per Python version) gets each with its markers."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    lines = []
    for package in lock["package"]:
        if "version" not in package or package["name"] == "battlemap":
            continue
        pin = f"{package['name']}=={package['version']}"
        markers = package.get("resolution-markers")
        lines.append(f"{pin} ; {' or '.join(f'({m})' for m in markers)}" if markers else pin)
    constraints = folder / "constraints.txt"
    constraints.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return constraints


def chromium_executable() -> str:
    """The Chromium on the PATH. `make test` installs it, so its absence fails the test."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(f"no Chromium on the PATH (looked for {', '.join(CHROMIUM_NAMES)})")


def launch_chromium(play: Any) -> Any:
    """Headless Chromium through Playwright (which cannot download its own browser here)."""
    return play.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for the tests of one module."""
    import playwright.sync_api as playwright_api

    with playwright_api.sync_playwright() as play:
        launched = launch_chromium(play)
        yield launched
        launched.close()


@pytest.fixture(scope="session", autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds keep compiled templates in the user's cache folder (``XDG_CACHE_HOME``): the
    tests' builds, and the commands they run, use a folder of their own, not the home's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden reports in tests/golden/ from the current code (review the diff).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
