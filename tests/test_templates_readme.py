"""templates/README.md names every template file, so the map of files to products stays true."""

from __future__ import annotations

from tests.conftest import ROOT


def test_every_template_file_is_in_the_readme() -> None:
    readme = (ROOT / "templates" / "README.md").read_text(encoding="utf-8")
    files = {p.name for p in (ROOT / "templates").iterdir() if p.suffix in (".html", ".css")}
    assert {name for name in files if f"`{name}`" not in readme} == set()
