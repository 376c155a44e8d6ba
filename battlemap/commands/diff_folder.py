"""`battlemap diff FOLDER`: the manager's weekly read, every account of a folder compared.

Which files are accounts is decided as a folder search decides it (`discovery`): a
``.yaml``/``.yml`` file with a top-level ``battlemap:`` key, outside hidden and build
folders. At a revision git answers that in one process (``git grep``), so a folder of many
accounts is not read file by file to find them.
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
    compare_sides,
    git,
    has_errors,
    read_side,
    require_revision,
    require_work_tree,
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


def _accounts_at(folder: Path, revision: str) -> set[str]:
    """The account files under ``folder`` at ``revision``, relative to it (POSIX paths)."""
    require_revision(folder, revision)
    patterns = [arg for mark in _MARKS for arg in ("-e", mark)]
    done = git(folder, "grep", "-l", "-I", "-E", *patterns, revision, "--", ".")
    if done.returncode not in (0, 1):  # 1: nothing matched
        detail = done.stderr.decode(errors="replace").strip()
        raise DiffError(ERRORS["grep_failed"].format(detail=detail))
    found = set()
    for line in done.stdout.decode("utf-8", errors="surrogateescape").splitlines():
        name = line.removeprefix(f"{revision}:")
        wanted = name.endswith(ACCOUNT_SUFFIXES) and PurePosixPath(name).name != CONFIG_NAME
        if wanted and _searched(name):
            found.add(name)
    return found


def _accounts_on_disk(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in find_inputs([folder]).files}


def diff_folder(
    folder: Path, start: str, end: str | None, options: CheckOptions, lang: str | None
) -> FolderDiff:
    """Compare every account of ``folder`` at ``start`` with ``end`` (None: the files on
    disk), all in one language: ``--lang``, else the repository's, else the environment's."""
    require_work_tree(folder, folder)
    before = _accounts_at(folder, start)
    after = _accounts_on_disk(folder) if end is None else _accounts_at(folder, end)
    settings = settings_for_path(folder, options.playbook_file, options.max_bytes)
    chosen = terminal_lang(lang, None, settings.defaults.declared_lang)
    report = FolderDiff(display_path(folder), start, end or WORKING_FILE, chosen, [], [], [], 0)
    for name in sorted(before | after):
        path = folder / name
        old = read_side(path, start, options) if name in before else Side(start, exists=False)
        new = (
            read_side(path, end, options)
            if name in after
            else Side(end or WORKING_FILE, exists=False)
        )
        compared = compare_sides(path, old, new, options, chosen)
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
