"""Which language a run speaks, and text that exists in both of battlemap's languages.

Two rules, both from the command-line contract:

* **terminal messages** (diagnostics, summaries, usage, what `import`/`export`/`diff`/`serve`
  print): ``--lang``, else the file's ``account.lang``, else the repository's ``defaults.lang``,
  else ``LC_ALL``/``LANG`` (``zh_*`` gives zh), else en;
* **files** (maps, briefs, reports, exports) never look at the environment, so that a build is
  the same on every machine: ``--lang``, else ``account.lang``, else ``defaults.lang``, else en.

A file that does not parse still has a language: `declared_lang` finds ``lang:`` under
``account:`` by scanning lines, the way a reader would.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("zh", "en")
DEFAULT_LANG = "en"


@dataclass(frozen=True)
class Words:
    """One message in both languages; `in_` picks the one a reader gets."""

    en: str
    zh: str

    def in_(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **values: object) -> Words:
        """Both sentences with ``{name}`` fields filled in (a `Words` value is written
        ``{name.en}`` in the English one and ``{name.zh}`` in the Chinese one)."""
        return Words(self.en.format(**values), self.zh.format(**values))


# What the system says when it refuses (strerror is English whatever the locale), for the
# refusals a user can meet and act on; any other keeps the system's own words in both.
_OS_REASONS_ZH = {
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.ENOENT: "找不到这个文件或文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EROFS: "这是只读的位置",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ELOOP: "符号链接绕回了它自己",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "已经存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "正被其他程序占用",
    errno.ETXTBSY: "正被其他程序占用",
    errno.EADDRNOTAVAIL: "本机没有这个地址",
    errno.EADDRINUSE: "端口已被占用",
}


CANNOT_WRITE = Words("{file}: cannot write: {reason.en}", "{file}：无法写入：{reason.zh}")
"""A file that could not be written; ``reason`` is `os_reason`'s."""


def os_reason(err: OSError) -> Words:
    """Why the system refused, in both languages (``Permission denied`` / ``没有权限``)."""
    said = err.strerror or str(err)
    zh = _OS_REASONS_ZH.get(err.errno) if err.errno is not None else None
    return Words(said, zh or said)


def counted(count: int, one: str, many: str, zh: str) -> Words:
    """``count`` things in both languages: "1 commit", "2 commits", "2 个提交" (``zh`` with
    its measure word)."""
    return Words(f"{count} {one if count == 1 else many}", f"{count} {zh}")


def environment_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """zh or en from ``LC_ALL``, else ``LANG`` (POSIX order: the first one set wins);
    None when neither names a language battlemap speaks."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else None
    return None


def terminal_lang(
    chosen: str | None,
    account_lang: str | None = None,
    defaults_lang: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language of terminal messages (see the module's docstring)."""
    for candidate in (chosen, account_lang, defaults_lang):
        if candidate in LANGUAGES:
            return candidate
    return environment_lang(environ) or DEFAULT_LANG


def file_lang(
    chosen: str | None, account_lang: str | None = None, defaults_lang: str | None = None
) -> str:
    """The language of labels in files: never the environment's."""
    for candidate in (chosen, account_lang, defaults_lang):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANG


_TOP_KEY = re.compile(r"^(?:\ufeff)?([^\s#][^:#]*?)\s*:")
_LANG_LINE = re.compile(r"^([ \t]+)lang\s*:\s*['\"]?([A-Za-z]+)['\"]?\s*(?:#.*)?$")


def declared_lang(text: str) -> str | None:
    """The ``lang`` written under the top-level ``account:`` key, found line by line, so that
    even a file whose YAML does not parse is answered in its own language. None if absent."""
    in_account = False
    for line in text.splitlines():
        top = _TOP_KEY.match(line)
        if top:
            in_account = top[1].strip("'\"") == "account"
            continue
        if in_account:
            found = _LANG_LINE.match(line)
            if found and found[2] in LANGUAGES:
                return found[2]
    return None
