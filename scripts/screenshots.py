"""`make screenshots`: the README's picture of the battle map, made again from the Chinese
example as the program draws it today (page one in Chromium, 1400 px wide).

    python scripts/screenshots.py

Run it after a change to what page one looks like, and commit docs/screenshot.png with it.
Chromium comes from the system (Playwright drives it; it cannot download its own here).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import launch_chromium  # noqa: E402  (the test suite's Chromium set-up)

EXAMPLE = ROOT / "examples" / "zh.yaml"
OUTPUT = ROOT / "docs" / "screenshot.png"
WIDTH = 1400


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        build = [sys.executable, "-m", "battlemap", "build", str(EXAMPLE), "--format", "html"]
        subprocess.run([*build, "-o", folder], check=True, capture_output=True)
        page_file = next(p for p in Path(folder).glob("*.html") if p.name != "index.html")
        with sync_playwright() as play:
            browser = launch_chromium(play)
            page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
            page.goto(page_file.as_uri())
            page.locator("article.page-one").screenshot(path=str(OUTPUT))
            browser.close()
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
