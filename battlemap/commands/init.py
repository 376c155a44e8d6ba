"""`battlemap init`: a commented starter account (or `battlemap.yaml`) that passes `check`,
and the editor copies of the schemas beside it. Never overwrites a file."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from battlemap.config import find_config, repository_root
from battlemap.discovery import ACCOUNT_SUFFIXES, CONFIG_NAME
from battlemap.language import CANNOT_WRITE, Words, os_reason
from battlemap.resources import schema_path
from battlemap.writing import write_atomic, write_new

_STARTERS = Path(__file__).resolve().parent.parent / "starters"


SCHEMA_FOLDER = ".battlemap"
_MODELINE_URL = "https://battlemap.dev/schemas/"


def local_schema(file: Path, kind: str) -> Path:
    """Where `init` keeps a copy of a schema for editors: `.battlemap/` at the repository."""
    root = repository_root(file, find_config(file))
    return root / SCHEMA_FOLDER / f"{kind}.schema.json"


class SchemaFolderProblem(Exception):
    """``.battlemap`` is there but is not a real folder: init writes nothing."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


_SCHEMA_FOLDER_LINKED = Words(
    "{folder}: is a symbolic link; battlemap init writes schema copies only into a real "
    "folder (replace the link with a folder)",
    "{folder}：是符号链接；battlemap init 只把格式副本写入真正的文件夹（请把链接换成文件夹）",
)
_SCHEMA_FOLDER_NOT_A_FOLDER = Words(
    "{folder}: is not a folder; remove it or rename it",
    "{folder}：不是文件夹；请删除或改名",
)


def check_schema_folder(file: Path) -> None:
    """``SchemaFolderProblem`` when the repository's ``.battlemap`` is a symbolic link (or
    anything but a folder): writing the schema copies would go wherever it points."""
    folder = local_schema(file, "account").parent
    try:
        found = folder.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(found.st_mode):
        raise SchemaFolderProblem(_SCHEMA_FOLDER_LINKED.format(folder=folder))
    if not stat.S_ISDIR(found.st_mode):
        raise SchemaFolderProblem(_SCHEMA_FOLDER_NOT_A_FOLDER.format(folder=folder))


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


BUILD_ENTRY = b"build/"
"""The line `init --repo` makes sure ``.gitignore`` has: `battlemap build` writes there by
default, and outputs are made again from the accounts, never committed."""
_BUILD_IGNORED = {b"build", b"build/", b"/build", b"/build/"}

_CREATED = Words(
    "created {path} with the line build/ (battlemap build writes its outputs there; they are "
    "made again from the accounts, so git need not keep them)",
    "已创建 {path}，写入一行 build/（battlemap build 的输出放在那里，可随时从客户档案重新生成，"
    "不必提交到 git）",
)
_ADDED = Words(
    "added the line build/ at the end of {path} (battlemap build writes its outputs there); "
    "nothing else in it changed",
    "已在 {path} 末尾加入一行 build/（battlemap build 的输出目录），文件其余内容不变",
)
_NOT_A_PLAIN_FILE = Words("not a plain file", "它不是普通文件")
_NOT_ADDED = Words(
    "could not add build/ to {path} ({reason.en}); add that line yourself",
    "无法把 build/ 加入 {path}（{reason.zh}），请自己加上这一行",
)
COMMIT_ADVICE = Words(
    "commit battlemap.yaml and the .battlemap/ folder (the schema copies your editor uses): "
    "git add {config} {folder}",
    "请把 battlemap.yaml 和 .battlemap/ 文件夹（编辑器用来补全和检查的格式副本）一起提交："
    "git add {config} {folder}",
)


