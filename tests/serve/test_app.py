"""battlemap/serve/app.py through a real server and Chromium: the pages, their live reload,
the diagnostics over them, and what the server refuses."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import expect

from battlemap.serve.app import host_name, page_paths
from battlemap.serve.pages import built_policy
from battlemap.serve.workspace import EVERY_PAGE, INDEX
from tests.serve.conftest import EXAMPLES, Server, accounts_folder, start_server

NAME = "Meridian Cold Chain Logistics, Inc."
MAP = "meridian-cold-chain.html"
DIAGNOSTICS = "#battlemap-diagnostics"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def position(path: Path, text: str) -> tuple[int, int]:
    """The 1-based line and column where ``text`` starts in the file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in {path}")


def test_the_index_and_the_map_show_the_account(server: Server, page: Any) -> None:
    page.goto(server.url)
    expect(page.get_by_role("link", name=NAME)).to_be_visible()
    page.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(server.url + MAP)
    expect(page.locator("h1")).to_contain_text(NAME)
    expect(page.locator(DIAGNOSTICS)).to_have_count(0)


def test_an_edit_appears_without_a_manual_reload(server: Server, page: Any) -> None:
    page.goto(server.url + MAP)
    expect(page.locator("h1")).to_contain_text(NAME)
    edit(server.folder / "en.yaml", f"name: {NAME}", "name: Meridian Renamed Ltd.")
    expect(page.locator("h1")).to_contain_text("Meridian Renamed Ltd.")


def test_errors_show_over_the_last_good_map_until_fixed(server: Server, page: Any) -> None:
    account = server.folder / "en.yaml"
    page.goto(server.url + MAP)
    expect(page.locator("h1")).to_contain_text(NAME)
    edit(account, "status: potential", "status: potentail")
    edit(account, "market_influence: high", "market_influence: hihg")
    overlay = page.locator(DIAGNOSTICS)
    lines = [
        f"accounts/en.yaml:{line}:{column}: error[invalid-enum]"
        for line, column in (position(account, "potentail"), position(account, "hihg"))
    ]
    expect(overlay.locator("li")).to_have_count(2)
    for item, line in zip(overlay.locator("li").all(), lines, strict=True):
        expect(item).to_contain_text(line)
    edit(account, "market_influence: hihg", "market_influence: high")
    expect(page.locator("h1")).to_contain_text(NAME)
    edit(account, "status: potentail", "status: potential")
    expect(overlay).to_have_count(0)
    expect(page.locator("h1")).to_contain_text(NAME)


def test_a_file_broken_from_the_start_gets_a_page_of_its_diagnostics(
    tmp_path: Path, page: Any
) -> None:
    folder = accounts_folder(tmp_path)
    text = (EXAMPLES / "en.yaml").read_text(encoding="utf-8")
    (folder / "meridian.yaml").write_text(text.replace("status: potential", "status: x"))
    running = start_server(tmp_path)
    try:
        page.goto(running.url)
        index_overlay = page.locator(DIAGNOSTICS)
        expect(index_overlay).to_contain_text("accounts/meridian.yaml:14:11: error[invalid-enum]")
        index_overlay.get_by_role("link").click()
        expect(page.locator(DIAGNOSTICS)).to_contain_text("meridian.yaml:14:11")
        expect(page.locator("main")).to_have_count(0)
        edit(folder / "meridian.yaml", "status: x", "status: potential")
        expect(page).to_have_url(running.url + MAP)
        expect(page.locator("h1")).to_contain_text(NAME)
        expect(page.locator(DIAGNOSTICS)).to_have_count(0)
    finally:
        running.stop()


def test_a_new_account_appears_in_the_index_and_a_deleted_one_goes(
    server: Server, page: Any
) -> None:
    page.goto(server.url)
    rows = page.locator("tbody th a")
    expect(rows).to_have_count(1)
    shutil.copy(EXAMPLES / "zh.yaml", server.folder / "zh.yaml")
    expect(page.get_by_role("link", name="江苏恒驰汽车零部件集团有限公司")).to_be_visible()
    expect(rows).to_have_count(2)
    (server.folder / "zh.yaml").unlink()
    expect(rows).to_have_count(1)


