"""The limits of docs/security.md ("Limits"): each value at its limit passes, one beyond is an
error at the first item beyond it, in ``check`` and ``build`` alike; and the text and org
chart steps are linear (shown by counting steps, never by timing).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from battlemap.checks.limits import MAX_CHAIN_DEPTH, MAX_CONTACTS
from battlemap.checks.logo_size import MAX_LOGO_BYTES, MAX_LOGO_PIXELS
from battlemap.commands.build import build_paths
from battlemap.diagnostics import Diagnostic
from battlemap.model import build_account
from battlemap.options import BuildOptions, CheckOptions
from battlemap.pipeline import check_file
from battlemap.render import widths
from battlemap.render.orgchart import ORG_CHART_LABELS, measure, org_charts, planner
from battlemap.source import MAX_ALIAS_TEXT, MAX_NUMBER_DIGITS, parse_text
from tests.conftest import TODAY, run_battlemap

HEAD = "battlemap: 1\naccount:\n  id: acme\n  name: Acme Ltd\n  as_of: 2026-11-01\n"


def _check(tmp_path: Path, text: str, name: str = "account.yaml") -> list[Diagnostic]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (tmp_path / "battlemap.yaml").write_text("team: []\n", encoding="utf-8")
    diagnostics, _ = check_file(path, CheckOptions(today=TODAY))
    return diagnostics


def _codes(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in diagnostics]


def _builds(tmp_path: Path, text: str) -> bool:
    """Whether ``build`` writes the HTML map of ``text`` (and never raises)."""
    path = tmp_path / "account.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "battlemap.yaml").write_text("team: []\n", encoding="utf-8")
    run = build_paths([path], BuildOptions(out=tmp_path / "out", formats=("html", "json")))
    return run.failed == 0 and any(p.suffix == ".html" for p in run.written)


# ---- Text: wrapping and clipping are linear ---------------------------------------------------


def _measures(monkeypatch: pytest.MonkeyPatch, work: Callable[[], object]) -> int:
    """How many characters ``work`` measures (calls of the per-character width)."""
    calls = 0
    width = widths.char_ems

    def counting(ch: str, bold: bool = False) -> float:
        nonlocal calls
        calls += 1
        return width(ch, bold)

    monkeypatch.setattr(widths, "char_ems", counting)
    work()
    monkeypatch.setattr(widths, "char_ems", width)
    return calls


@pytest.mark.parametrize(
    "unit",
    ["x", "总", "ab ", "Managing Director "],
    ids=["one-latin-word", "one-cjk-word", "short-words", "long-words"],
)
def test_wrapping_a_title_measures_linearly(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """Was quadratic: the last line was re-measured whole for every word added to it."""
    counts = {}
    for n in (2_000, 4_000):
        title = unit * (n // len(unit))
        counts[n] = _measures(monkeypatch, lambda t=title: measure.wrap(t, 24))  # type: ignore[misc]
    assert counts[4_000] <= 2 * counts[2_000] + 100, counts


def test_wrapping_stops_reading_once_the_last_line_is_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    title = "word " * 200_000
    assert _measures(monkeypatch, lambda: measure.wrap(title, 24)) < 1_000


def test_wrapping_breaks_ordinary_titles_between_words_within_the_width() -> None:
    """Lines break between words, each within the width measured in the chart's font."""
    title = "Head of Procurement and Strategic Sourcing"
    lines = measure.wrap(title, 12)
    assert len(lines) == 2 and " ".join(lines) == title
    assert all(widths.ems(line) <= 12 for line in lines)
    assert widths.ems(f"{lines[0]} {lines[1].split()[0]}") > 12  # the first line is full
    clipped = measure.wrap("x" * 200, 10, lines=1)
    assert len(clipped) == 1 and clipped[0].endswith("…") and widths.ems(clipped[0]) <= 10
    assert measure.wrap("采购部总经理兼供应链管理中心主任" * 3, 10) == [
        "采购部总经理兼供应链",
        "管理中心主任采购部…",
    ]


def test_a_one_megabyte_title_builds_in_bounded_time(tmp_path: Path) -> None:
    """A hang guard (was about 35 minutes): the whole build, in a subprocess."""
    account = tmp_path / "account.yaml"
    title = "x" * 1_000_000
    account.write_text(HEAD + f"contacts:\n  - id: a\n    name: A\n    title: {title}\n")
    done = run_battlemap("build", account, "-o", tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "acme.html").is_file()


