"""Errors of rendering that a user can cause (a broken ``--templates`` file, an unreadable
``--css``): reported as usage errors, never as a traceback. Kept apart so that the command
line can catch them without importing Jinja or WeasyPrint."""

from __future__ import annotations


class RenderError(Exception):
    """A template or stylesheet given on the command line cannot be used."""
