"""Influence links route around people: no influence edge of a chart passes through the
box of anyone but its two ends.

Checked on the SVG ``dot`` draws (its own, with the ``<title>`` of every node and edge that
names its ends) for every chart of the examples with influence links and of generated
organisations: points sampled along each edge path's Bézier segments are tested against
each other node's box, shrunk by 1 pt so that grazing a border is allowed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

import pytest

from battlemap.model import Account, build_account
from battlemap.render.orgchart import ORG_CHART_LABELS, org_charts
from battlemap.render.orgchart.svg import _run_dot
from tests.render.orgchart.test_orgchart import (
    FRONT,
    PAGE,
    account,
    generated_account,
    generated_document,
)

SVG = "{http://www.w3.org/2000/svg}"
INSET_PT = 1.0
SAMPLES = 24
SETS = (
    "examples/zh.yaml",
    "examples/en.yaml",
    "examples/complete.yaml",
    "examples/chemicals.zh.yaml",
    "examples/large.yaml",
    "generated-60",
    "generated-150",
    "linked-60",
)

Point = tuple[float, float]
Box = tuple[float, float, float, float]
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def linked_account(count: int) -> Account:
    """A generated organisation (``generated_document``) criss-crossed by influence links:
    from both external advisers to every fifth person, and from every fourth person to
    someone in another part of the tree."""
    document = generated_document(count)
    ids = [contact["id"] for contact in document["contacts"]]
    links = [{"from": adviser, "to": ident} for adviser in ids[1:3] for ident in ids[3::5]]
    for number in range(3, len(ids), 4):
        other = ids[(number * 7 + 5) % len(ids)]
        if other != ids[number]:
            links.append({"from": ids[number], "to": other, "strength": "weak"})
    document["influence"] = links
    return build_account(document)


@cache
def chart_svgs(name: str) -> tuple[str, ...]:
    """dot's own SVG of every chart of a set (page one's, then the chart pages')."""
    accounts = {
        "generated-60": lambda: generated_account(60),
        "generated-150": lambda: generated_account(150),
        "linked-60": lambda: linked_account(60),
    }
    acc = accounts[name]() if name in accounts else account(name)
    found = org_charts(acc, ORG_CHART_LABELS[acc.lang], FRONT, FRONT, PAGE).charts
    return tuple(_run_dot(chart.dot, 60.0) for chart in found)


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text)]


def boxes(root: ET.Element) -> dict[str, Box]:
    """Each drawn person's box (left, top, right, bottom) by node name; spine points left
    out."""
    found: dict[str, Box] = {}
    for group in root.iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        if "node" not in classes or "spine" in classes:
            continue
        shape = group.find(f"{SVG}polygon")
        if shape is None:
            shape = group.find(f"{SVG}path")
        assert shape is not None
        values = _numbers(shape.get("points") or shape.get("d") or "")
        xs, ys = values[0::2], values[1::2]
        found[group.findtext(f"{SVG}title", "")] = (min(xs), min(ys), max(xs), max(ys))
    return found


def bezier_points(d: str) -> list[Point]:
    """Points along a dot edge path (``M x,y C x,y x,y x,y ...``): every cubic segment
    sampled at ``SAMPLES`` + 1 parameters."""
    values = _numbers(d)
    controls = list(zip(values[0::2], values[1::2], strict=True))
    points: list[Point] = []
    for start in range(0, len(controls) - 3, 3):
        p0, p1, p2, p3 = controls[start : start + 4]
        for step in range(SAMPLES + 1):
            t = step / SAMPLES
            u = 1 - t
            a, b, c, e = u**3, 3 * u * u * t, 3 * u * t * t, t**3
            points.append(
                (
                    a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1],
                )
            )
    return points


def crossings(svg: str) -> list[str]:
    """Every influence edge and a box it passes through, as ``"c3->c9 through c5"``."""
    root = ET.fromstring(svg)
    people = boxes(root)
    found = []
    for group in root.iter(f"{SVG}g"):
        if "influence" not in group.get("class", "").split():
            continue
        title = group.findtext(f"{SVG}title", "")
        ends = set(re.split(r"->", title))
        path = group.find(f"{SVG}path")
        assert path is not None
        points = bezier_points(path.get("d", ""))
        for name, (left, top, right, bottom) in people.items():
            if name in ends:
                continue
            if any(
                left + INSET_PT < x < right - INSET_PT and top + INSET_PT < y < bottom - INSET_PT
                for x, y in points
            ):
                found.append(f"{title} through {name}")
    return found


@pytest.mark.parametrize("name", SETS)
def test_influence_links_pass_through_no_one_elses_box(name: str) -> None:
    svgs = chart_svgs(name)
    assert any('class="edge influence' in svg for svg in svgs)
    for number, svg in enumerate(svgs):
        assert crossings(svg) == [], f"chart {number}"


def test_the_check_sees_a_link_drawn_through_a_box() -> None:
    """The check itself: a straight edge drawn over a box in between is caught."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g class="node contact"><title>c0</title>'
        '<polygon points="0,0 10,0 10,10 0,10 0,0"/></g>'
        '<g class="node contact"><title>c1</title><polygon points="20,0 30,0 30,10 20,10"/></g>'
        '<g class="node contact"><title>c2</title><polygon points="40,0 50,0 50,10 40,10"/></g>'
        '<g class="edge influence"><title>c0-&gt;c2</title>'
        '<path d="M10,5C20,5 30,5 40,5"/></g></svg>'
    )
    assert crossings(svg) == ["c0->c2 through c1"]
