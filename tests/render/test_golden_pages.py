"""Golden pages: every HTML product, byte for byte, built by the CLI in a fresh process.

Which pages: the Chinese and English maps, the 60-contact map (examples/large.yaml), the
portfolio index over the examples, and the brief of the Chinese example's next visit
(discreet and full).

Where a page holds dot's SVG, the golden holds the DOT source instead: the build runs with a
stand-in `dot` first on the PATH that answers with a fixed-size SVG carrying its input as
text. So another Graphviz or another font changes no golden, while every change to the DOT
battlemap writes, and to everything around the chart, does. When a change is meant to alter
a page, regenerate them on purpose and review the diff::

    .venv/bin/pytest tests/render/test_golden_pages.py --update-golden
    git diff tests/golden/html/
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_battlemap

GOLDEN = ROOT / "tests" / "golden" / "html"
EXAMPLES = ROOT / "examples"

STAND_IN_DOT = """\
import html
import sys

if sys.argv[1:] != ["-Tsvg"]:
    sys.exit("the stand-in dot answers -Tsvg only")
source = sys.stdin.read()
print('<svg width="400pt" height="300pt" viewBox="0.00 0.00 400.00 300.00"'
      ' xmlns="http://www.w3.org/2000/svg">')
print("<text>" + html.escape(source) + "</text>")
print("</svg>")
"""


@pytest.fixture(scope="module")
def stand_in_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A PATH whose first folder holds the stand-in `dot`."""
    folder = tmp_path_factory.mktemp("stand-in-bin")
    script = folder / "dot"
    script.write_text(f"#!{sys.executable}\n{STAND_IN_DOT}", encoding="utf-8")
    script.chmod(0o755)
    return os.pathsep.join([str(folder), os.environ.get("PATH", "")])


def run_cli(args: list[str], path_variable: str) -> None:
    done = run_battlemap(*args, env={**os.environ, "PATH": path_variable})
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, stand_in_path: str) -> dict[str, Path]:
    """Every golden page's name and where this run built it."""
    out = tmp_path_factory.mktemp("golden-html")
    build = ["build", "examples", "--format", "html", "-o", str(out / "maps"), "--quiet"]
    run_cli(build, stand_in_path)
    for name, extra in (("brief-zh", []), ("brief-zh-full", ["--full"])):
        target = out / f"{name}.html"
        run_cli(["brief", "examples/zh.yaml", "-o", str(target), *extra], stand_in_path)
    maps = {path.stem: path for path in (out / "maps").glob("*.html")}
    return {
        "map-zh": maps["hengchi-auto"],
        "map-en": maps["meridian-cold-chain"],
        "map-large": maps["calder-ridge"],
        "index": maps["index"],
        "brief-zh": out / "brief-zh.html",
        "brief-zh-full": out / "brief-zh-full.html",
    }


NAMES = ["map-zh", "map-en", "map-large", "index", "brief-zh", "brief-zh-full"]


def test_the_stand_in_put_the_dot_source_in_the_maps(pages: dict[str, Path]) -> None:
    page = pages["map-zh"].read_text(encoding="utf-8")
    assert "digraph" in page and "<text>" in page


@pytest.mark.parametrize("name", NAMES)
def test_golden_page(name: str, pages: dict[str, Path], update_golden: bool) -> None:
    golden = GOLDEN / f"{name}.html"
    actual = pages[name].read_bytes()
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pages[name], golden)
        return
    assert golden.exists(), f"no golden page {golden.name}: run with --update-golden"
    expected = golden.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(),
            actual.decode("utf-8").splitlines(),
            f"golden/html/{name}.html",
            "built",
            lineterm="",
            n=2,
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(f"{name} differs from its golden page (--update-golden if intended):\n{shown}")
