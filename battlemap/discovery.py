"""Which files a command works on: given files, and account files found in given folders."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from battlemap.language import Words

_ACCOUNT_MARK = re.compile(rb"^battlemap[ \t]*:", re.MULTILINE)
SKIPPED_FOLDERS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", "build"}
ACCOUNT_SUFFIXES = (".yaml", ".yml")
CONFIG_NAME = "battlemap.yaml"
"""The repository configuration: a YAML file a folder search never takes for an account."""


@dataclass(frozen=True)
class Inputs:
    files: list[Path]
    empty_folders: list[Path]
    missing: list[Path]
    looped: list[Path]
    """Symbolic links that lead back to themselves: nothing can be read through them."""


def display_path(path: Path) -> str:
    """The path as a user reads it: relative to the current folder when inside it.

    Symbolic links are kept as given (a diagnostic names the file the user named).
    """
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    return absolute if relative.startswith("..") else relative


NO_ACCOUNT_FILES = Words(
    "{folder}: no account files (YAML with a top-level 'battlemap:' key)",
    "{folder}：没有客户档案（顶层有 battlemap: 键的 YAML 文件）",
)
NO_SUCH_PATH = Words("{path}: no such file or folder", "{path}：找不到这个文件或文件夹")
LINK_LOOP = Words(
    "{path}: a symbolic link that leads back to itself", "{path}：这个符号链接绕回了它自己"
)


def input_errors(inputs: Inputs, lang: str) -> list[str]:
    """The given paths that name nothing to work on, as usage errors in ``lang``."""
    return [
        *(NO_SUCH_PATH.format(path=display_path(p)).in_(lang) for p in inputs.missing),
        *(LINK_LOOP.format(path=display_path(p)).in_(lang) for p in inputs.looped),
        *(NO_ACCOUNT_FILES.format(folder=display_path(f)).in_(lang) for f in inputs.empty_folders),
    ]


def find_inputs(paths: Iterable[Path]) -> Inputs:
    files: list[Path] = []
    empty: list[Path] = []
    missing: list[Path] = []
    looped: list[Path] = []
    for path in paths:
        if is_link_loop(path):
            looped.append(path)
        elif path.is_dir():
            found = sorted(_accounts_in(path))
            files.extend(found)
            if not found:
                empty.append(path)
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            missing.append(path)
    return Inputs(_unique(files), empty, missing, looped)


def is_link_loop(path: Path) -> bool:
    """``path`` is a symbolic link that leads back to itself (before Python 3.13,
    ``Path.resolve`` raises RuntimeError on it rather than an OSError)."""
    try:
        os.stat(path)
    except OSError as err:
        return err.errno == errno.ELOOP
    return False


def _unique(files: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for file in files:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            result.append(file)
    return result


def _accounts_in(folder: Path) -> Iterator[Path]:
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(
            f for f in folders if f not in SKIPPED_FOLDERS and not f.startswith(".")
        )
        for name in names:
            path = Path(root) / name
            if is_account_file(path):
                yield path


def is_account_file(path: Path) -> bool:
    """What a folder search picks: a ``.yaml``/``.yml`` file other than ``battlemap.yaml``
    (the repository config) with a top-level ``battlemap:`` key."""
    return path.name.endswith(ACCOUNT_SUFFIXES) and path.name != CONFIG_NAME and _is_account(path)


def _is_account(path: Path) -> bool:
    """A YAML file with a top-level ``battlemap:`` key (read only its first 64 KiB)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return _ACCOUNT_MARK.search(head.removeprefix(b"\xef\xbb\xbf")) is not None
