"""Incremental builds: an account whose inputs are unchanged is not rendered again.

The key of an account's outputs hashes everything they depend on: the account file's
bytes, the repository configuration and `--playbook` file, the templates and CSS, the
build options, and battlemap's own code and data (so a new version re-renders all).
The keys live in ``OUT/.battlemap-cache.json``, written atomically after each build.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from battlemap.config import find_config
from battlemap.resources import data_dir
from battlemap.writing import write_atomic

CACHE_NAME = ".battlemap-cache.json"
_PACKAGE = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".yaml", ".json", ".html", ".css", ".j2", ".svg")


def _hash_files(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(str(file).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _tree(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return [f for f in folder.rglob("*") if f.is_file() and f.suffix in _CODE_SUFFIXES]


@cache
def code_fingerprint(templates: Path | None, css: Path | None) -> str:
    """battlemap's code and data, the template overrides and the extra CSS."""
    files = [*_tree(_PACKAGE), *_tree(data_dir("templates")), *_tree(data_dir("schemas"))]
    files += _tree(templates)
    if css is not None and css.is_file():
        files.append(css)
    return _hash_files([f for f in files if "__pycache__" not in f.parts])


@cache
def file_hash(path: Path | None) -> str:
    if path is None or not path.is_file():
        return "-"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_key(source: Path, options: dict[str, Any], code: str) -> str | None:
    """The cache key of one account's outputs (None when the file cannot be read)."""
    try:
        content = source.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(content)
    digest.update(file_hash(find_config(source)).encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(code.encode())
    return digest.hexdigest()


def load_cache(out: Path) -> dict[str, Any]:
    """Source path -> {key, id, outputs, summary}; empty when missing or unreadable."""
    try:
        found = json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def save_cache(out: Path, entries: dict[str, Any]) -> None:
    body = json.dumps(entries, ensure_ascii=False, sort_keys=True, indent=1)
    write_atomic(out / CACHE_NAME, body.encode("utf-8"))


def still_fresh(entry: Any, key: str | None, out: Path) -> bool:
    """The cached outputs are those of this key, and every one of them is still there."""
    return (
        isinstance(entry, dict)
        and key is not None
        and entry.get("key") == key
        and all((out / name).is_file() for name in entry.get("outputs", ()))
        and all(
            file_hash(Path(name)) == digest for name, digest in entry.get("depends", {}).items()
        )
    )


def dependencies(files: list[Path]) -> dict[str, str]:
    """Files an account's outputs embed besides the account (its logo): path -> hash."""
    return {str(file): file_hash(file) for file in files}
