"""Across account files: two files of one account (the same ``account.id``).

Why: every output is named after the account's id (``OUT/<id>.html``), so two files with
one id would silently write one map over the other, and the portfolio index would link both
rows to the same map. Unlike the registered checks, this one sees every file of a run:
`check` and `build` call it once they have read them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from battlemap.checks.access import mapping, text
from battlemap.diagnostics import Diagnostic, Severity, worded
from battlemap.language import Words
from battlemap.source import Document

DUPLICATE_ACCOUNT_ID = "duplicate-account-id"
SUMMARY = "Two account files have the same account.id."


@dataclass(frozen=True)
class AccountIdAt:
    """An account's id and where it is written, with the language of that file."""

    ident: str
    file: str
    line: int
    column: int
    lang: str


def account_id_at(document: Document, lang: str) -> AccountIdAt | None:
    """The ``account.id`` of a loaded document (None when it has no text id)."""
    ident = text(mapping(mapping(document.data).get("account")), "id")
    if ident is None:
        return None
    where = document.position(("account", "id"))
    return AccountIdAt(ident, document.file, where.line, where.column, lang)


def duplicate_account_ids(found: Iterable[AccountIdAt]) -> list[Diagnostic]:
    """An error at the id of every file whose id another file of the run also has, naming
    the other files."""
    by_id: dict[str, list[AccountIdAt]] = {}
    for account in found:
        by_id.setdefault(account.ident, []).append(account)
    diagnostics = []
    for same in by_id.values():
        for account in same if len(same) > 1 else ():
            others = [o.file for o in same if o is not account]
            message = Words(
                "account id '{ident}' is also the id of {en}: each account needs its own id "
                "(the map is named after it)",
                "客户 id「{ident}」与 {zh} 的相同：每个客户要有自己的 id（地图文件以它命名）",
            ).format(ident=account.ident, en=", ".join(others), zh="、".join(others))
            diagnostics.append(
                worded(
                    account.file,
                    account.line,
                    account.column,
                    Severity.ERROR,
                    DUPLICATE_ACCOUNT_ID,
                    message,
                    "/account/id",
                ).in_(account.lang)
            )
    return diagnostics
