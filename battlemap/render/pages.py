"""Rendering a page other than the battle map (the visit brief, the portfolio index) from its
template, with the same Jinja environment: ``--templates`` overrides, autoescape on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from battlemap.render.errors import RenderError
from battlemap.render.html import UNSHOWN, environment


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
