"""`battlemap diff`: what changed in an account between two git revisions.

Both sides go through the same pipeline as `check` (load, validate, model, assess), so a
change is reported in the model's terms: who moved, which deal advanced, which gaps and
flags opened or closed. A side that has errors is reported as such, not compared.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from battlemap.assess.types import Assessment
from battlemap.changes import contact_changes, coverage_by_deal, deal_changes, open_flags
from battlemap.config import settings_for
from battlemap.diagnostics import Diagnostic, Severity, sorted_diagnostics
from battlemap.discovery import CONFIG_NAME, display_path
from battlemap.language import Words, declared_lang, terminal_lang
from battlemap.model import Account, Contact, Opportunity
from battlemap.options import CheckOptions
from battlemap.pipeline import Checked, assess_checked, validate_loaded
from battlemap.revisions import NOT_WORK_TREE, UNKNOWN_REVISION
from battlemap.source import LoadResult, oversized, parse_bytes, read_file


class DiffError(Exception):
    """A usage problem: not in a git repository, an unknown revision (exit 2), in both
    languages (the command prints it in the terminal-message language)."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


ERRORS = {
    "no_git": Words(
        "git is not installed (Debian package: git)", "未安装 git（Debian 软件包：git）"
    ),
    "not_work_tree": NOT_WORK_TREE,
    "symlink": Words("{path} (a symbolic link to {target})", "{path}（指向 {target} 的符号链接）"),
    "unknown_revision": UNKNOWN_REVISION,
    "not_a_file": Words(
        "{file}: not a file in git ({detail})", "{file}：在 git 中不是文件（{detail}）"
    ),
    "unreadable": Words("{file}: {message}", "{file}：{message}"),
    "no_file": Words("{file}: no such file", "{file}：文件不存在"),
    "grep_failed": Words("git grep failed: {detail}", "git grep 失败：{detail}"),
}
"""The usage errors of `diff`."""


@dataclass
class Side:
    """One revision of the account: its model and assessment, or why there is none."""

    label: str
    exists: bool = True
    errors: list[Diagnostic] = field(default_factory=list)
    account: Account | None = None
    assessment: Assessment | None = None
    checked: Checked | None = None
    """The validated document, before the rules (`assess_side` adds them when it is
    valid); with errors, still where the account states its language."""

    @property
    def declared_lang(self) -> str | None:
        """The ``lang`` the account states (None: it states none, or the side has none)."""
        if self.checked is None or self.checked.document is None:
            return None
        account = self.checked.document.data.get("account")
        lang = account.get("lang") if isinstance(account, dict) else None
        return lang if isinstance(lang, str) else None


@dataclass
class AccountDiff:
    """The comparison of one account file: the JSON result (ids and codes) and the two
    sides it came from, which the text and Markdown reports turn into names and labels."""

    file: str
    result: dict[str, Any]
    old: Side
    new: Side
    playbook: dict[str, Any]
    lang: str
    """The language of the report (the terminal-message rule); flag messages are in it."""


def git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, timeout=60, check=False
        )
    except FileNotFoundError as err:
        raise DiffError(ERRORS["no_git"]) from err


def _tracked(path: Path) -> tuple[Path, str]:
    """The folder and name under which git tracks the account's content: a symbolic link is
    followed to its target (the file the working side reads), never looked up by its own name."""
    target = path.resolve()
    return target.parent, target.name


def require_work_tree(path: Path, folder: Path) -> None:
    """Stop unless ``folder`` is in a checked-out repository (the working side is a file)."""
    # In a bare repository or inside `.git`, git answers "false" with exit code 0.
    inside = git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode == 0 and inside.stdout.strip() == b"true":
        return
    where = Words(display_path(path), display_path(path))
    if path.is_symlink():
        where = ERRORS["symlink"].format(path=where.en, target=display_path(path.resolve()))
    raise DiffError(
        Words(
            ERRORS["not_work_tree"].en.format(where=where.en),
            ERRORS["not_work_tree"].zh.format(where=where.zh),
        )
    )


def require_revision(folder: Path, revision: str) -> None:
    """Stop unless ``revision`` names a commit."""
    if git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise DiffError(ERRORS["unknown_revision"].format(revision=revision))


