"""The Jinja environment every page is rendered with, and rendering a page from its template.

Templates are found by file name, first in ``--templates DIR``, then in the package's own
``templates/``: a team overrides any partial (or the stylesheets) by writing a file of the
same name. Autoescaping is on for every template, whatever its extension; a template error
is a ``RenderError`` (a usage error), never a traceback.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from battlemap.render.errors import RenderError
from battlemap.resources import data_dir
from battlemap.writing import private_folder, user_cache_folder


def environment(templates: Path | None) -> Environment:
    """One Jinja environment per template folder and cache folder, per process (templates
    compile once)."""
    return _environment(templates, user_cache_folder())


@cache
def _environment(templates: Path | None, compiled_cache: Path | None) -> Environment:
    search = [str(templates)] if templates is not None else []
    search.append(str(data_dir("templates")))
    return Environment(
        loader=FileSystemLoader(search),
        bytecode_cache=None if compiled_cache is None else _PrivateBytecodeCache(compiled_cache),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def forget_templates() -> None:
    """Drop the environments and the templates they compiled. For a resident process
    (`battlemap serve`) when a ``--templates`` file changed: Jinja notices a changed file,
    but not a new file that now overrides a built-in template of the same name."""
    _environment.cache_clear()


class _PrivateBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, used only while its folder passes ``private_folder`` (checked at
    every load and dump: the folder may be removed or replaced while a process runs). A
    cache never fails a build: a write that fails is skipped."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        if private_folder(self.folder):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            if private_folder(self.folder):
                super().dump_bytecode(bucket)
        except OSError:
            return


def _noncharacters() -> str:
    planes = "".join(
        chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0, 0x110000, 0x10000)
    )
    return "\ufdd0-\ufdef" + planes


UNSHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _noncharacters() + "]")
"""Characters a map shows as a space: the control characters (C0, DEL, C1) other than tab,
line feed and carriage return, and the Unicode noncharacters. An account may hold them
(YAML escapes such as ``"\\x01"``), but in HTML they are parse errors and show as nothing or
as boxes; everything else, zero-width and bidi characters included, is kept as written."""


def render_template(name: str, templates: Path | None, **context: Any) -> str:
    """The page ``name`` rendered with ``context``; a template error as a ``RenderError``."""
    try:
        html = environment(templates).get_template(name).render(**context)
    except TemplateError as err:
        where = (
            f"{err.filename or err.name}:{err.lineno}: "
            if isinstance(err, TemplateSyntaxError)
            else ""
        )
        raise RenderError(f"template error: {where}{err.message or err}") from err
    return UNSHOWN.sub(" ", html)


def extra_css(css: Path | None) -> Markup:
    """The team's ``--css`` file, kept from closing the ``<style>`` element it is put in."""
    if css is None:
        return Markup("")
    try:
        found = css.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RenderError(f"{css}: cannot read the stylesheet: {err}") from err
    # Safe: the team's own stylesheet (not account data), with every "</" escaped for CSS.
    return Markup(found.replace("</", "<\\/"))
