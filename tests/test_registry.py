"""The one registry pattern of checks and flags: a code registered twice is refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from battlemap.assess.flags import RULES, FlagInputs, Raised, rule
from battlemap.checks import CHECKS
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.registry import Registry


def test_a_registry_keeps_the_order_and_refuses_a_code_twice() -> None:
    table: Registry[int] = Registry("thing")
    table.add("b", 2)
    table.add("a", 1)
    assert list(table) == ["b", "a"] and table["a"] == 1 and len(table) == 2
    with pytest.raises(ValueError, match="thing code registered twice: a"):
        table.add("a", 3)
    assert table["a"] == 1


def test_a_second_check_under_a_taken_code_is_refused() -> None:
    taken = next(iter(CHECKS))

    def again(context: CheckContext) -> Iterator[Finding]:
        yield from ()

    with pytest.raises(ValueError, match=f"check code registered twice: {taken}"):
        register(taken, Severity.ERROR, "a copy")(again)


def test_a_second_flag_rule_under_a_taken_id_is_refused() -> None:
    taken = next(iter(RULES))

    def again(inputs: FlagInputs) -> Iterator[Raised]:
        yield from ()

    with pytest.raises(ValueError, match=f"flag code registered twice: {taken}"):
        rule(taken)(again)


def test_every_check_module_has_registered_its_checks() -> None:
    """Importing the package is enough: no lazy loading step to forget."""
    assert {"duplicate-id", "reports-to-cycle", "logo-too-large", "too-many-contacts"} <= set(
        CHECKS
    )
