"""The account's logo: a relative path inside the repository to a PNG, SVG or JPEG file.

Why so strict: the logo is embedded into HTML and PDF outputs, so a path is the one place
where an account file could make a build read a file it should not (``/etc/passwd``,
``../../secrets``) or reach the network (``https://...``). The path is relative to the
repository root (the folder of ``battlemap.yaml``, else the git work tree, else the
account's folder) and must stay inside it, symbolic links resolved. What the file is comes
from its first bytes, not its name: ``logo.png`` may be a link to ``.git/config``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from battlemap.checks.access import mapping, text
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.language import Words, os_reason

LOGO_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg")
IMAGE_HEAD_BYTES = 16_384
"""How much of a file `image_type` reads: an SVG's root element may follow an XML
declaration, comments and a DOCTYPE with entities (editors write a few KB of them)."""
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
_XML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<[?!a-zA-Z]")
_SVG_ROOT = re.compile(rb"<svg[\s/>]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PATH = ("account", "logo")


def logo_problem(value: str) -> Words | None:
    """Why ``value`` is not an acceptable logo path (None when its form is fine)."""
    if _SCHEME.match(value):
        problem = Words(
            "logo '{value}' is a URL; give a relative path to a file in the repository",
            "logo「{value}」是网址；请写仓库内文件的相对路径",
        )
    elif value.startswith(("/", "\\")) or "\\" in value:
        problem = Words(
            "logo '{value}' must be a relative path with '/' separators, inside the repository",
            "logo「{value}」必须是仓库内的相对路径，用“/”分隔",
        )
    elif ".." in PurePosixPath(value).parts:
        problem = Words(
            "logo '{value}' leaves its folder with '..'; give a path inside the repository",
            "logo「{value}」用“..”离开了所在文件夹；请写仓库内的路径",
        )
    elif PurePosixPath(value).suffix.lower() not in LOGO_SUFFIXES:
        problem = Words(
            "logo '{value}' must be a PNG, SVG or JPEG file (.png, .svg, .jpg, .jpeg)",
            "logo「{value}」必须是 PNG、SVG 或 JPEG 文件（.png、.svg、.jpg、.jpeg）",
        )
    else:
        return None
    return problem.format(value=value)


def logo_file(value: str, repository: Path) -> Path | None:
    """The logo's file when the path is acceptable and stays inside ``repository``
    (symbolic links resolved), else None. The file may not exist."""
    if logo_problem(value) is not None:
        return None
    root = repository.resolve()
    found = (root / value).resolve()
    return found if found.is_relative_to(root) else None


def image_type(head: bytes) -> str | None:
    """The media type of the image whose first bytes are ``head`` (PNG and JPEG by their
    signature, SVG as XML text with an ``<svg`` element), None for any other content."""
    for signature, media_type in _MAGIC:
        if head.startswith(signature):
            return media_type
    if _XML_START.match(head) and _SVG_ROOT.search(head):
        return "image/svg+xml"
    return None


def read_head(found: Path) -> bytes:
    """The first `IMAGE_HEAD_BYTES` of ``found`` (OSError when it cannot be read)."""
    with found.open("rb") as file:
        return file.read(IMAGE_HEAD_BYTES)


@register("logo-path", Severity.ERROR, "The logo is not a relative path inside the repository.")
def bad_logo_path(context: CheckContext) -> Iterator[Finding]:
    value = text(mapping(mapping(context.document.data).get("account")), "logo")
    if value is None:
        return
    problem = logo_problem(value)
    outside = context.repository is not None and logo_file(value, context.repository) is None
    if problem is None and outside:
        problem = Words(
            "logo '{value}' leads outside the repository (through a symbolic link)",
            "logo「{value}」（经符号链接）指向了仓库之外",
        ).format(value=value)
    if problem is not None:
        yield Finding(_PATH, problem)


@register("logo-missing", Severity.WARNING, "The logo file does not exist.")
def missing_logo(context: CheckContext) -> Iterator[Finding]:
    value = text(mapping(mapping(context.document.data).get("account")), "logo")
    if value is None or context.repository is None:
        return
    found = logo_file(value, context.repository)
    if found is not None and not found.is_file():
        message = Words(
            "logo '{value}' not found in the repository ({repository})",
            "在仓库（{repository}）中找不到 logo「{value}」",
        )
        yield Finding(_PATH, message.format(value=value, repository=context.repository))


def existing_logo(context: CheckContext) -> tuple[str, Path] | None:
    """The logo as written and the file it names, when that file is in the repository."""
    value = text(mapping(mapping(context.document.data).get("account")), "logo")
    if value is None or context.repository is None:
        return None
    found = logo_file(value, context.repository)
    return (value, found) if found is not None and found.is_file() else None


@register("logo-not-image", Severity.ERROR, "The logo file is not a PNG, SVG or JPEG image.")
def logo_not_image(context: CheckContext) -> Iterator[Finding]:
    logo = existing_logo(context)
    if logo is None or context.repository is None:
        return
    value, found = logo
    try:
        kind = image_type(read_head(found))
    except OSError as err:
        message = Words(
            "logo '{value}' cannot be read: {reason.en}", "无法读取 logo「{value}」：{reason.zh}"
        )
        yield Finding(_PATH, message.format(value=value, reason=os_reason(err)))
        return
    if kind is None:
        root = context.repository.resolve()
        linked = found != root / value
        target = found.relative_to(root).as_posix()
        leads = (
            Words(" (which leads to {target})", "（指向 {target}）").format(target=target)
            if linked
            else Words("", "")
        )
        message = Words(
            "logo '{value}'{leads.en} is not a PNG, SVG or JPEG image",
            "logo「{value}」{leads.zh}不是 PNG、SVG 或 JPEG 图片",
        )
        yield Finding(_PATH, message.format(value=value, leads=leads))
