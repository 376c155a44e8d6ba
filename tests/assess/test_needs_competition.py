"""Needs ranking and competition (rules.md, "Needs, competition, performance").

Needs: importance x urgency x feasibility, largest first; ties by importance (higher first),
then id. Competition: sum(weight x score) / sum(weights), rounded to 2 decimals, for us and
each competitor; lead or lag per criterion against the strongest rival (highest score; ties:
incumbent first, then file order).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from battlemap.assess.types import CompetitionScore
from tests.rules_support import Data, account, run


def opportunity(**fields: Any) -> Data:
    data = account()
    data["opportunities"] = [{"id": "deal", "name": "Deal", "stage": "research", **fields}]
    return data


def need(ident: str, importance: int, urgency: int, feasibility: int) -> Data:
    return {
        "id": ident,
        "text": ident,
        "importance": importance,
        "urgency": urgency,
        "feasibility": feasibility,
    }


# ---- needs -----------------------------------------------------------------------------


def test_needs_ranked_by_product_then_importance_then_id() -> None:
    needs = [
        need("b", 4, 5, 1),  # 20
        need("y", 2, 5, 2),  # 20
        need("c", 5, 4, 1),  # 20
        need("z", 3, 3, 3),  # 27
        need("a", 5, 2, 2),  # 20
        need("w", 1, 1, 1),  # 1
    ]
    found = run(opportunity(needs=needs)).opportunities[0]
    assert list(found.needs) == ["z", "a", "c", "b", "y", "w"]
    ranks = next(b for b in found.because if b.rule == "needs-rank")
    assert ranks.values == {"z": 27, "a": 20, "c": 20, "b": 20, "y": 20, "w": 1}


def test_no_needs_no_ranking() -> None:
    assert run(opportunity()).opportunities[0].needs == ()


# ---- competition -----------------------------------------------------------------------


def competition(
    weights: list[float], us: list[int], *rivals: tuple[str, list[int], bool]
) -> CompetitionScore | None:
    names = [f"c{i}" for i in range(len(weights))]
    section = {
        "criteria": [{"id": n, "weight": w} for n, w in zip(names, weights, strict=True)],
        "us": dict(zip(names, us, strict=True)),
        "competitors": [
            {
                "id": ident,
                "name": ident.upper(),
                "incumbent": incumbent,
                "scores": dict(zip(names, scores, strict=True)),
            }
            for ident, scores, incumbent in rivals
        ],
    }
    return run(opportunity(competition=section)).opportunities[0].competition


def test_weighted_scores_of_the_complete_example() -> None:
    # us: (3x4 + 2x3 + 2x5) / 7 = 28/7 = 4; rival: (3x5 + 2x2 + 2x3) / 7 = 25/7 = 3.5714...
    found = competition([3, 2, 2], [4, 3, 5], ("rival-a", [5, 2, 3], True))
    assert found is not None
    assert found.us == Decimal("4.00")
    assert found.competitors == {"rival-a": Decimal("3.57")}
    assert found.strongest_rival == "rival-a"
    assert found.lead == {"c0": "lag", "c1": "lead", "c2": "lead"}


@pytest.mark.parametrize(
    ("weights", "us", "score"),
    [
        ([1, 2], [4, 5], Decimal("4.67")),  # 14/3 = 4.666...
        ([1] * 8, [3, 3, 3, 3, 3, 3, 4, 3], Decimal("3.13")),  # 25/8 = 3.125, half up
        ([2, 1], [1, 2], Decimal("1.33")),  # 4/3 = 1.333...
        ([0.5, 1.5], [4, 2], Decimal("2.50")),  # (2 + 3) / 2
        ([0.1, 0.2], [1, 2], Decimal("1.67")),  # 0.5 / 0.3, exact decimals
    ],
)
def test_weighted_score_rounding(weights: list[float], us: list[int], score: Decimal) -> None:
    found = competition(weights, us)
    assert found is not None
    assert found.us == score
    assert str(found.us) == str(score)  # two decimals


def test_strongest_rival_is_the_highest_score() -> None:
    found = competition([1], [3], ("old", [3], True), ("new", [4], False))
    assert found is not None
    assert found.strongest_rival == "new"
    assert found.lead == {"c0": "lag"}


def test_strongest_rival_tie_goes_to_the_incumbent() -> None:
    found = competition([1], [3], ("first", [4], False), ("incumbent", [4], True))
    assert found is not None
    assert found.strongest_rival == "incumbent"


@pytest.mark.parametrize("incumbent", [False, True])
def test_strongest_rival_tie_without_a_single_incumbent_goes_to_file_order(incumbent: bool) -> None:
    found = competition([1], [3], ("first", [4], incumbent), ("second", [4], incumbent))
    assert found is not None
    assert found.strongest_rival == "first"


def test_lead_lag_and_even_per_criterion_against_the_strongest_rival() -> None:
    found = competition(
        [1, 1, 1], [5, 3, 2], ("weak", [1, 1, 1], False), ("strong", [4, 3, 4], False)
    )
    assert found is not None
    assert found.competitors == {"weak": Decimal("1.00"), "strong": Decimal("3.67")}
    assert found.strongest_rival == "strong"
    assert found.lead == {"c0": "lead", "c1": "even", "c2": "lag"}


def test_no_competitors_no_strongest_rival() -> None:
    found = competition([1, 1], [3, 4])
    assert found is not None
    assert found.us == Decimal("3.50")
    assert found.competitors == {}
    assert found.strongest_rival is None
    assert found.lead == {}


def test_no_competition_section_no_scores() -> None:
    assert run(opportunity()).opportunities[0].competition is None