def test_the_brief_of_the_next_visit_and_why_there_is_none(server: Server, page: Any) -> None:
    page.goto(server.url + "meridian-cold-chain.brief.html")
    expect(page.locator("h1")).to_contain_text("Walk the Reno DC")
    edit(server.folder / "en.yaml", "date: 2026-11-19", "date: 2026-11-01")
    expect(page.locator("h1")).to_contain_text("No visit brief for " + NAME)
    expect(page.locator("body")).to_contain_text("no visit without an outcome")
    status, _ = server.get("/meridian-cold-chain.brief.html")
    assert status == 404


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that change nothing."""
    work = tmp_path_factory.mktemp("unchanged")
    accounts_folder(work, "en.yaml")
    running = start_server(work)
    yield running
    assert running.stop() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/../accounts/en.yaml",
        "/%2e%2e/accounts/en.yaml",
        "/..%2faccounts%2fen.yaml",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/accounts/en.yaml",
        "/en.yaml",
        "/accounts/",
        "/accounts",
        "/meridian-cold-chain.json",
        "/meridian-cold-chain.yaml",
        "/unknown.html",
    ],
)
def test_nothing_but_the_rendered_pages_is_served(unchanged: Server, path: str) -> None:
    status, body = unchanged.get(path)
    assert status == 404
    assert "battlemap:" not in body


def test_an_unknown_address_is_said_in_the_servers_language(tmp_path: Path) -> None:
    accounts_folder(tmp_path, "en.yaml")
    running = start_server(tmp_path, "--lang", "zh")
    try:
        status, body = running.get("/unknown.html")
    finally:
        assert running.stop() == 0
    assert (status, body) == (404, "404 找不到：没有这个地址的页面")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.2", "", "[::2]"])
def test_a_foreign_host_header_is_refused(unchanged: Server, host: str) -> None:
    status, body = unchanged.get("/" + MAP, host=host)
    assert status == 421
    assert NAME not in body


@pytest.mark.parametrize("host", ["localhost", "localhost:5", "127.0.0.1:80", "[::1]:8000"])
def test_the_local_names_are_served(unchanged: Server, host: str) -> None:
    status, body = unchanged.get("/" + MAP, host=host)
    assert status == 200
    assert NAME in body


def test_served_pages_add_only_the_script_and_its_stream_to_the_policy(
    server: Server, page: Any
) -> None:
    answer = page.goto(server.url + MAP)
    policy = answer.headers["content-security-policy"]
    nonce = page.locator("script").evaluate("e => e.nonce")  # the attribute is hidden
    assert policy == f"{built_policy()}; script-src 'nonce-{nonce}'; connect-src 'self'"
    assert "access-control-allow-origin" not in answer.headers
    other = page.goto(server.url + MAP)
    assert other.headers["content-security-policy"] != policy


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"h1 { color: rgb(1, 2, 3); }")

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def remote_css() -> Iterator[str]:
    """A stylesheet at another address; what it was asked for is recorded."""
    _Recorder.seen.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/remote.css"
    httpd.shutdown()
    httpd.server_close()


def test_a_remote_import_in_css_stays_blocked(tmp_path: Path, page: Any, remote_css: str) -> None:
    accounts_folder(tmp_path, "en.yaml")
    css = tmp_path / "team.css"
    css.write_text(f'@import url("{remote_css}");\n', encoding="utf-8")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    running = start_server(tmp_path, "--css", str(css))
    try:
        page.goto(running.url + MAP, wait_until="load")
        expect(page.locator("h1")).to_contain_text(NAME)
        assert page.locator("h1").evaluate("e => getComputedStyle(e).color") != "rgb(1, 2, 3)"
    finally:
        running.stop()
    assert _Recorder.seen == []
    assert any("Content Security Policy" in text and remote_css in text for text in refused)


def test_the_stylesheet_and_battlemap_yaml_are_watched(tmp_path: Path, page: Any) -> None:
    """A change of a file every account shares (``--css``, ``battlemap.yaml``) rebuilds
    them all: the playbook and defaults are read again, not kept from the start."""
    accounts_folder(tmp_path, "en.yaml")
    config = tmp_path / "battlemap.yaml"
    config.write_text("defaults:\n  currency: USD\n", encoding="utf-8")
    css = tmp_path / "team.css"
    css.write_text("h1 { color: rgb(1, 2, 3); }\n", encoding="utf-8")
    running = start_server(tmp_path, "--css", str(css))
    colour = "e => getComputedStyle(e).color"
    try:
        page.goto(running.url + MAP)
        expect(page.locator("h1")).to_have_css("color", "rgb(1, 2, 3)")
        css.write_text("h1 { color: rgb(4, 5, 6); }\n", encoding="utf-8")
        expect(page.locator("h1")).to_have_css("color", "rgb(4, 5, 6)")
        config.write_text("defaults:\n  currency: USD\nunknown_key: 1\n", encoding="utf-8")
        overlay = page.locator(DIAGNOSTICS)
        expect(overlay).to_contain_text("battlemap.yaml:3:1: error[unknown-key]")
        assert page.locator("h1").evaluate(colour) == "rgb(4, 5, 6)"
        config.write_text("defaults:\n  currency: USD\n", encoding="utf-8")
        expect(overlay).to_have_count(0)
    finally:
        running.stop()


@pytest.mark.parametrize(
    ("header", "host"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("LOCALHOST", "localhost"),
        ("[::1]:8000", "[::1]"),
        ("[::1]", "[::1]"),
        ("evil.example", "evil.example"),
        ("::1", "::1"),
        ("[::1", "[::1"),
    ],
)
def test_host_name(header: str, host: str) -> None:
    assert host_name(header) == host


def test_a_change_reloads_the_pages_it_affects() -> None:
    assert page_paths({"acme", INDEX}) == [
        "/",
        "/acme.brief.html",
        "/acme.html",
        "/index.html",
    ]
    assert page_paths({EVERY_PAGE}) == [EVERY_PAGE]


def _logo(fill: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        f'<rect width="20" height="20" fill="{fill}"/></svg>'
    )


def test_a_changed_logo_redraws_its_map(tmp_path: Path, page: Any) -> None:
    folder = accounts_folder(tmp_path, "en.yaml")
    edit(
        folder / "en.yaml", "  short_name: Meridian\n", "  short_name: Meridian\n  logo: logo.svg\n"
    )
    (folder / "logo.svg").write_text(_logo("#ff0000"), encoding="utf-8")
    running = start_server(tmp_path)
    try:
        page.goto(running.url + MAP)
        logo = page.locator("img.logo")
        first = logo.get_attribute("src")
        (folder / "logo.svg").write_text(_logo("#0000ff"), encoding="utf-8")
        expect(logo).not_to_have_attribute("src", first)
    finally:
        running.stop()


def test_a_broken_template_is_shown_on_the_page_until_fixed(tmp_path: Path, page: Any) -> None:
    accounts_folder(tmp_path, "en.yaml")
    templates = tmp_path / "templates"
    templates.mkdir()
    running = start_server(tmp_path, "--templates", str(templates))
    try:
        page.goto(running.url + MAP)
        expect(page.locator("h1")).to_contain_text(NAME)
        (templates / "_header.html").write_text("{% if %}\n", encoding="utf-8")
        expect(page.locator(DIAGNOSTICS)).to_contain_text("template error")
        (templates / "_header.html").unlink()
        expect(page.locator(DIAGNOSTICS)).to_have_count(0)
        expect(page.locator("h1")).to_contain_text(NAME)
    finally:
        assert running.stop() == 0
    assert "Traceback" not in running.stderr