# ---- Numbers ---------------------------------------------------------------------------------


def test_a_number_of_ten_thousand_digits_is_a_diagnostic_not_a_traceback() -> None:
    loaded = parse_text("x: " + "9" * 10_001 + "\n", "a.yaml")
    assert _codes(loaded.diagnostics) == [("number-too-long", 1, 4)]


@pytest.mark.parametrize(
    "written",
    ["1" * (MAX_NUMBER_DIGITS + 1), "1." + "0" * MAX_NUMBER_DIGITS, "0x" + "f" * 31],
)
def test_one_digit_beyond_the_limit_is_refused(written: str) -> None:
    assert [d.code for d in parse_text(f"x: {written}\n", "a.yaml").diagnostics] == [
        "number-too-long"
    ]


@pytest.mark.parametrize("written", ["1" * MAX_NUMBER_DIGITS, "-1." + "5" * 29, "1e300"])
def test_a_number_at_the_digit_limit_is_read(written: str) -> None:
    loaded = parse_text(f"x: {written}\n", "a.yaml")
    assert loaded.diagnostics == [] and loaded.document is not None
    assert isinstance(loaded.document.data["x"], int | float)


@pytest.mark.parametrize(
    ("field", "written"),
    [
        ("wallet", "10000000000000000000000000000"),  # 29 digits: Babel could not format it
        ("wallet", "1.7e308"),
        ("wallet", "1000000000000000000"),  # 10^18: one beyond the limit
        ("revenue_ltm", "0.00001"),  # 5 decimals: a share of wallet Babel cannot format
        ("wallet", "1e-30"),
    ],
)
def test_money_beyond_the_limits_is_an_error_in_check_and_build(
    tmp_path: Path, field: str, written: str
) -> None:
    text = HEAD + f"  {field}: {written}\n  revenue_ltm: 1\n" if field == "wallet" else ""
    text = text or HEAD + f"  wallet: 1\n  {field}: {written}\n"
    line = 6 if field == "wallet" else 7
    assert _codes(_check(tmp_path, text)) == [("out-of-range", line, len(field) + 5)]
    assert not _builds(tmp_path, text)


def test_money_at_the_limits_builds(tmp_path: Path) -> None:
    """The largest amounts and the smallest wallet: every figure Babel formats, including a
    share of wallet of 10^22 (as a percentage, 10^24)."""
    text = (
        HEAD.replace("  as_of", "  currency: USD\n  as_of")
        + "  wallet: 0.0001\n  revenue_ltm: 999999999999999999\n  margin: 1\n"
        + "  size: {employees: 999999999999, revenue: 123456789.1234}\n"
        + "opportunities:\n  - {id: big, name: Big, stage: need, value: 999999999999999999}\n"
    )
    assert [d for d in _check(tmp_path, text) if d.severity == "error"] == []
    assert _builds(tmp_path, text)


def test_an_opportunity_value_of_400_digits_is_refused(tmp_path: Path) -> None:
    text = (
        HEAD + "opportunities:\n  - {id: big, name: Big, stage: need, value: " + "9" * 400 + "}\n"
    )
    assert _codes(_check(tmp_path, text)) == [("number-too-long", 7, 46)]
    assert not _builds(tmp_path, text)


def _weighted(weight: str) -> str:
    criteria = f"[{{id: k, label: K, weight: {weight}}}, {{id: j, label: J, weight: 1}}]"
    return HEAD + (
        "opportunities:\n  - id: a\n    name: A\n    stage: need\n    competition:\n"
        f"      criteria: {criteria}\n      us: {{k: 3, j: 4}}\n"
        "      competitors: [{id: r, name: R, scores: {k: 5, j: 1}}]\n"
    )


def test_a_criterion_weight_at_the_limit_builds(tmp_path: Path) -> None:
    text = _weighted("1000000")
    assert _check(tmp_path, text) == []
    assert _builds(tmp_path, text)


@pytest.mark.parametrize("weight", ["999999999999999999999999999999", "1000000.5", "0.00001"])
def test_a_criterion_weight_beyond_the_limits_is_an_error(tmp_path: Path, weight: str) -> None:
    """A weight of 10^29 passed check and ended the build in Babel's InvalidOperation."""
    text = _weighted(weight)
    assert [d.code for d in _check(tmp_path, text)] == ["out-of-range"]
    assert not _builds(tmp_path, text)


