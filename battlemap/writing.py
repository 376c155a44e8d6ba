"""Writing files safely: atomically (temp file in the same folder, then rename), one build
at a time per output folder."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from battlemap.language import Words

WROTE = Words("wrote {file}", "已写入 {file}")
"""What a command prints for each file it wrote."""

_TEMPORARY = ".tmp"
"""Temporary files are ``.<name>.<pid of the writer>.<random>.tmp``."""


def make_folder(folder: Path) -> None:
    """``folder`` and its parents, made if missing. A file where a folder should be is said
    as such (mkdir alone says "File exists", which reads as if the output were there)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from None


@contextmanager
def _written_beside(path: Path, content: bytes) -> Iterator[Path]:
    """A complete temporary copy of ``content`` in ``path``'s folder, removed afterwards
    unless the caller renamed it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    make_folder(folder)
    prefix = f".{path.name}.{os.getpid()}."
    handle, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=_TEMPORARY)
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
    """Replace ``path`` with ``content``; an interruption leaves the old file whole.

    A folder is refused (``IsADirectoryError``). A device, a pipe or a socket (``-o
    /dev/stdout``, a named pipe) is written to, never replaced: renaming a file over
    ``/dev/full`` would put a plain file in the device's place."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if mode is not None and not stat.S_ISREG(mode):
        with path.open("wb") as stream:
            stream.write(content)
        return
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
    """Delete the temporary files that dead processes left in ``folder``.

    Why at the start of a build: a process killed between writing and renaming cannot clean
    up after itself. Why only those of dead processes: another command (``brief``, ``schema
    -o``) may be writing into the same folder right now. A name without a process id is a
    leftover of an older battlemap, removed under the build's lock.
    """
    if not folder.is_dir():
        return
    for leftover in folder.glob(f".*{_TEMPORARY}"):
        writer = leftover.name.removesuffix(_TEMPORARY).rsplit(".", 2)
        if len(writer) == 3 and writer[1].isdigit() and _running(int(writer[1])):
            continue
        leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists. Windows has no signal 0 (``os.kill`` would end the
    process), so there every writer counts as running and its files are kept."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return not _ended(pid)


def _ended(pid: int) -> bool:
    """Whether ``pid`` has ended and waits only to be collected by its parent (a zombie, state
    ``Z`` on Linux): signal 0 still finds it, yet it writes nothing more. A killed build's
    workers stay zombies until someone collects them (in a container whose first process
    never does: for good), so their files must count as left over."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


LOCK_NAME = ".battlemap-lock"
"""In the output folder: held (``flock``) by the build writing there, naming it."""


class FolderBusy(Exception):
    """Another build holds the output folder's lock; the message names it."""


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock while the block runs; ``FolderBusy`` at once if another build
    holds it. The lock is the kernel's (released when the process ends, even by kill -9);
    the file stays, and says which process holds it, for the message of the next build."""
    make_folder(folder)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(folder / LOCK_NAME, flags, 0o644)
    try:
        try:
            _lock_at_once(handle)
        except OSError:
            os.lseek(handle, 0, os.SEEK_SET)
            holder = os.read(handle, 200).decode("utf-8", "replace").strip()
            raise FolderBusy(
                f"{folder}: another build is writing to this folder ({holder or 'unknown'}); "
                "wait for it to finish or build into another folder (-o)"
            ) from None
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)
        os.write(handle, f"pid {os.getpid()}, started {started}\n".encode())
        yield
    finally:
        os.close(handle)


def _lock_at_once(handle: int) -> None:
    """An exclusive lock on the open file, or ``OSError`` at once if another process holds
    it: ``flock`` on Linux and macOS, ``msvcrt.locking`` (of the first byte) on Windows."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def user_cache_folder() -> Path:
    """The user's own cache folder: ``$XDG_CACHE_HOME/battlemap`` (by default
    ``~/.cache/battlemap``). It holds Jinja's compiled templates and the key that signs
    build-cache entries.

    Why there and not in the output folder: Jinja's bytecode cache is unpickled, so whoever
    can write a cache file runs code as the building user, and a signing key is secret. An
    output folder can be committed to a repository by anyone with push rights; the user's
    own cache folder cannot. Why a template cache at all: compiling the templates costs
    about 0.25 s of CPU per build (the large example: 1.2 s without the cache, 0.95 s with
    it)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "battlemap"


def private_folder(folder: Path) -> bool:
    """Make ``folder`` (mode 0700) if missing; whether it is safe to trust its files: a real
    folder (not a symlink), owned by this user, writable by nobody else."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(found.st_mode)
        and (sys.platform == "win32" or found.st_uid == os.getuid())
        and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