def ignore_build(folder: Path) -> Words | None:
    """Make ``folder/.gitignore`` ignore ``build/``: create the file, or append the one line
    when no line ignores it yet. Every byte already there is kept (a last line without a
    newline gets one first, in the file's own line ending). Returns what to tell the user,
    None when ``build/`` was ignored already."""
    path = folder / ".gitignore"
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            # Writing through a link would change a file elsewhere: say so instead.
            return _NOT_ADDED.format(path=path, reason=_NOT_A_PLAIN_FILE)
        if not path.exists():
            write_new(path, BUILD_ENTRY + b"\n")
            return _CREATED.format(path=path)
        content = path.read_bytes()
        if any(line.strip() in _BUILD_IGNORED for line in content.splitlines()):
            return None
        ending = b"\r\n" if b"\r\n" in content else b"\n"
        if content and not content.endswith((b"\n", b"\r")):
            content += ending
        write_atomic(path, content + BUILD_ENTRY + ending)
    except OSError as err:
        return _NOT_ADDED.format(path=path, reason=os_reason(err))
    return _ADDED.format(path=path)


class InitRefused(Exception):
    """Nothing was written; the message says why (it may quote the file's name)."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


_NOT_A_CONFIG_NAME = Words(
    "{file}: battlemap reads a repository's settings only from a file named {config}; give"
    " its folder (battlemap init --repo accounts/) or leave the name out; nothing written",
    "{file}：battlemap 只从名为 {config} 的文件读取仓库设置；请给出它所在的文件夹"
    "（battlemap init --repo accounts/），或不写文件名；未写入任何内容",
)
_NOT_AN_ACCOUNT_NAME = Words(
    "{file}: an account file is named *.yaml or *.yml (for example {example}); nothing written",
    "{file}：客户档案的文件名要以 .yaml 或 .yml 结尾（例如 {example}）；未写入任何内容",
)
_EXISTS = Words(
    "{file}: already exists; battlemap init never overwrites a file",
    "{file}：已存在；battlemap init 从不覆盖文件",
)
WROTE_ACCOUNT = Words(
    "wrote {file}; next: battlemap check {file}", "已写入 {file}；下一步：battlemap check {file}"
)
KEPT_SCHEMA = Words(
    "battlemap: note: kept {copy}, which differs from this version's schema; to replace it: "
    "battlemap schema {kind} -o {copy}",
    "battlemap：注意：保留了 {copy}，它与本版本的格式不同；如要替换："
    "battlemap schema {kind} -o {copy}",
)


@dataclass(frozen=True)
class Written:
    """What `init` did besides writing the file: what to tell the user."""

    kept: list[tuple[str, Path]]
    """Schema copies kept because they differ from this version's schema (kind, path)."""
    notes: list[Words] = field(default_factory=list)


def init_file(file: Path, lang: str, repo: bool, today: date) -> Written:
    """Write the starter ``file`` and the schema copies it needs (and, for the repository
    configuration, ``build/`` in ``.gitignore``); ``InitRefused`` when nothing could be
    written."""
    if repo and file.name != CONFIG_NAME:
        # Settings are found by this name only: under any other they would never apply.
        raise InitRefused(_NOT_A_CONFIG_NAME.format(file=file, config=CONFIG_NAME))
    if not repo and not file.name.endswith(ACCOUNT_SUFFIXES):
        # `check` and `build` look for accounts by these names: any other would go unseen.
        raise InitRefused(_NOT_AN_ACCOUNT_NAME.format(file=file, example=file.with_suffix(".yaml")))
    content = starter_config(lang, file) if repo else starter_account(lang, today, file)
    kept = []
    try:
        check_schema_folder(file)
        write_new(file, content.encode("utf-8"))
        for needed in ("config", "playbook", "account") if repo else ("account",):
            copy = write_schema_copy(file, needed, schema_path(needed).read_bytes())
            kept += [] if copy is None else [(needed, copy)]
    except SchemaFolderProblem as err:
        raise InitRefused(err.words) from None
    except FileExistsError:
        raise InitRefused(_EXISTS.format(file=file)) from None
    except OSError as err:
        raise InitRefused(CANNOT_WRITE.format(file=file, reason=os_reason(err))) from None
    if not repo:
        return Written(kept)
    ignored = ignore_build(file.parent)
    advice = COMMIT_ADVICE.format(config=file, folder=f"{file.parent / SCHEMA_FOLDER}{os.sep}")
    return Written(kept, [*([] if ignored is None else [ignored]), advice])
