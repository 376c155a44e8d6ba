"""Repository configuration (`battlemap.yaml`) and the layered playbook.

Layers: the built-in default playbook, then the `playbook` section of the repository's
`battlemap.yaml` (found by walking up from the account file), then `--playbook FILE`.
A bad configuration or playbook gets the same positioned diagnostics as a bad account.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from battlemap import playbook, schema
from battlemap.assess.flags import RULES
from battlemap.diagnostics import Diagnostic, Severity
from battlemap.discovery import CONFIG_NAME, display_path
from battlemap.model import Defaults, TeamMember
from battlemap.playbook.origins import Origins, record_origins
from battlemap.playbook.overrides import check_override
from battlemap.source import MAX_BYTES_DEFAULT, Document, KeyPath, read_file


@dataclass(frozen=True)
class Settings:
    """Everything an account is checked and assessed with, besides the account itself."""

    playbook: dict[str, Any]
    defaults: Defaults
    repository: Path
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    io_error: bool = False
    origins: Origins = field(default_factory=dict)
    """Where the overrides set values: see ``playbook.origins`` (empty: all default)."""
    stated_lang: str | None = None
    """``defaults.lang`` as battlemap.yaml states it (None when it does not): unlike
    ``defaults.lang``, it lets terminal messages fall back to the environment's language."""

    @property
    def usable(self) -> bool:
        return not self.io_error and not any(d.severity is Severity.ERROR for d in self.diagnostics)


def _folder_as_given(account_file: Path) -> Path:
    """The folder the account file is in as named, symbolic links not followed.

    Why: an account that is a symbolic link to a file elsewhere belongs to the repository
    where the link is; resolving the link would make the target's folder the repository
    root, and its logo (a file outside the repository) would be embedded in the map."""
    return Path(os.path.abspath(account_file)).parent


def find_config(account_file: Path) -> Path | None:
    """The nearest `battlemap.yaml` in the account's folder or above it (the folder of the
    path as given: a symbolic link to an account elsewhere is not followed)."""
    folder = _folder_as_given(account_file)
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return None


def repository_root(account_file: Path, config: Path | None) -> Path:
    """The folder of `battlemap.yaml`, else the git work tree, else the account's folder
    (all found from the path as given, symbolic links not followed)."""
    if config is not None:
        return config.parent
    folder = _folder_as_given(account_file)
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


@dataclass(frozen=True)
class _Layer:
    data: dict[str, Any]
    diagnostics: tuple[Diagnostic, ...]
    io_error: bool = False
    document: Document | None = None


def _read_layer(path: Path, kind: str, max_bytes: int) -> _Layer:
    loaded = read_file(path, display_path(path), max_bytes)
    if loaded.document is None:
        return _Layer({}, tuple(loaded.diagnostics), loaded.io_error)
    found = [*loaded.diagnostics, *schema.validate(loaded.document, kind)]
    data = loaded.document.data if isinstance(loaded.document.data, dict) else {}
    return _Layer(data, tuple(found), document=loaded.document)


def _team(entries: Any) -> tuple[TeamMember, ...]:
    return tuple(TeamMember(t["id"], t["name"], t.get("role")) for t in entries or ())


PLAYBOOK_AT: dict[str, KeyPath] = {"config": ("playbook",), "playbook": ()}
"""Where the playbook override is in each kind of layer file."""


def override_of(layer_data: dict[str, Any], kind: str) -> dict[str, Any]:
    """The playbook override a layer file states (``playbook: 1`` of a playbook file is its
    format version, not an override)."""
    if kind == "config":
        found = layer_data.get("playbook") or {}
        return dict(found) if isinstance(found, dict) else {}
    return {k: v for k, v in layer_data.items() if k != "playbook"}


def _overridden(
    book: dict[str, Any], layer: _Layer, kind: str, origins: Origins
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """``book`` with the layer's override merged over it (``origins`` updated), or the
    override's errors (then ``book`` unchanged: the settings are not usable anyway)."""
    document = layer.document
    if layer.diagnostics or document is None:
        return book, []
    problems = check_override(document, PLAYBOOK_AT[kind], book, tuple(RULES))
    if problems:
        return book, problems
    override = override_of(layer.data, kind)
    record_origins(origins, override, document, PLAYBOOK_AT[kind])
    return playbook.merge(book, override), []


@cache
def load_settings(
    config: Path | None, playbook_file: Path | None, repository: Path, max_bytes: int
) -> Settings:
    """The merged playbook and repository defaults (cached: many accounts share them)."""
    book = playbook.load_default()
    origins: Origins = {}
    diagnostics: list[Diagnostic] = []
    io_error = False
    defaults = Defaults()
    stated_lang = None
    if config is not None:
        layer = _read_layer(config, "config", max_bytes)
        io_error = layer.io_error
        book, problems = _overridden(book, layer, "config", origins)
        diagnostics.extend([*layer.diagnostics, *problems])
        if not layer.diagnostics:
            settings = layer.data.get("defaults") or {}
            stated_lang = settings.get("lang")
            defaults = Defaults(
                lang=settings.get("lang", defaults.lang),
                declared_lang=settings.get("lang"),
                currency=settings.get("currency", defaults.currency),
                team=_team(layer.data.get("team")),
            )
    if playbook_file is not None:
        layer = _read_layer(playbook_file, "playbook", max_bytes)
        io_error = io_error or layer.io_error
        book, problems = _overridden(book, layer, "playbook", origins)
        diagnostics.extend([*layer.diagnostics, *problems])
    return Settings(book, defaults, repository, tuple(diagnostics), io_error, origins, stated_lang)


def settings_for_path(
    path: Path, playbook_file: Path | None = None, max_bytes: int = MAX_BYTES_DEFAULT
) -> Settings:
    """The settings of an account file, or of any account directly in a folder."""
    return settings_for(path if path.is_file() else path / CONFIG_NAME, playbook_file, max_bytes)


def settings_for(
    account_file: Path, playbook_file: Path | None = None, max_bytes: int = MAX_BYTES_DEFAULT
) -> Settings:
    config = find_config(account_file)
    extra = playbook_file.resolve() if playbook_file is not None else None
    return load_settings(config, extra, repository_root(account_file, config), max_bytes)
