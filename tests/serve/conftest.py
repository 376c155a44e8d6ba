"""A real `battlemap serve` in a subprocess (``--port 0``, the URL read from what it prints),
over a folder of accounts the test may edit, and Chromium to look at it."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
URL = re.compile(r"http://\S+/")


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    folder: Path
    """The served folder of accounts (``accounts/`` in the process's working folder)."""
    stderr: str = ""
    said: str = ""
    """The line it printed on starting."""

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 80)

    def get(
        self, path: str, host: str | None = None, address: str = "127.0.0.1"
    ) -> tuple[int, str]:
        """A raw GET to ``address`` (the path sent exactly as given): status and body."""
        connection = http.client.HTTPConnection(address, self.port, timeout=30)
        headers = {"Host": f"{address}:{self.port}" if host is None else host}
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        body = answer.read().decode("utf-8", "replace")
        connection.close()
        return answer.status, body

    def stop(self) -> int:
        """Ctrl-C, as a user stops it; the exit code (what it printed: ``self.stderr``)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _, self.stderr = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise
        return self.process.returncode


def start_server(work: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    """``battlemap serve accounts --port 0 ARGS`` in ``work`` (``env`` added to the
    environment); returns once it listens."""
    folder = work / "accounts"
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        **(env or {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "battlemap", "serve", "accounts", "--port", "0", *args],
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = URL.search(line)
    if found is None:
        process.kill()
        raise AssertionError(f"no URL in {line!r}; stderr: {process.communicate()[1]}")
    return Server(process, found[0], folder, said=line)


def accounts_folder(work: Path, *examples: str) -> Path:
    folder = work / "accounts"
    folder.mkdir(parents=True)
    for name in examples:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A server over a folder holding the English example, stopped after the test."""
    accounts_folder(tmp_path, "en.yaml")
    running = start_server(tmp_path)
    yield running
    assert running.stop() == 0
    assert "Traceback" not in running.stderr


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()
