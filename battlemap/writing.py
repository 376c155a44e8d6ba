"""Writing files safely: atomically (temp file in the same folder, then rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content``; an interruption leaves the old file whole."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new(path: Path, content: bytes) -> None:
    """Create ``path`` with ``content``, atomically; ``FileExistsError`` if it exists.

    Why a hard link: ``os.link`` fails when the target exists, so a file that appears
    between our look and our write is never overwritten either.
    """
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.link(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed build left in ``folder`` (``.<name>.<random>.tmp``).

    Why at the start of a build: a process killed between writing and renaming cannot clean
    up after itself. Two builds must not share one output folder at the same time.
    """
    if not folder.is_dir():
        return
    for leftover in folder.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
