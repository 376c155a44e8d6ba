"""battlemap/serve/run.py: starting (the address it prints, the warning for another address,
a port in use) and stopping with Ctrl-C while a page holds its event stream open."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.conftest import run_battlemap
from tests.serve.conftest import Server, accounts_folder, start_server


def test_ctrl_c_stops_it_with_a_page_open(server: Server, page: Any) -> None:
    page.goto(server.url + "meridian-cold-chain.html")
    expect(page.locator("h1")).to_contain_text("Meridian")
    assert server.process.poll() is None
    assert server.stop() == 0
    assert "Traceback" not in server.stderr


def test_a_second_server_on_the_same_port_is_a_usage_error(server: Server) -> None:
    done = run_battlemap("serve", "accounts", "--port", str(server.port), cwd=server.folder.parent)
    assert done.returncode == 2
    assert f"port {server.port} on 127.0.0.1 is in use" in done.stderr
    assert done.stdout == ""


def test_it_prints_the_free_port_it_took(server: Server) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert server.port != 0


def test_another_address_is_served_with_a_warning(tmp_path: Path) -> None:
    accounts_folder(tmp_path, "en.yaml")
    running = start_server(tmp_path, "--host", "0.0.0.0")
    assert running.url.startswith("http://0.0.0.0:")
    page = "/meridian-cold-chain.html"
    assert running.get(page, host="127.0.0.1")[0] == 200
    # 127.0.0.2 is one of the machine's addresses (all of 127/8 is): the address a request
    # came in on is accepted as its Host on a wildcard address; another name is not.
    assert running.get(page, address="127.0.0.2")[0] == 200
    assert running.get(page, host="evil.example", address="127.0.0.2")[0] == 421
    assert running.stop() == 0
    assert "warning: serving on 0.0.0.0: anyone who can reach this address" in running.stderr


def test_the_address_is_announced_in_chinese_under_a_zh_locale(tmp_path: Path) -> None:
    accounts_folder(tmp_path, "en.yaml")
    running = start_server(tmp_path, env={"LANG": "zh_CN.UTF-8"})
    try:
        assert running.said == f"正在预览：{running.url}（按 Ctrl-C 停止）\n"
    finally:
        assert running.stop() == 0


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    done = run_battlemap("serve", "nowhere", "--port", "0", cwd=tmp_path)
    assert done.returncode == 2
    assert "nowhere: no such file or folder" in done.stderr


def test_open_opens_the_index_in_the_browser(tmp_path: Path) -> None:
    """``--open`` runs the user's browser ($BROWSER here: a command that writes the URL)."""
    accounts_folder(tmp_path, "en.yaml")
    opened = tmp_path / "opened.txt"
    browser = f"sh -c 'echo \"$0\" > {opened}.part && mv {opened}.part {opened}' %s"
    running = start_server(tmp_path, "--open", env={"BROWSER": browser})
    try:
        for _ in range(600):
            if opened.exists():
                break
            time.sleep(0.05)
        assert opened.read_text().strip() == running.url
    finally:
        running.stop()
