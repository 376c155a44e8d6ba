"""`battlemap diff FOLDER`: the manager's weekly read, every account of a folder compared.

Which files are accounts is decided as a folder search decides it (`discovery`): a
``.yaml``/``.yml`` file with a top-level ``battlemap:`` key, outside hidden and build
folders. A revision is read in a few git processes whatever the number of accounts:
``git grep`` finds the accounts, ``git ls-tree`` gives each file's object, and
`revisions.read_blobs` reads them all (a file over ``--max-bytes`` is refused unread, as
`check` refuses one on disk).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from battlemap.commands.diff import (
    ERRORS,
    WORKING_FILE,
    AccountDiff,
    DiffError,
    Side,
    checked_side,
    compare_sides,
    git,
    has_errors,
    read_side,
    require_revision,
    require_work_tree,
    revision_display,
)
from battlemap.config import settings_for_path
from battlemap.discovery import (
    ACCOUNT_SUFFIXES,
    CONFIG_NAME,
    SKIPPED_FOLDERS,
    display_path,
    find_inputs,
)
from battlemap.language import terminal_lang
from battlemap.options import CheckOptions
from battlemap.revisions import read_blobs
from battlemap.source import oversized, parse_bytes

_MARKS = ("^battlemap[[:blank:]]*:", "^\ufeffbattlemap[[:blank:]]*:")
"""The account mark as `git grep -E` patterns (with and without a byte-order mark)."""


@dataclass
class FolderDiff:
    """Every account of a folder compared: added, removed, changed, and how many did not
    change. ``changed`` holds the per-account comparisons; the others are named only."""

    folder: str
    start: str
    end: str
    lang: str
    added: list[AccountDiff]
    removed: list[AccountDiff]
    changed: list[AccountDiff]
    unchanged: int

    def as_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "from": {"revision": self.start},
            "to": {"revision": self.end},
            "accounts": {
                "added": [_named(d, d.new) for d in self.added],
                "removed": [_named(d, d.old) for d in self.removed],
                "changed": [{**_named(d, d.new), "diff": d.result} for d in self.changed],
                "unchanged": self.unchanged,
            },
        }

    @property
    def has_errors(self) -> bool:
        return any(has_errors(d.result) for d in [*self.added, *self.removed, *self.changed])


def _named(diff: AccountDiff, side: Side) -> dict[str, Any]:
    """The file, id and name of an account (id and name None when that side has errors)."""
    account = side.account
    found: dict[str, Any] = {
        "file": diff.file,
        "id": account.id if account else None,
        "name": account.name if account else None,
    }
    if side.errors:
        found["errors"] = [d.as_dict() for d in side.errors]
    return found


def _searched(name: str) -> bool:
    """Not inside a folder a search skips (hidden ones, build output, environments)."""
    folders = PurePosixPath(name).parts[:-1]
    return not any(part in SKIPPED_FOLDERS or part.startswith(".") for part in folders)


def _names(output: bytes) -> list[str]:
    """The file names of git's ``-z`` output (any bytes kept, as the file system does)."""
    return [n.decode("utf-8", errors="surrogateescape") for n in output.split(b"\0") if n]


def _accounts_at(folder: Path, revision: str) -> set[str]:
    """The account files under ``folder`` at ``revision``, relative to it (POSIX paths)."""
    require_revision(folder, revision)
    patterns = [arg for mark in _MARKS for arg in ("-e", mark)]
    done = git(folder, "grep", "-l", "-z", "-I", "-E", *patterns, revision, "--", ".")
    if done.returncode not in (0, 1):  # 1: nothing matched
        detail = done.stderr.decode(errors="replace").strip()
        raise DiffError(ERRORS["grep_failed"].format(detail=detail))
    found = set()
    for line in _names(done.stdout):
        name = line.removeprefix(f"{revision}:")
        wanted = name.endswith(ACCOUNT_SUFFIXES) and PurePosixPath(name).name != CONFIG_NAME
        if wanted and _searched(name):
            found.add(name)
    return found


def _objects(folder: Path, revision: str) -> dict[str, str]:
    """Each file under ``folder`` at ``revision``: its blob's object id."""
    done = git(folder, "ls-tree", "-r", "-z", revision, "--", ".")
    found = {}
    for record in done.stdout.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == b"blob":
            found[name.decode("utf-8", errors="surrogateescape")] = fields[2].decode("ascii")
    return found


def _revision_sides(
    folder: Path, revision: str, names: set[str], options: CheckOptions
) -> dict[str, Side]:
    """Each account file of ``names`` at ``revision``, read and validated."""
    objects = _objects(folder, revision)
    listed = {name: objects[name] for name in sorted(names) if name in objects}
    if not listed:
        return {}
    anywhere = folder / next(iter(listed))
    contents, too_big = read_blobs(anywhere, set(listed.values()), options.max_bytes)
    sides = {}
    for name, ident in listed.items():
        path = folder / name
        display = revision_display(path, revision)
        refused = oversized(display, too_big.get(ident, 0), options.max_bytes)
        loaded = refused or parse_bytes(contents[ident], display, options.max_bytes)
        sides[name] = checked_side(path, revision, loaded, options)
    return sides


def _working_sides(folder: Path, options: CheckOptions) -> dict[str, Side]:
    names = {path.relative_to(folder).as_posix() for path in find_inputs([folder]).files}
    return {name: read_side(folder / name, None, options) for name in names}


def diff_folder(
    folder: Path, start: str, end: str | None, options: CheckOptions, lang: str | None
) -> FolderDiff:
    """Compare every account of ``folder`` at ``start`` with ``end`` (None: the files on
    disk), all in one language: ``--lang``, else the one every account states (when they
    agree), else the repository's, else the environment's."""
    require_work_tree(folder, folder)
    before = _revision_sides(folder, start, _accounts_at(folder, start), options)
    if end is None:
        after = _working_sides(folder, options)
    else:
        after = _revision_sides(folder, end, _accounts_at(folder, end), options)
    settings = settings_for_path(folder, options.playbook_file, options.max_bytes)
    stated = {side.declared_lang for side in [*before.values(), *after.values()]}
    shared = stated.pop() if len(stated) == 1 else None
    chosen = terminal_lang(lang, shared, settings.defaults.declared_lang)
    end_label = end or WORKING_FILE
    report = FolderDiff(display_path(folder), start, end_label, chosen, [], [], [], 0)
    for name in sorted(before.keys() | after.keys()):
        old = before.get(name) or Side(start, exists=False)
        new = after.get(name) or Side(end_label, exists=False)
        compared = compare_sides(folder / name, old, new, options, chosen)
        if not old.exists:
            report.added.append(compared)
        elif not new.exists:
            report.removed.append(compared)
        elif moved(compared.result):
            report.changed.append(compared)
        else:
            report.unchanged += 1
    return report


def moved(result: dict[str, Any]) -> bool:
    """Whether a comparison found anything: a movement, or a side with errors."""
    if has_errors(result):
        return True
    sections = ("contacts", "opportunities", "trust_gaps", "flags")
    return any(items for key in sections for items in result.get(key, {}).values())
