"""Errors of rendering that a user can cause (a broken ``--templates`` file, an unreadable
``--css``, a system tool the page needs that is not installed): reported as usage errors,
never as a traceback. Kept apart so that the command line can catch them without importing
Jinja or WeasyPrint."""

from __future__ import annotations


class RenderError(Exception):
    """A template, stylesheet or system tool the page needs cannot be used.

    ``advice``: lines of battlemap's own text (how to install what is missing), printed each
    on its own line after the message, which may quote input and is kept to one line."""

    def __init__(self, message: str, advice: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.advice = advice

    def __reduce__(self) -> tuple[type[RenderError], tuple[str, tuple[str, ...]]]:
        """So that the error of a worker process reaches the parent with its advice."""
        return type(self), (str(self), self.advice)
