"""`battlemap init`: a commented starter account (or `battlemap.yaml`) that passes `check`,
and the editor copies of the schemas beside it. Never overwrites a file."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path

from battlemap.config import find_config, repository_root
from battlemap.discovery import ACCOUNT_SUFFIXES
from battlemap.resources import schema_path
from battlemap.writing import write_new

_STARTERS = Path(__file__).resolve().parent.parent / "starters"


SCHEMA_FOLDER = ".battlemap"
_MODELINE_URL = "https://battlemap.dev/schemas/"


def local_schema(file: Path, kind: str) -> Path:
    """Where `init` keeps a copy of a schema for editors: `.battlemap/` at the repository."""
    root = repository_root(file, find_config(file))
    return root / SCHEMA_FOLDER / f"{kind}.schema.json"


class SchemaFolderProblem(Exception):
    """``.battlemap`` is there but is not a real folder: init writes nothing."""


def check_schema_folder(file: Path) -> None:
    """``SchemaFolderProblem`` when the repository's ``.battlemap`` is a symbolic link (or
    anything but a folder): writing the schema copies would go wherever it points."""
    folder = local_schema(file, "account").parent
    try:
        found = folder.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(found.st_mode):
        raise SchemaFolderProblem(
            f"{folder}: is a symbolic link; battlemap init writes schema copies only into a "
            "real folder (replace the link with a folder)"
        )
    if not stat.S_ISDIR(found.st_mode):
        raise SchemaFolderProblem(f"{folder}: is not a folder; remove it or rename it")


def write_schema_copy(file: Path, kind: str, content: bytes) -> Path | None:
    """Write the editor copy of schema ``kind`` unless a file is there already. Returns the
    copy when one that differs from ``content`` (or a link) was kept, else None.

    Why never replace it: the team may have edited it, or pinned an older version."""
    target = local_schema(file, kind)
    try:
        handle = os.open(target, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        try:
            write_new(target, content)
        except FileExistsError:
            return target
        return None
    except OSError:
        return target
    with os.fdopen(handle, "rb") as existing:
        return None if existing.read(len(content) + 1) == content else target


def _with_modeline(text: str, file: Path, kind: str) -> str:
    """Point the editor modeline at the local copy of the schema, relative to ``file``."""
    target = os.path.relpath(local_schema(file, kind), file.resolve().parent)
    return text.replace(f"{_MODELINE_URL}{kind}.schema.json", target, 1)


def starter_account(lang: str, today: date, file: Path) -> str:
    """The starter in ``lang``, dated ``today`` so that it raises no date warning."""
    text = _with_modeline(
        (_STARTERS / f"account.{lang}.yaml").read_text(encoding="utf-8"), file, "account"
    )
    dates = {
        "{today}": today,
        "{in_two_weeks}": today + timedelta(days=14),
        "{in_six_months}": today + timedelta(days=182),
    }
    for token, day in dates.items():
        text = text.replace(token, day.isoformat())
    return text


_CONFIG_DEFAULTS = {"zh": ("zh", "CNY"), "en": ("en", "USD")}


def starter_config(lang: str, file: Path) -> str:
    """The commented repository configuration written by `battlemap init --repo`."""
    text = (_STARTERS / "battlemap.yaml").read_text(encoding="utf-8")
    language, currency = _CONFIG_DEFAULTS[lang]
    text = text.replace("{lang}", language).replace("{currency}", currency)
    return _with_modeline(text, file, "config")


class InitRefused(Exception):
    """Nothing was written; the message says why (it may quote the file's name)."""


def init_file(file: Path, lang: str, repo: bool, today: date) -> list[tuple[str, Path]]:
    """Write the starter ``file`` and the schema copies it needs. Returns the copies kept
    because they differ from this version's schema (kind, path); ``InitRefused`` when
    nothing could be written."""
    if not repo and not file.name.endswith(ACCOUNT_SUFFIXES):
        # `check` and `build` look for accounts by these names: any other would go unseen.
        raise InitRefused(
            f"{file}: an account file is named *.yaml or *.yml "
            f"(for example {file.with_suffix('.yaml')}); nothing written"
        )
    content = starter_config(lang, file) if repo else starter_account(lang, today, file)
    kept = []
    try:
        check_schema_folder(file)
        write_new(file, content.encode("utf-8"))
        for needed in ("config", "playbook", "account") if repo else ("account",):
            copy = write_schema_copy(file, needed, schema_path(needed).read_bytes())
            kept += [] if copy is None else [(needed, copy)]
    except SchemaFolderProblem as err:
        raise InitRefused(str(err)) from None
    except FileExistsError:
        raise InitRefused(
            f"{file}: already exists; battlemap init never overwrites a file"
        ) from None
    except OSError as err:
        raise InitRefused(f"{file}: cannot write: {err.strerror or err}") from None
    return kept
