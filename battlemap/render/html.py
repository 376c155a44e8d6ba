"""The battle map as one self-contained HTML file (CSS and SVG inline, no script).

Templates are found by file name, first in ``--templates DIR``, then in the package's own
``templates/``: a team overrides any partial (or the stylesheets) by writing a file of the
same name. Autoescaping is on for every template, whatever its extension.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket

from battlemap.build import BuildOptions, Compiled
from battlemap.render.errors import RenderError
from battlemap.render.view import build_view
from battlemap.resources import data_dir

MAIN_TEMPLATE = "base.html"


BYTECODE_FOLDER = ".battlemap-templates"
"""Under the output folder: Jinja's compiled templates, reused by the next build."""


@cache
def environment(templates: Path | None, out: Path | None = None) -> Environment:
    """One Jinja environment per template folder, per process (templates compile once).

    Why a bytecode cache in ``out``: compiling the templates takes about 0.1-0.2 s, a good
    part of a one-account build. Jinja keys the compiled code by each template's name and
    source (an edited or overriding template is recompiled) and writes it atomically; it
    lives in the output folder because a build writes nowhere else."""
    search = [str(templates)] if templates is not None else []
    search.append(str(data_dir("templates")))
    return Environment(
        loader=FileSystemLoader(search),
        bytecode_cache=_bytecode_cache(out),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class _BestEffortBytecodeCache(FileSystemBytecodeCache):
    """A cache must never fail a build: its folder is made again when something removed it
    (the cached environment outlives folders), and a write that fails is skipped."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return


def _bytecode_cache(out: Path | None) -> FileSystemBytecodeCache | None:
    if out is None:
        return None
    return _BestEffortBytecodeCache(str(out / BYTECODE_FOLDER))


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


def render_html(compiled: Compiled, options: BuildOptions) -> bytes:
    view = build_view(compiled, options)
    try:
        template = environment(options.templates, options.out).get_template(MAIN_TEMPLATE)
        html = template.render(map=view, ui=view.ui)
    except TemplateError as err:
        if isinstance(err, TemplateSyntaxError):
            where = f"{err.filename or err.name}:{err.lineno}: "
        else:
            where = ""
        raise RenderError(f"template error: {where}{err.message or err}") from err
    return UNSHOWN.sub(" ", html).encode("utf-8")
