"""Missing system tools: Graphviz's `dot` and a font for Chinese text.

Either one missing gives a clear error, in the map's language, naming the command that
installs it on Debian/Ubuntu, Fedora, macOS and Windows, exit code 2 and no traceback,
instead of a map that quietly lacks its org chart or prints empty boxes in place of Chinese
text. Outputs that do not need the tool still build.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from battlemap.render import pdf
from battlemap.render.errors import RenderError
from battlemap.render.system_tools import install_help
from tests.conftest import ROOT, run_battlemap

ZH = ROOT / "examples" / "zh.yaml"
EN = ROOT / "examples" / "en.yaml"
MINIMAL = ROOT / "tests" / "cases" / "valid" / "minimal.yaml"

GRAPHVIZ_COMMANDS = (
    "Debian/Ubuntu: sudo apt install graphviz",
    "Fedora:        sudo dnf install graphviz",
    "macOS:         brew install graphviz",
    "Windows:       winget install graphviz",
)
FONT_COMMANDS = (
    "Debian/Ubuntu: sudo apt install fonts-noto-cjk",
    "Fedora:        sudo dnf install google-noto-sans-cjk-fonts",
    "macOS:         brew install --cask font-noto-sans-cjk",
)
WINDOWS_FONTS = {
    "zh": "Windows:       系统自带（如微软雅黑），无需安装",
    "en": "Windows:       comes with the system (such as Microsoft YaHei)",
}
"""Windows has Chinese fonts (Microsoft YaHei): nothing to install."""


def assert_names_the_commands(message: str, commands: tuple[str, ...]) -> None:
    lines = [line.strip() for line in message.splitlines()]
    for command in commands:
        assert command in lines, message


def _without_dot(tmp_path: Path) -> dict[str, str]:
    """The environment with a PATH that holds no program at all (Python is started by its
    absolute path), so `dot` cannot be found."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    return {**os.environ, "PATH": str(empty)}


