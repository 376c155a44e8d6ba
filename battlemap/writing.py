"""Writing files safely: atomically (temp file in the same folder, then rename)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def _written_beside(path: Path, content: bytes) -> Iterator[Path]:
    """A complete temporary copy of ``content`` in ``path``'s folder, removed afterwards
    unless the caller renamed it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content``; an interruption leaves the old file whole."""
    with _written_beside(path, content) as temporary:
        os.replace(temporary, path)


def write_new(path: Path, content: bytes) -> None:
    """Create ``path`` with ``content``, atomically; ``FileExistsError`` if it exists.

    Why a hard link: ``os.link`` fails when the target exists, so a file that appears
    between our look and our write is never overwritten either.
    """
    with _written_beside(path, content) as temporary:
        os.link(temporary, path)


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed build left in ``folder`` (``.<name>.<random>.tmp``).

    Why at the start of a build: a process killed between writing and renaming cannot clean
    up after itself. Two builds must not share one output folder at the same time.
    """
    if not folder.is_dir():
        return
    for leftover in folder.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
