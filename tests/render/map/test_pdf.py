"""The PDF battle map: one page at a glance, A4 landscape, fonts embedded, Chinese text
extractable, identical across builds, and a URL fetcher that reaches nothing outside."""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from battlemap.render.map.html import render_html
from battlemap.render.map.pdf import render_pdf
from battlemap.render.pdf import FetchRefused, SafeFetcher, source_date
from battlemap.render.strings import ui_strings
from tests.conftest import ROOT
from tests.render_support import EXAMPLES, compile_file, hostile_file


def _tool(*args: str | Path) -> str:
    done = subprocess.run([*map(str, args)], capture_output=True, text=True, check=True)
    return done.stdout


def _info(pdf: Path) -> dict[str, str]:
    lines = _tool("pdfinfo", pdf).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def _page_text(pdf: Path, page: int) -> str:
    return _tool("pdftotext", "-f", str(page), "-l", str(page), "-layout", pdf, "-")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    found = {}
    for source in EXAMPLES:
        compiled, options = compile_file(source)
        target = folder / f"{source.stem}.pdf"
        target.write_bytes(render_pdf(compiled, options))
        found[source.stem] = target
    return found


def test_a4_landscape_with_pages(pdfs: dict[str, Path]) -> None:
    for pdf in pdfs.values():
        info = _info(pdf)
        assert info["Page size"].startswith("841.89 x 595.276 pts"), info
        assert int(info["Pages"]) >= 2


def test_page_one_is_the_whole_map_at_a_glance(pdfs: dict[str, Path]) -> None:
    headings = {
        "zh": ("组织架构图", "销售路线图", "信任缺口", "风险提示", "下一步行动", "客户画像与战略"),
        "en": ("Org chart", "The sales road", "Trust gaps", "Flags", "Next steps", "Profile"),
    }
    for name, pdf in pdfs.items():
        first = _page_text(pdf, 1)
        lang = "zh" if "组织架构图" in first else "en"
        *glance, details = headings[lang]
        assert all(h in first for h in glance), (name, first[:400])
        assert details not in first, name
        page = 2  # the details follow page one, after the org chart's own pages if any
        while details not in _page_text(pdf, page):
            assert glance[0] in _page_text(pdf, page), (name, page)
            page += 1
        assert page == (5 if name == "large" else 2), name  # large: its departments, 3 pages


def test_a_section_with_nothing_recorded_stays_off_paper(pdfs: dict[str, Path]) -> None:
    """On screen "No visits yet." prompts the KAM to fill the section in; on paper it would
    be a heading over nothing (the large example has no performance history and no visits)."""
    ui = ui_strings("en")
    compiled, options = compile_file(ROOT / "examples" / "large.yaml")
    html = render_html(compiled, options).decode("utf-8")
    printed = " ".join(_tool("pdftotext", pdfs["large"], "-").split())
    for empty in (ui["no_performance"], ui["no_visits"]):
        assert empty in html
        assert empty not in printed
    assert ui["relationship"] in printed


def test_fonts_are_embedded(pdfs: dict[str, Path]) -> None:
    for pdf in pdfs.values():
        rows = _tool("pdffonts", pdf).splitlines()[2:]
        assert rows
        assert all(row.split()[-5] == "yes" for row in rows), rows


def test_chinese_text_is_extractable(pdfs: dict[str, Path]) -> None:
    text = _tool("pdftotext", pdfs["zh"], "-")
    for name in ("江苏恒驰汽车零部件集团有限公司", "吴志强", "林慧", "二期 MES 与质量追溯系统"):
        assert name in text


def test_running_header_and_page_numbers(pdfs: dict[str, Path]) -> None:
    second = _page_text(pdfs["zh"], 2)
    pages = _info(pdfs["zh"])["Pages"]
    assert "江苏恒驰汽车零部件集团有限公司" in second.splitlines()[0]
    assert "2026年11月15日" in second.splitlines()[0]
    assert re.search(rf"\b2\s*/\s*{pages}\b", second)


def test_identical_bytes_across_builds(
    pdfs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled, options = compile_file(ROOT / "examples" / "zh.yaml")
    assert render_pdf(compiled, options) == pdfs["zh"].read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    stamped = render_pdf(compiled, options)
    assert stamped == render_pdf(compiled, options)
    assert stamped != pdfs["zh"].read_bytes()


def test_dates_come_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert source_date(date(2026, 11, 15)).isoformat() == "2026-11-15T00:00:00+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert source_date(date(2026, 11, 15)).isoformat() == "2026-01-01T00:00:00+00:00"


def test_page_size_and_orientation(tmp_path: Path) -> None:
    compiled, options = compile_file(ROOT / "examples" / "en.yaml", page_size="A3", landscape=False)
    pdf = tmp_path / "a3.pdf"
    pdf.write_bytes(render_pdf(compiled, options))
    assert _info(pdf)["Page size"].startswith("841.89 x 1190.55 pts")


def test_fetcher_serves_only_data_and_project_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "assets").mkdir(parents=True)
    (repo / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = SafeFetcher((repo,))
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    found = fetcher.fetch((repo / "assets" / "logo.svg").as_uri())
    assert b"<svg" in found.read()
    refused = [
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        (tmp_path / "secret.txt").as_uri(),
        f"file://{repo}/../secret.txt",
        f"file://{repo}/assets/%2e%2e/%2e%2e/secret.txt",
        "file://evil.example.com/share/x.png",
        "javascript:alert(1)",
    ]
    for url in refused:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_rendering_never_touches_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        asked.append(address)
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    css = tmp_path / "team.css"
    css.write_text(
        "@import url(http://example.com/x.css);\n"
        ".band { background: url(https://example.com/x.png); }\n"
        ".kicker { background: url(file:///etc/passwd); }\n"
        ".meta { background: url(../../../../etc/passwd); }\n"
    )
    compiled, options = compile_file(hostile_file(tmp_path), css=css)
    pdf = render_pdf(compiled, options)
    assert pdf.startswith(b"%PDF") and asked == []
    assert b"root:x:0:0" not in pdf
