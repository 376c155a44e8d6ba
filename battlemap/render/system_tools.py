"""What a map needs from the system besides Python packages (Graphviz's ``dot`` for the org
chart, a font for Chinese, Japanese or Korean text in a PDF), and the error when one is
missing: what is missing and the command that installs it on each system a key-account
manager's laptop runs, in the map's language (docs/install.md has the whole set-up).

Kept apart from the renderers so that the commands are written once, as data.
"""

from __future__ import annotations

from battlemap.render.errors import RenderError

INSTALL: dict[str, tuple[tuple[str, str | None], ...]] = {
    # needed -> (system, the command that installs it; None: it comes with the system)
    "graphviz": (
        ("Debian/Ubuntu", "sudo apt install graphviz"),
        ("Fedora", "sudo dnf install graphviz"),
        ("macOS", "brew install graphviz"),
        ("Windows", "winget install graphviz"),
    ),
    "cjk_font": (
        ("Debian/Ubuntu", "sudo apt install fonts-noto-cjk"),
        ("Fedora", "sudo dnf install google-noto-sans-cjk-fonts"),
        ("macOS", "brew install --cask font-noto-sans-cjk"),
        ("Windows", None),
    ),
}

_WORDS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "dot_not_found": (
        "找不到 Graphviz 的 dot 程序（PATH 中没有），画组织架构图需要它。",
        "Graphviz's `dot` was not found on PATH; the org chart needs it.",
    ),
    "dot_cannot_run": (
        "无法运行 Graphviz 的 dot 程序（{reason}），画组织架构图需要它。",
        "cannot run Graphviz's `dot` ({reason}); the org chart needs it.",
    ),
    "font_missing": (
        "地图中有{script}，但没有安装{script}字体（fontconfig 找不到 :lang={lang} 的字体），"
        "PDF 会把这些字印成空框。",
        "the map holds {script} text but no {script} font is installed (fontconfig has none "
        "for :lang={lang}); the PDF would print empty boxes in its place.",
    ),
    "graphviz": ("安装 Graphviz：", "Install Graphviz:"),
    "cjk_font": ("安装 Noto Sans CJK 字体：", "Install the Noto Sans CJK fonts:"),
    "comes_with_system": (
        "系统自带（如微软雅黑），无需安装",
        "comes with the system (such as Microsoft YaHei)",
    ),
    "see": ("详见 docs/install.zh.md", "See docs/install.md"),
    "Chinese": ("中文", "Chinese"),
    "Japanese": ("日文", "Japanese"),
    "Korean": ("韩文", "Korean"),
}


def _word(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def install_help(needed: str, lang: str) -> tuple[str, ...]:
    """The lines that say how to install ``needed`` (a key of ``INSTALL``) on each system."""
    rows = INSTALL[needed]
    width = max(len(system) for system, _ in rows) + 1
    commands = tuple(
        f"  {system + ':':<{width}} {command or _word('comes_with_system', lang)}"
        for system, command in rows
    )
    return (_word(needed, lang), *commands, _word("see", lang))


def dot_missing(lang: str, reason: str | None = None) -> RenderError:
    """``dot`` is not on PATH (``reason`` None) or could not be started (the OS's words)."""
    problem = (
        _word("dot_cannot_run", lang).format(reason=reason)
        if reason
        else _word("dot_not_found", lang)
    )
    return RenderError(problem, install_help("graphviz", lang))


def font_missing(script: str, font_lang: str, lang: str) -> RenderError:
    """No installed font has the characters of ``script`` (Chinese, Japanese or Korean),
    whose fontconfig language is ``font_lang``."""
    problem = _word("font_missing", lang).format(script=_word(script, lang), lang=font_lang)
    return RenderError(problem, install_help("cjk_font", lang))
