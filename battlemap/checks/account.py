"""The account section: figures the rules need."""

from __future__ import annotations

from collections.abc import Iterator

from battlemap.checks.access import mapping
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.language import Words


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
        message = Words(
            "an active account without revenue_ltm: its share of wallet is unknown",
            "在合作的客户没有填写 revenue_ltm（近 12 个月收入），无法计算钱包份额",
        )
        yield Finding(("account",), message, at_key=True)
