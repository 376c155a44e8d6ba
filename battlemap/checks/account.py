"""The account section: figures the rules need."""

from __future__ import annotations

from collections.abc import Iterator

from battlemap.checks.access import mapping
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity


@register(
    "revenue-missing",
    Severity.WARNING,
    "An active account states a wallet but no revenue_ltm: its share of wallet is unknown.",
)
def revenue_missing(context: CheckContext) -> Iterator[Finding]:
    account = mapping(mapping(context.document.data).get("account"))
    active = account.get("status", "active") == "active"
    wallet = account.get("wallet")
    has_wallet = isinstance(wallet, (int, float)) and not isinstance(wallet, bool)
    if active and has_wallet and "revenue_ltm" not in account:
        message = "an active account without revenue_ltm: its share of wallet is unknown"
        yield Finding(("account",), message, at_key=True)