@pytest.mark.parametrize(
    ("account", "words"),
    [
        (ZH, ["找不到 Graphviz 的 dot 程序", "详见 docs/install.zh.md"]),
        (EN, ["Graphviz's `dot` was not found on PATH", "See docs/install.md"]),
    ],
    ids=["zh", "en"],
)
def test_a_missing_dot_fails_the_build_naming_the_install_commands(
    tmp_path: Path, account: Path, words: list[str]
) -> None:
    out = tmp_path / "out"
    done = run_battlemap(
        "build", account, "--format", "html", "-o", out, "-q", env=_without_dot(tmp_path)
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("battlemap: error: ")
    assert all(word in done.stderr for word in words), done.stderr
    assert_names_the_commands(done.stderr, GRAPHVIZ_COMMANDS)
    assert not list(out.glob("*.html"))


def test_a_dot_that_cannot_start_fails_the_build_the_same_way(tmp_path: Path) -> None:
    """A `dot` on PATH whose interpreter does not exist: the system's words, then the
    commands (not a traceback, not a map without its chart)."""
    env = _without_dot(tmp_path)
    broken = Path(env["PATH"]) / "dot"
    broken.write_text("#!/nonexistent/interpreter\n", encoding="utf-8")
    broken.chmod(0o755)
    out = tmp_path / "out"
    done = run_battlemap("build", EN, "--format", "html", "-o", out, "-q", env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("battlemap: error: cannot run Graphviz's `dot` (")
    assert_names_the_commands(done.stderr, GRAPHVIZ_COMMANDS)


def test_a_missing_dot_fails_a_parallel_build_too(tmp_path: Path) -> None:
    repo, out = tmp_path / "repo", tmp_path / "out"
    repo.mkdir()
    text = EN.read_text(encoding="utf-8")
    for index in range(10):  # enough for worker processes (parallel.PARALLEL_FROM)
        body = text.replace("id: meridian-cold-chain", f"id: acct-{index}", 1)
        (repo / f"a{index}.yaml").write_text(body, encoding="utf-8")
    done = run_battlemap(
        "build", repo, "--format", "html", "-o", out, "-q", env=_without_dot(tmp_path)
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert_names_the_commands(done.stderr, GRAPHVIZ_COMMANDS)


def test_outputs_without_a_chart_build_without_dot(tmp_path: Path) -> None:
    env = _without_dot(tmp_path)
    out = tmp_path / "out"
    json_only = run_battlemap("build", ZH, "--format", "json", "-o", out, "-q", env=env)
    assert json_only.returncode == 0, json_only.stderr
    no_contacts = run_battlemap("build", MINIMAL, "--format", "html", "-o", out, "-q", env=env)
    assert no_contacts.returncode == 0, no_contacts.stderr
    checked = run_battlemap("check", ZH, env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _fonts_without_cjk(tmp_path: Path) -> dict[str, str]:
    """A fontconfig configuration with only the DejaVu fonts (Latin, no Chinese), or none
    at all when DejaVu is not installed."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    folder = f"<dir>{dejavu}</dir>" if dejavu.is_dir() else ""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>{folder}<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["地图中有中文，但没有安装中文字体", "详见 docs/install.zh.md"]),
        ("en", ["the map holds Chinese text but no Chinese font", "See docs/install.md"]),
    ],
)
def test_a_missing_chinese_font_fails_the_pdf_naming_the_install_commands(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    env = _fonts_without_cjk(tmp_path)
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, env=env, check=True
    )
    assert listed.stdout.strip() == ""  # the configuration really hides the Chinese fonts
    out = tmp_path / "out"
    done = run_battlemap("build", ZH, "--format", "pdf", "--lang", lang, "-o", out, "-q", env=env)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("battlemap: error: ")
    assert all(word in done.stderr for word in words), done.stderr
    assert_names_the_commands(done.stderr, (*FONT_COMMANDS, WINDOWS_FONTS[lang]))
    assert not list(out.glob("*.pdf"))


def test_without_chinese_fonts_an_english_pdf_and_a_chinese_html_still_build(
    tmp_path: Path,
) -> None:
    env = _fonts_without_cjk(tmp_path)
    out = tmp_path / "out"
    english = run_battlemap("build", EN, "--format", "pdf", "-o", out, "-q", env=env)
    assert english.returncode == 0, english.stderr
    chinese_html = run_battlemap("build", ZH, "--format", "html", "-o", out, "-q", env=env)
    assert chinese_html.returncode == 0, chinese_html.stderr


def test_the_font_check_looks_at_text_not_stylesheets(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def no_fonts(lang: str) -> bool:
        asked.append(lang)
        return False

    monkeypatch.setattr(pdf, "has_font_for", no_fonts)
    pdf.require_fonts('<style>body { font-family: "微软雅黑"; }</style><p>Plain English</p>', "en")
    assert asked == []
    for text, script in (("<p>华东钢铁</p>", "Chinese"), ("<p>カタカナ</p>", "Japanese"),
                         ("<p>한국어</p>", "Korean")):  # fmt: skip
        with pytest.raises(RenderError, match=f"no {script} font") as missing:
            pdf.require_fonts(text, "en")
        assert "  Debian/Ubuntu: sudo apt install fonts-noto-cjk" in missing.value.advice
    with pytest.raises(RenderError, match="地图中有日文，但没有安装日文字体") as missing:
        pdf.require_fonts("<p>カタカナ</p>", "zh")
    assert missing.value.advice == install_help("cjk_font", "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_install_help_names_every_system(lang: str) -> None:
    graphviz, fonts = install_help("graphviz", lang), install_help("cjk_font", lang)
    assert_names_the_commands("\n".join(graphviz), GRAPHVIZ_COMMANDS)
    assert_names_the_commands("\n".join(fonts), (*FONT_COMMANDS, WINDOWS_FONTS[lang]))


def test_the_font_lookup_runs_once_per_language() -> None:
    pdf.has_font_for.cache_clear()
    assert pdf.has_font_for("zh") == pdf.has_font_for("zh")
    assert pdf.has_font_for.cache_info().misses == 1
