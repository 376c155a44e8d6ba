"""An account file's past, read from git in one pass.

`git log --follow --raw` names, for every commit that touched the file (across renames), the
blob that commit holds; `git cat-file --batch-check` then `--batch` read the sizes and the
contents of all of those blobs, each in one process. Three processes for any number of
commits, where a process per commit would cost a fork and git's start-up a hundred times.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from battlemap.language import Words

_ABSENT = frozenset({"0" * 40, "0" * 64})
"""The blob id git writes for "no file" (SHA-1 and SHA-256 repositories)."""


class RevisionsError(Exception):
    """git cannot answer: not installed, not a repository, no history (exit 2)."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


@dataclass(frozen=True)
class Revision:
    """One commit that touched the file: the blob it holds there (None: deleted there)."""

    commit: str
    date: str
    """Committer date, ISO 8601 with the committer's offset."""
    subject: str
    path: str
    """The file's path in that commit, relative to the repository's top."""
    blob: str | None


def git(folder: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``folder``; RevisionsError when git is missing."""
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args],
            input=stdin,
            capture_output=True,
            timeout=300,
            check=False,
        )
    except FileNotFoundError as err:
        raise RevisionsError(
            Words("git is not installed (Debian package: git)", "未安装 git（Debian 软件包：git）")
        ) from err


UNKNOWN_REVISION = Words("unknown git revision '{revision}'", "git 中没有版本「{revision}」")
NOT_A_DAY = Words(
    "'{day}' is not a day of the calendar (YYYY-MM-DD)", "「{day}」不是日历上的日期（YYYY-MM-DD）"
)
NOT_WORK_TREE = Words(
    "{where} is not inside a git repository's work tree", "{where} 不在 git 仓库的工作区里"
)


def _top_level(folder: Path, shown: str) -> Path:
    found = git(folder, "rev-parse", "--show-toplevel")
    if found.returncode != 0 or not found.stdout.strip():
        raise RevisionsError(NOT_WORK_TREE.format(where=shown))
    return Path(found.stdout.decode("utf-8", "surrogateescape").strip())


def _parse_log(output: bytes) -> list[Revision]:
    """Parse ``--format=%x1e%H%x1f%cI%x1f%s --raw --no-abbrev -z`` output, newest first.

    Tokens are NUL-separated: a header (``\\x1e`` hash, date, subject: a subject holds no
    NUL), then raw entries ``:mode mode old new STATUS`` each followed by one path, or two
    for a rename or copy. A commit without an entry (a merge) holds no change of its own.
    ``--follow`` also follows copies (``cp east.yaml north.yaml`` for a new account): the
    history ends at the copy, so that one account never inherits another's past.
    """
    revisions: list[Revision] = []
    tokens = output.decode("utf-8", "replace").split("\0")
    header: list[str] | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith("\x1e"):
            header = token[1:].split("\x1f", 2)
        elif token.startswith(":") and header is not None and len(header) == 3:
            fields = token.split()
            status, blob = fields[-1], fields[-2]
            paths = 2 if status[:1] in ("R", "C") else 1
            path = tokens[index + paths - 1] if index + paths - 1 < len(tokens) else ""
            index += paths
            commit, date, subject = header
            kept = None if blob in _ABSENT or status.startswith("D") else blob
            revisions.append(Revision(commit, date, subject, path, kept))
            header = None
            if status.startswith("C"):
                break  # made as a copy of another file: that file's past is not this one's
    return revisions


def file_revisions(path: Path, shown: str, since: str | None = None) -> list[Revision]:
    """Every commit that touched ``path`` (following renames), oldest first.

    ``since`` is a day (``YYYY-MM-DD``: commits from that day on) or a revision (commits
    after it). Either way the first point is the file as it stood just before: the baseline
    the first movement is measured from (absent when the file did not exist yet).
    """
    target = path.resolve()
    top = _top_level(target.parent, shown)
    relative = target.relative_to(top.resolve()).as_posix()
    args = ["log", "--follow", "--format=%x1e%H%x1f%cI%x1f%s", "--raw", "--no-abbrev", "-z"]
    log = git(top, *args, "--", relative)
    if log.returncode != 0:
        detail = log.stderr.decode("utf-8", "replace").strip()
        raise RevisionsError(
            Words(f"{shown}: git log failed: {detail}", f"{shown}：git log 失败：{detail}")
        )
    revisions = list(reversed(_parse_log(log.stdout)))
    if not revisions and not path.exists():  # a mistyped name, not a file to commit
        raise RevisionsError(
            Words(
                f"{shown}: no such file, and git has no history of it",
                f"{shown}：找不到这个文件，git 里也没有它的历史",
            )
        )
    if not revisions:
        raise RevisionsError(
            Words(
                f"{shown} has no history in git (commit it first)",
                f"{shown} 在 git 里没有历史（请先提交）",
            )
        )
    if since is None:
        return revisions
    baseline, kept = split_since(path, revisions, since)
    return [baseline, *kept] if baseline is not None else kept


def split_since(
    path: Path, revisions: list[Revision], since: str
) -> tuple[Revision | None, list[Revision]]:
    """(the file as it stood just before ``since``, or None when it did not exist yet;
    the revisions from ``since`` on)."""
    later = _commits_since(_top_level(path.resolve().parent, str(path)), since)
    earlier = [r for r in revisions if r.commit not in later]
    return (earlier[-1] if earlier else None), [r for r in revisions if r.commit in later]


def is_shallow(path: Path) -> bool:
    """The repository is a shallow clone: its history stops short, so it cannot tell what
    moved. Outside git: False (callers find that out from `file_revisions`)."""
    found = git(path.resolve().parent, "rev-parse", "--is-shallow-repository")
    return found.stdout.strip() == b"true"


def last_commit(path: Path) -> str | None:
    """The last commit that touched ``path`` (None outside git or when it never did)."""
    target = path.resolve()
    found = git(target.parent, "log", "-1", "--format=%H", "--", target.name)
    commit = found.stdout.decode().strip()
    return commit if found.returncode == 0 and commit else None


def _commits_since(top: Path, since: str) -> set[str]:
    """The commits of HEAD's history from day ``since`` on, or after revision ``since``."""
    if _is_date(since):
        listed = git(top, "rev-list", f"--since={since}T00:00:00", "HEAD")
    else:
        listed = git(top, "rev-list", f"{_commit_of(top, since)}..HEAD")
    return set(listed.stdout.decode().split())


def _is_date(text: str) -> bool:
    """``text`` is written as a day (YYYY-MM-DD); `RevisionsError` if that day cannot be (git
    would read 2026-13-01 as some other day, silently)."""
    parts = text.split("-")
    if not (len(parts) == 3 and all(part.isdigit() for part in parts) and len(parts[0]) == 4):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        raise RevisionsError(NOT_A_DAY.format(day=text)) from None
    return True


def _commit_of(top: Path, revision: str) -> str:
    found = git(
        top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if found.returncode != 0:
        raise RevisionsError(UNKNOWN_REVISION.format(revision=revision))
    return found.stdout.decode().strip()


def read_blobs(
    path: Path, blobs: set[str], max_bytes: int
) -> tuple[dict[str, bytes], dict[str, int]]:
    """(content of each blob of at most ``max_bytes``, size of each larger one): two git
    processes for all of them; a larger blob is never read."""
    top = _top_level(path.resolve().parent, str(path))
    wanted = sorted(blobs)
    if not wanted:
        return {}, {}
    sizes = git(top, "cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in wanted).encode())
    too_big: dict[str, int] = {}
    readable: list[str] = []
    for line in sizes.stdout.decode().splitlines():
        blob, kind, size = [*line.split(), "", ""][:3]
        if kind != "blob":
            continue
        if int(size) > max_bytes:
            too_big[blob] = int(size)
        else:
            readable.append(blob)
    batch = git(top, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in readable).encode())
    contents: dict[str, bytes] = {}
    data = batch.stdout
    position = 0
    while position < len(data):
        end = data.index(b"\n", position)
        blob, _, size = data[position:end].decode().split()
        start = end + 1
        contents[blob] = data[start : start + int(size)]
        position = start + int(size) + 1
    return contents, too_big