def _revision_load(path: Path, revision: str, max_bytes: int) -> LoadResult | None:
    """The file at ``revision`` read and parsed, None when that revision does not contain it.

    git gives the object's size first: a file over ``max_bytes`` is refused unread, as
    `check` refuses a file on disk, whatever the history holds.
    """
    folder, name = _tracked(path)
    require_work_tree(path, folder)
    require_revision(folder, revision)
    spec = f"{revision}:./{name}"
    size = git(folder, "cat-file", "-s", spec)
    if size.returncode != 0:
        return None
    display = revision_display(path, revision)
    refused = oversized(display, int(size.stdout), max_bytes)
    if refused is not None:
        return refused
    blob = git(folder, "cat-file", "blob", spec)
    if blob.returncode != 0:
        detail = blob.stderr.decode(errors="replace").strip()
        raise DiffError(ERRORS["not_a_file"].format(file=display, detail=detail))
    return parse_bytes(blob.stdout, display, max_bytes)


def revision_display(path: Path, revision: str) -> str:
    """How diagnostics name the file at a revision: ``accounts/x.yaml@HEAD~1``."""
    return f"{display_path(path)}@{revision}"


WORKING_FILE = "working file"
"""The JSON label of the side read from disk (``--to`` not given)."""


def read_side(path: Path, revision: str | None, options: CheckOptions) -> Side:
    """Read and validate one side: a git revision, or the working file (None)."""
    label = revision or WORKING_FILE
    if revision is None:
        loaded = read_file(path, display_path(path), options.max_bytes)
        if loaded.io_error:
            message = loaded.diagnostics[0].message
            raise DiffError(ERRORS["unreadable"].format(file=display_path(path), message=message))
    else:
        found = _revision_load(path, revision, options.max_bytes)
        if found is None:
            return Side(label, exists=False)
        loaded = found
    return checked_side(path, label, loaded, options)


def checked_side(path: Path, label: str, loaded: LoadResult, options: CheckOptions) -> Side:
    """A side from its loaded file: validated, not yet assessed."""
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    checked = validate_loaded(loaded, path, settings, options)
    if not checked.valid:
        errors = [d for d in checked.diagnostics if d.severity is Severity.ERROR]
        return Side(label, errors=sorted_diagnostics(errors), checked=checked)
    return Side(label, checked=checked)


def assess_side(side: Side, lang: str | None) -> None:
    """Add the model and the assessment (flag messages in ``lang``) to a valid side."""
    if side.checked is not None and side.checked.valid and side.assessment is None:
        side.account, side.assessment, _ = assess_checked(side.checked, None, lang)


def load_side(
    path: Path, revision: str | None, options: CheckOptions, lang: str | None = None
) -> Side:
    """Read, validate and assess one side: a git revision, or the working file (None)."""
    side = read_side(path, revision, options)
    assess_side(side, lang)
    return side


def _direction(before: int | None, after: int | None) -> str:
    if before is None:
        return "assessed"
    if after is None:
        return "unassessed"
    return "up" if after > before else "down"


CONTACT_FIELDS = ("title", "stance", "influence", "owner", "reports_to", "roles")


def _contact_changes(old: Contact, new: Contact) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    for change in contact_changes(old, new, CONTACT_FIELDS):
        entry = {"field": change.field, "from": change.before, "to": change.after}
        if change.field.startswith("trust."):
            entry["direction"] = _direction(change.before, change.after)
        changes.append(entry)
    return changes


def _contacts(old: Account, new: Account) -> dict[str, Any]:
    before = {c.id: c for c in old.contacts}
    after = {c.id: c for c in new.contacts}
    changed = []
    departed = []
    for contact in new.contacts:
        previous = before.get(contact.id)
        if previous is None:
            continue
        if contact.departed is not None and previous.departed is None:
            departed.append({"id": contact.id, "name": contact.label, "on": contact.departed})
        found = _contact_changes(previous, contact)
        if found:
            changed.append({"id": contact.id, "name": contact.label, "changes": found})
    return {
        "added": [{"id": c.id, "name": c.label} for c in new.contacts if c.id not in before],
        "removed": [{"id": c.id, "name": c.label} for c in old.contacts if c.id not in after],
        "departed": departed,
        "changed": changed,
    }


def _opportunity_changes(
    old: Opportunity, new: Opportunity, stages: list[str], coverage: tuple[str | None, str | None]
) -> list[dict[str, Any]]:
    rank = {s: i for i, s in enumerate(stages)}
    changes: list[dict[str, Any]] = []
    for change in deal_changes(old, new, coverage):
        entry = {"field": change.field, "from": change.before, "to": change.after}
        if change.field == "stage":
            forward = rank.get(new.stage, -1) > rank.get(old.stage, -1)
            entry["move"] = "forward" if forward else "back"
        changes.append(entry)
    return changes


