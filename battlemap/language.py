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
        """Both sentences with ``{name}`` fields filled in."""
        return Words(self.en.format(**values), self.zh.format(**values))


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
