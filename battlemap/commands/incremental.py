"""Incremental builds: an account whose inputs are unchanged is not rendered again.

The key of an account's outputs hashes everything they depend on: the account file's
bytes, the repository configuration and `--playbook` file, the templates and CSS, the
build options, and battlemap's own code and data (so a new version re-renders all).
The keys live in ``OUT/.battlemap-cache.json``, written atomically after each build.

The cache is in the output folder, which anyone with push rights can commit, so nothing in
it is trusted as it stands: each entry carries an HMAC made with a key that only this user
can read (``writing.user_cache_folder()``), and an entry whose MAC does not verify, or that
does not match ``ENTRY_SCHEMA``, is dropped (its account is rebuilt). A verified entry was
written by this user's battlemap from the account file whose bytes its key hashes, so its
id and summary are those the account states; a ``depends`` path outside the account's
repository still makes an entry stale. Without a private cache folder (or its key) no entry
is reused: every build is a full one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from battlemap.config import find_config, repository_root
from battlemap.diagnostics import Severity
from battlemap.resources import data_dir
from battlemap.writing import private_folder, user_cache_folder, write_atomic

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


_ID = "[a-z0-9][a-z0-9_-]*"
_DIGEST = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_COUNT = {"type": "integer", "minimum": 0}
_MONEY = {"type": "number", "minimum": -1e18, "maximum": 1e18}
"""Amounts: bounded well inside what Babel formats (28 significant digits); an account with
more is built again, never formatted from the cache."""
_MONEY_OR_NULL = {**_MONEY, "type": ["number", "null"]}
_TEXT_OR_NULL = {"type": ["string", "null"]}


def _counts(*keys: str) -> dict[str, Any]:
    properties = dict.fromkeys(keys, _COUNT)
    return {"type": "object", "required": list(keys), "properties": properties}


_SUMMARY = {
    "type": "object",
    "required": [
        *("id", "name", "short_name", "status", "tier", "posture", "attractive"),
        *("share_of_wallet", "wallet", "market_influence", "owner", "currency", "as_of"),
        *("pipeline", "pipeline_total", "coverage", "flags", "trust_gaps", "lang"),
    ],
    "properties": {
        "id": {"type": "string", "pattern": f"^{_ID}$"},
        "name": {"type": "string"},
        "short_name": _TEXT_OR_NULL,
        "status": {"enum": ["potential", "active", "lost"]},
        "tier": _TEXT_OR_NULL,
        "posture": {"type": "string"},
        "attractive": {"type": "boolean"},
        "share_of_wallet": {"type": ["number", "null"], "minimum": 0, "maximum": 1e6},
        "wallet": _MONEY_OR_NULL,
        "market_influence": _TEXT_OR_NULL,
        "owner": _TEXT_OR_NULL,
        "currency": {"type": "string"},
        "as_of": {"type": "string", "format": "date"},
        "pipeline": {"type": "object", "additionalProperties": _MONEY},
        "pipeline_total": _MONEY,
        "coverage": _counts("green", "amber", "red"),
        "flags": _counts(*Severity),
        "trust_gaps": _COUNT,
        "lang": {"enum": ["zh", "en"]},
        "moved": {
            "type": ["object", "null"],
            "required": ["new", "broken"],
            "properties": {"new": {"type": "boolean"}, "broken": {"type": "boolean"}},
            "additionalProperties": _COUNT,
        },
    },
}
ENTRY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["key", "id", "outputs", "summary", "depends", "mac"],
    "additionalProperties": False,
    "properties": {
        "mac": _DIGEST,
        "key": _DIGEST,
        "id": {"type": "string", "pattern": f"^{_ID}$"},
        "outputs": {"type": "array", "items": {"type": "string"}},
        "summary": _SUMMARY,
        "depends": {"type": "object", "additionalProperties": _DIGEST},
    },
}
"""One account's cache entry, as ``build`` writes it."""
_ENTRY = Draft202012Validator(ENTRY_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_cache(out: Path) -> dict[str, Any]:
    """Source path -> its entry (``ENTRY_SCHEMA``); entries that do not match or whose MAC
    does not verify are left out, and the whole cache when it is missing or unreadable."""
    key = signing_key()
    if key is None:
        return {}
    try:
        text = (out / CACHE_NAME).read_text(encoding="utf-8")
        found = json.loads(text, parse_constant=_no_constant)
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        source: entry
        for source, entry in found.items()
        if _ENTRY.is_valid(entry) and hmac.compare_digest(entry["mac"], _mac(key, entry))
    }


def save_cache(out: Path, entries: dict[str, Any]) -> None:
    """Write the entries, each signed (without a key, nothing is written: it could not be
    trusted later)."""
    key = signing_key()
    if key is None:
        return
    signed = {source: {**entry, "mac": _mac(key, entry)} for source, entry in entries.items()}
    body = json.dumps(signed, ensure_ascii=False, sort_keys=True, indent=1)
    write_atomic(out / CACHE_NAME, body.encode("utf-8"))


_KEY_NAME = "build-cache.key"


@cache
def signing_key() -> bytes | None:
    """This user's key for build-cache entries, made on first use (32 random bytes, mode
    0600, in the private cache folder); None when that folder cannot be trusted."""
    folder = user_cache_folder()
    if not private_folder(folder):
        return None
    path = folder / _KEY_NAME
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_bytes(32))
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def _mac(key: bytes, entry: dict[str, Any]) -> str:
    unsigned = {name: value for name, value in entry.items() if name != "mac"}
    body = json.dumps(unsigned, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def still_fresh(
    entry: dict[str, Any], key: str | None, out: Path, source: Path, outputs: Sequence[str]
) -> bool:
    """The entry is that of this key, for the outputs the account's id names, every one of
    them is still there, and the files it embeds (inside the repository) are unchanged."""
    root = repository_root(source, find_config(source)).resolve()
    return (
        key is not None
        and entry["key"] == key
        and sorted(entry["outputs"]) == sorted(outputs)
        and all((out / name).is_file() for name in outputs)
        and all(
            Path(name).resolve().is_relative_to(root) and file_hash(Path(name)) == digest
            for name, digest in entry["depends"].items()
        )
    )


def dependencies(files: list[Path]) -> dict[str, str]:
    """Files an account's outputs embed besides the account (its logo): path -> hash."""
    return {str(file): file_hash(file) for file in files}