def _opportunities(
    old: Side, new: Side, before_account: Account, stages: list[str]
) -> dict[str, Any]:
    assert new.account is not None
    before = {o.id: o for o in before_account.opportunities}
    after = {o.id: o for o in new.account.opportunities}
    old_coverage = coverage_by_deal(old.assessment)
    new_coverage = coverage_by_deal(new.assessment)
    changed = []
    for opportunity in new.account.opportunities:
        previous = before.get(opportunity.id)
        coverage = (old_coverage.get(opportunity.id), new_coverage.get(opportunity.id))
        found = (
            []
            if previous is None
            else _opportunity_changes(previous, opportunity, stages, coverage)
        )
        if found:
            changed.append({"id": opportunity.id, "name": opportunity.name, "changes": found})
    return {
        "added": [
            {"id": o.id, "name": o.name} for o in new.account.opportunities if o.id not in before
        ],
        "removed": [
            {"id": o.id, "name": o.name} for o in before_account.opportunities if o.id not in after
        ],
        "changed": changed,
    }


def _opened_closed(before: list[tuple[str, ...]], after: list[tuple[str, ...]]) -> dict[str, Any]:
    return {
        "opened": [list(key) for key in after if key not in before],
        "closed": [list(key) for key in before if key not in after],
    }


def _keys(assessment: Assessment | None) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    if assessment is None:
        return [], []
    gaps: list[tuple[str, ...]] = [(g.contact, g.pillar) for g in assessment.trust_gaps]
    return gaps, list(open_flags(assessment))


def compare(old: Side, new: Side, stages: list[str]) -> dict[str, Any]:
    """The changes from ``old`` to ``new`` (a missing old side: everything is added)."""
    result: dict[str, Any] = {
        "from": {"revision": old.label, "exists": old.exists},
        "to": {"revision": new.label, "exists": new.exists},
    }
    broken = [side for side in (old, new) if side.errors]
    if broken:
        for side in broken:
            key = "from" if side is old else "to"
            result[key]["errors"] = [d.as_dict() for d in side.errors]
        return result
    if new.account is None:
        return result
    before = old.account or replace(new.account, contacts=(), opportunities=())
    old_gaps, old_flags = _keys(old.assessment)
    new_gaps, new_flags = _keys(new.assessment)
    result.update(
        contacts=_contacts(before, new.account),
        opportunities=_opportunities(old, new, before, stages),
        trust_gaps=_opened_closed(old_gaps, new_gaps),
        flags=_opened_closed(old_flags, new_flags),
    )
    return result


def compare_sides(
    path: Path, old: Side, new: Side, options: CheckOptions, lang: str | None
) -> AccountDiff:
    """Assess both sides in the report's language and compare them.

    The language follows the terminal-message rule: ``lang`` (``--lang``), else the
    account's (the later side's, else the earlier's), else the repository's, else the
    environment's."""
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    account_lang = new.declared_lang or old.declared_lang
    chosen = terminal_lang(lang, account_lang, settings.defaults.declared_lang)
    for side in (old, new):
        assess_side(side, chosen)
    stages = [s["id"] for s in settings.playbook["stages"]]
    result = compare(old, new, stages)
    return AccountDiff(display_path(path), result, old, new, settings.playbook, chosen)


def diff_account(
    path: Path, start: str, end: str | None, options: CheckOptions, lang: str | None = None
) -> AccountDiff:
    """Compare the account at revision ``start`` with ``end`` (None: the working file)."""
    if end is None and not path.exists():
        raise DiffError(ERRORS["no_file"].format(file=display_path(path)))
    old, new = read_side(path, start, options), read_side(path, end, options)
    return compare_sides(path, old, new, options, lang)


def message_lang(path: Path, chosen: str | None, options: CheckOptions) -> str:
    """The language of a usage error about ``path`` (the terminal-message rule): the
    account's ``lang`` is found by scanning its lines, since the file may not parse."""
    account_lang = None
    if path.is_file():
        try:
            with path.open("rb") as handle:
                head = handle.read(options.max_bytes)
            account_lang = declared_lang(head.decode("utf-8", errors="replace"))
        except OSError:
            account_lang = None
    folder = path if path.is_dir() else path.parent
    settings = settings_for(folder / CONFIG_NAME, options.playbook_file, options.max_bytes)
    return terminal_lang(chosen, account_lang, settings.defaults.declared_lang)


def has_errors(result: dict[str, Any]) -> bool:
    return any("errors" in result[side] for side in ("from", "to"))
