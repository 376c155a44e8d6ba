"""Packaging: the sdist and the wheel build, and the wheel works in a fresh virtualenv, away
from the source tree (its schemas, templates, playbook and starters come from the package)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from battlemap import __version__
from tests.conftest import ROOT, TODAY, locked_constraints

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    dist: Path
    venv: Path

    @property
    def battlemap(self) -> Path:
        return self.venv / "bin" / "battlemap"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def wheel(self) -> Path:
        (wheel,) = self.dist.glob("battlemap-*.whl")
        return wheel

    def sdist(self) -> Path:
        (sdist,) = self.dist.glob("battlemap-*.tar.gz")
        return sdist


def _clean_env(constraints: Path | None = None) -> dict[str, str]:
    """No trace of the development environment: no PYTHONPATH, the venv not on PATH. With
    ``constraints``, pip (and the build's isolated pip) installs the locked versions."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    if constraints is not None:
        env["PIP_CONSTRAINT"] = str(constraints)
    dev_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != dev_bin)
    env.pop("NO_COLOR", None)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    constraints = locked_constraints(base)
    # The sdist first, then the wheel built from the unpacked sdist (python -m build's
    # default): so the sdist is proven complete too. Its build backend is the locked one.
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | {"PIP_CONSTRAINT": str(constraints)},
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    result = Installed(dist, venv)
    done = subprocess.run(
        [str(result.python), "-m", "pip", "install", "-q", str(result.wheel())],
        capture_output=True,
        text=True,
        timeout=900,
        env=_clean_env(constraints),
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    yield result


def _run(installed: Installed, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed.battlemap), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_clean_env(),
        timeout=300,
        check=False,
    )


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository holding a copy of the English example."""
    assert not tmp_path.resolve().is_relative_to(ROOT)
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "en.yaml").write_bytes((ROOT / "examples" / "en.yaml").read_bytes())
    return tmp_path


def test_wheel_contents(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel()).namelist())
    for kind in ("account", "playbook", "config", "report"):
        assert f"battlemap/_data/schemas/{kind}.schema.json" in names
    assert "battlemap/_data/templates/base.html" in names
    assert "battlemap/playbook/default.yaml" in names
    assert {"battlemap/starters/account.en.yaml", "battlemap/starters/account.zh.yaml"} <= names
    assert not any(name.startswith(("tests/", "examples/")) for name in names)


def test_sdist_contents(installed: Installed) -> None:
    with tarfile.open(installed.sdist()) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in (
        "pyproject.toml",
        "README.md",
        "schemas/account.schema.json",
        "templates/base.html",
        "battlemap/playbook/default.yaml",
        "examples/en.yaml",
        ".pre-commit-hooks.yaml",
    ):
        assert needed in names, needed


def test_version(installed: Installed, outside: Path) -> None:
    done = _run(installed, ["--version"], outside)
    assert done.returncode == 0
    assert done.stdout.strip() == f"battlemap {__version__}"


def test_data_come_from_the_installed_package(installed: Installed, outside: Path) -> None:
    script = (
        "import json, battlemap, battlemap.playbook, battlemap.resources as r\n"
        "print(json.dumps([battlemap.__file__, battlemap.playbook.__file__,"
        " str(r.data_dir('schemas')), str(r.data_dir('templates'))]))"
    )
    done = subprocess.run(
        [str(installed.python), "-c", script],
        cwd=outside,
        capture_output=True,
        text=True,
        env=_clean_env(),
        check=True,
    )
    venv = installed.venv.resolve()
    for path in json.loads(done.stdout):
        assert Path(path).resolve().is_relative_to(venv), path
    schema = _run(installed, ["schema", "account"], outside)
    assert schema.returncode == 0
    assert schema.stdout == (ROOT / "schemas" / "account.schema.json").read_text("utf-8")


def test_check_and_build_outside_the_repository(installed: Installed, outside: Path) -> None:
    check = _run(installed, ["check", "accounts/", "--today", TODAY.isoformat()], outside)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.splitlines()[-1].startswith("1 file checked: 0 errors")
    assert "\x1b[" not in check.stdout

    args = ["build", "accounts/", "--format", "html,pdf,json", "-o", "out", "-q"]
    build = _run(installed, [*args, "--today", TODAY.isoformat()], outside)
    assert build.returncode == 0, build.stdout + build.stderr
    out = outside / "out" / "meridian-cold-chain"  # the example's account id
    text = out.with_suffix(".html").read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html>")
    assert "<svg" in text  # the org chart, through Graphviz
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
    report = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert report["account"]["account"]["id"] == "meridian-cold-chain"


def test_init_from_the_installed_starters(installed: Installed, outside: Path) -> None:
    for lang in ("en", "zh"):
        name = f"new-{lang}.yaml"
        assert _run(installed, ["init", name, "--lang", lang], outside).returncode == 0
        done = _run(installed, ["check", name], outside)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_fresh_venv_holds_the_locked_versions(installed: Installed, tmp_path: Path) -> None:
    """The wheel's dependencies were installed at uv.lock's versions (pip constraints)."""
    done = subprocess.run(
        [str(installed.python), "-m", "pip", "list", "--format", "json"],
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=120,
        check=True,
    )
    present = {p["name"].lower().replace("_", "-"): p["version"] for p in json.loads(done.stdout)}
    pins = locked_constraints(tmp_path).read_text(encoding="utf-8").splitlines()
    locked = dict(pin.split(" ; ")[0].split("==") for pin in pins if " ; " not in pin)
    compared = {name: present[name] for name in locked if name in present}
    assert {"jinja2", "jsonschema", "pyyaml", "typer", "weasyprint"} <= compared.keys()
    assert compared == {name: locked[name] for name in compared}