# ---- Aliases: the text they add ---------------------------------------------------------------


def _aliased_names(length: int, people: int) -> str:
    lines = [HEAD + f"x-name: &name {'n' * length}\ncontacts:"]
    lines += [f"  - {{id: c{i}, name: *name}}" for i in range(people)]
    return "\n".join(lines) + "\n"


def test_aliases_may_add_text_up_to_the_limit(tmp_path: Path) -> None:
    text = _aliased_names(MAX_ALIAS_TEXT // 100, 100)
    assert [d.code for d in _check(tmp_path, text)] == []


def test_one_character_of_alias_text_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    """100 contacts named by one anchored 50,001-character string: refused when the last
    alias crosses the limit (was 100 MB of HTML for a 1 MB anchor)."""
    text = _aliased_names(MAX_ALIAS_TEXT // 100 + 1, 100)
    (found,) = _check(tmp_path, text)
    assert (found.code, found.path) == ("alias-budget", "/contacts/99/name")
    assert not _builds(tmp_path, text)


def test_keys_of_an_aliased_mapping_count_as_text(tmp_path: Path) -> None:
    key = "k" * 1_000_000
    text = HEAD + f"x-a: &a\n  ? {key}\n  : 1\nx-b: [" + ", ".join(["*a"] * 6) + "]\n"
    assert [d.code for d in _check(tmp_path, text)] == ["alias-budget"]


# ---- Ids -------------------------------------------------------------------------------------


def test_an_id_with_a_trailing_newline_is_invalid(tmp_path: Path) -> None:
    text = HEAD.replace("id: acme", 'id: "acme\\n"')
    assert _codes(_check(tmp_path, text)) == [("invalid-format", 3, 7)]
    assert not _builds(tmp_path, text)
    assert not list((tmp_path / "out").glob("acme*"))


def test_an_id_of_64_characters_builds_and_65_is_too_long(tmp_path: Path) -> None:
    longest = HEAD.replace("id: acme", "id: " + "a" * 64)
    assert _check(tmp_path, longest) == []
    assert _builds(tmp_path, longest)
    beyond = HEAD.replace("id: acme", "id: " + "a" * 65)
    assert _codes(_check(tmp_path, beyond)) == [("too-long", 3, 7)]


def test_a_300_character_account_id_is_refused_before_any_file_is_named(tmp_path: Path) -> None:
    text = HEAD.replace("id: acme", "id: " + "a" * 300)
    assert [d.code for d in _check(tmp_path, text)] == ["too-long"]
    assert not _builds(tmp_path, text)


def test_a_visit_id_names_a_brief_file_and_is_limited_alike(tmp_path: Path) -> None:
    visit = "v" * 65
    text = HEAD + f"visits:\n  - id: {visit}\n    date: 2026-12-01\n    objective: Meet\n"
    assert _codes(_check(tmp_path, text)) == [("too-long", 7, 9)]


@pytest.mark.parametrize("name", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_windows_device_names_are_not_ids(tmp_path: Path, name: str) -> None:
    text = HEAD.replace("id: acme", f"id: {name}")
    assert _codes(_check(tmp_path, text)) == [("invalid-value", 3, 7)]


def test_names_that_only_start_like_a_device_are_ids(tmp_path: Path) -> None:
    for name in ("console", "com10", "nul-ops", "lpt"):
        assert _check(tmp_path, HEAD.replace("id: acme", f"id: {name}")) == []


# ---- Reading files ---------------------------------------------------------------------------


def test_a_link_to_dev_zero_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    diagnostics, _ = check_file(link, CheckOptions(max_bytes=1_000))
    assert [(d.code, d.message) for d in diagnostics] == [
        (
            "file-too-large",
            "the file has more than 1,000 bytes, over the limit of 1,000 (--max-bytes)",
        )
    ]


def test_a_link_to_a_system_file_shows_none_of_its_content(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin\n")
    link = tmp_path / "account.yaml"
    link.symlink_to(secret)
    diagnostics, _ = check_file(link, CheckOptions())
    assert [d.code for d in diagnostics] == ["wrong-type"]
    assert "root" not in diagnostics[0].message and "daemon" not in diagnostics[0].message


# ---- Logos -----------------------------------------------------------------------------------


def _png(width: int, height: int) -> bytes:
    """A valid PNG header of the given size (a scanner reads no further)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def _jpeg(width: int, height: int) -> bytes:
    """A JPEG's start, an APP0 segment, then a baseline frame header of the given size."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame


def _with_logo(tmp_path: Path, name: str, content: bytes) -> str:
    (tmp_path / name).write_bytes(content)
    return HEAD + f"  logo: {name}\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("huge.png", _png(12_000, 12_000)),
        ("wide.png", _png(MAX_LOGO_PIXELS + 1, 1)),
        ("huge.jpg", _jpeg(2_001, 2_000)),
        (
            "heavy.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * MAX_LOGO_BYTES + b"</svg>",
        ),
    ],
)
def test_a_logo_beyond_the_limits_is_an_error_in_check_and_build(
    tmp_path: Path, name: str, content: bytes
) -> None:
    text = _with_logo(tmp_path, name, content)
    assert _codes(_check(tmp_path, text)) == [("logo-too-large", 6, 9)]
    assert not _builds(tmp_path, text)


def test_a_logo_at_the_pixel_limit_passes(tmp_path: Path) -> None:
    for name, content in (("a.png", _png(2_000, 2_000)), ("b.jpg", _jpeg(2_000, 2_000))):
        assert _check(tmp_path, _with_logo(tmp_path, name, content)) == []


# ---- Contacts and reporting chains -----------------------------------------------------------


def _people(count: int, boss: Callable[[int], int | None]) -> str:
    lines = [HEAD + "contacts:"]
    for i in range(count):
        manager = boss(i)
        above = "" if manager is None else f", reports_to: c{manager}"
        lines.append(f"  - {{id: c{i}, name: P{i}{above}}}")
    return "\n".join(lines) + "\n"


def test_the_contact_limit_is_an_error_at_the_first_contact_beyond_it(tmp_path: Path) -> None:
    assert _check(tmp_path, _people(MAX_CONTACTS, lambda i: None)) == []
    beyond = _check(tmp_path, _people(MAX_CONTACTS + 1, lambda i: None))
    assert _codes(beyond) == [("too-many-contacts", 7 + MAX_CONTACTS, 5)]


def test_the_chain_limit_is_an_error_at_the_first_contact_beyond_it(tmp_path: Path) -> None:
    def chain(i: int) -> int | None:
        return i - 1 if i else None

    assert _check(tmp_path, _people(MAX_CHAIN_DEPTH, chain)) == []
    beyond = _check(tmp_path, _people(MAX_CHAIN_DEPTH + 5, chain))
    assert [(d.code, d.path) for d in beyond] == [
        ("chain-too-deep", f"/contacts/{MAX_CHAIN_DEPTH}/reports_to")
    ]


def test_a_reporting_cycle_is_not_also_a_deep_chain(tmp_path: Path) -> None:
    text = _people(200, lambda i: (i - 1) % 200)
    assert "chain-too-deep" not in {d.code for d in _check(tmp_path, text)}


def _planned(monkeypatch: pytest.MonkeyPatch, count: int) -> int:
    """People the org chart's planner lays out, over all the layouts it tries, for one
    manager of ``count - 1`` reports (the widest organisation)."""
    loaded = parse_text(_people(count, lambda i: 0 if i else None), "a.yaml")
    assert loaded.document is not None
    account = build_account(loaded.document.data)
    planned = 0
    solve = planner.Planner._solve

    def counting(self: planner.Planner, node: int) -> None:
        nonlocal planned
        planned += 1
        solve(self, node)

    monkeypatch.setattr(planner.Planner, "_solve", counting)
    org_charts(account, ORG_CHART_LABELS["en"])
    monkeypatch.setattr(planner.Planner, "_solve", solve)
    return planned


def test_planning_the_org_chart_is_near_linear_in_the_contacts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Linear, and few layouts per person: each page is filled by doubling then halving the
    people tried, O(log n) layouts a page. Was about 100 per person: every report added to
    a page planned the whole page again (2,000 reports of one manager: 90 s, now 14 s)."""
    small, large = _planned(monkeypatch, 400), _planned(monkeypatch, 800)
    assert large < 2.2 * small, (small, large)
    assert large < 20 * 800, large
