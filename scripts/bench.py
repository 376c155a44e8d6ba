"""`make bench`: battlemap's speed and memory as ratios against references run alongside.

Machines here are noisy, so every figure is a ratio against a reference measured in the
same run (median of several whole-process runs each). The targets are those of
docs/maintaining.md ("Speed and memory targets"); the table says which are met.

    python scripts/bench.py [--runs 3] [--accounts 500] [--portfolio 300]

`battlemap serve` is measured in headless Chromium (Playwright, a test tool): from saving
the 60-contact example to the open page showing the change.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PY = sys.executable
BATTLEMAP = [PY, "-m", "battlemap"]
TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mib: float


def run(command: Sequence[str], runs: int, cwd: Path | None = None) -> Measure:
    """Median wall time and the largest peak RSS over ``runs`` whole-process runs."""
    times, peaks = [], []
    for _ in range(runs):
        timed = [TIME, "-f", "%M", *command] if Path(TIME).exists() else list(command)
        start = time.perf_counter()
        done = subprocess.run(timed, cwd=cwd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        found = re.findall(r"^(\d+)$", done.stderr, re.MULTILINE)
        peaks.append(int(found[-1]) / 1024 if found else float("nan"))
    return Measure(statistics.median(times), max(peaks))


def make_repository(folder: Path, count: int, template: Path) -> list[Path]:
    """``count`` accounts made from one example, each with its own id."""
    text = template.read_text(encoding="utf-8")
    original = re.search(r"^  id: (\S+)", text, re.MULTILINE)
    assert original is not None
    files = []
    for index in range(count):
        path = folder / f"account-{index:04d}.yaml"
        path.write_text(text.replace(f"id: {original.group(1)}", f"id: acct-{index:04d}", 1))
        files.append(path)
    return files


@dataclass(frozen=True)
class Row:
    what: str
    ours: Measure
    reference_name: str
    reference: Measure
    target: float | None

    @property
    def ratio(self) -> float:
        return self.ours.seconds / self.reference.seconds


def print_table(rows: list[Row]) -> None:
    print(
        f"{'measure':<44} {'ours s':>8} {'ref s':>8} {'ratio':>6} {'target':>7} "
        f"{'peak MiB':>9}  reference"
    )
    for row in rows:
        target = f"<{row.target:g}" if row.target else "-"
        met = "" if row.target is None else ("  ok" if row.ratio < row.target else "  MISSED")
        print(
            f"{row.what:<44} {row.ours.seconds:>8.3f} {row.reference.seconds:>8.3f} "
            f"{row.ratio:>6.2f} {target:>7} {row.ours.peak_mib:>9.0f}  {row.reference_name}{met}"
        )


def bench_check(runs: int, work: Path, accounts: int) -> list[Row]:
    example = ROOT / "examples" / "zh.yaml"
    one = run([*BATTLEMAP, "check", str(example)], runs)
    imports = run([PY, "-c", "import yaml, jsonschema"], runs)
    repo = work / "check-repo"
    repo.mkdir()
    files = make_repository(repo, accounts, example)
    many = run([*BATTLEMAP, "check", str(repo)], runs)
    schema = ROOT / "schemas" / "account.schema.json"
    reference = [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, files)]
    return [
        Row("check, one account", one, "python -c 'import yaml, jsonschema'", imports, 2),
        Row(
            f"check, {accounts} accounts",
            many,
            "check-jsonschema on the same files",
            run(reference, runs),
            0.5,
        ),
    ]


LARGE = ROOT / "examples" / "large.yaml"


def cold_html_build(runs: int, work: Path) -> Measure:
    """A cold `build --format html` of the 60-contact example (every run a new process)."""
    out = work / "html"
    return run(
        [*BATTLEMAP, "build", str(LARGE), "--format", "html", "-o", str(out), "--force"], runs
    )


def bench_html(runs: int, work: Path, ours: Measure) -> list[Row]:
    sources = json.loads(
        subprocess.run(
            [PY, "-c", _DOT_SNIPPET, str(LARGE)], capture_output=True, text=True, check=True
        ).stdout
    )
    dot_files = []
    for index, source in enumerate(sources):
        dot_files.append(work / f"chart-{index}.dot")
        dot_files[-1].write_text(source, encoding="utf-8")
    every_chart = " && ".join(f"dot -Tsvg {f} -o {f}.svg" for f in dot_files)
    check = run([*BATTLEMAP, "check", str(LARGE)], runs)
    dot = run(["sh", "-c", every_chart], runs)
    startup = run([PY, "-c", "pass"], runs)
    reference = Measure(check.seconds + dot.seconds, max(check.peak_mib, dot.peak_mib))
    plain = Measure(dot.seconds + startup.seconds, dot.peak_mib)
    return [
        Row(
            "build html, 60-contact account",
            ours,
            f"check + dot -Tsvg on its {len(sources)} charts",
            reference,
            1.5,
        ),
        Row(
            "build html, 60-contact account",
            ours,
            f"dot -Tsvg on its {len(sources)} charts + interpreter start-up",
            plain,
            None,
        ),
    ]


_DOT_SNIPPET = """
import json, sys
from pathlib import Path
from battlemap.options import BuildOptions
from battlemap.pipeline import compile_account
from battlemap.render import orgchart
from battlemap.render.map.html import render_html
sources = []
draw = orgchart.render_svg
def capture(dot, *args, **kwargs):
    sources.append(dot)
    return draw(dot, *args, **kwargs)
orgchart.render_svg = capture
compiled, _, _ = compile_account(Path(sys.argv[1]), BuildOptions())
render_html(compiled, BuildOptions())
print(json.dumps(sources))
"""

_WEASYPRINT_SNIPPET = """
import sys
from weasyprint import HTML
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""


def bench_pdf(runs: int, work: Path) -> list[Row]:
    example = ROOT / "examples" / "zh.yaml"
    out = work / "pdf"
    ours = run(
        [*BATTLEMAP, "build", str(example), "--format", "pdf", "-o", str(out), "--force"], runs
    )
    html_out = work / "pdf-html"
    subprocess.run(
        [*BATTLEMAP, "build", str(example), "--format", "html", "-o", str(html_out)],
        check=True,
        capture_output=True,
    )
    html = next(html_out.glob("*.html"))
    raw = run([PY, "-c", _WEASYPRINT_SNIPPET, str(html), str(work / "raw.pdf")], runs)
    return [Row("build pdf, zh example", ours, "WeasyPrint alone on the same HTML", raw, 1.3)]


def bench_portfolio(runs: int, work: Path, count: int) -> list[Row]:
    example = ROOT / "examples" / "zh.yaml"
    repo = work / "portfolio"
    repo.mkdir()
    files = make_repository(repo, count, example)
    out = work / "portfolio-out"
    build = [*BATTLEMAP, "build", str(repo), "--format", "html", "-o", str(out), "--quiet"]
    cold = run([*build, "--force"], 1)
    single = run(
        [
            *BATTLEMAP,
            "build",
            str(files[0]),
            "--format",
            "html",
            "-o",
            str(work / "single"),
            "--force",
        ],
        runs,
    )
    times = []
    for attempt in range(runs):
        with files[attempt % len(files)].open("a", encoding="utf-8") as handle:
            handle.write(f"\nx-bench: {attempt}\n")
        times.append(run(build, 1))
    warm = Measure(statistics.median(m.seconds for m in times), max(m.peak_mib for m in times))
    return [
        Row(f"build html, {count} accounts, cold", cold, "one account's build", single, None),
        Row(f"build html, {count} accounts, one changed", warm, "one account's build", single, 2),
    ]


def bench_history(runs: int, work: Path, commits: int = 100) -> list[Row]:
    """`history` over ``commits`` commits of a small account against `check` on as many
    copies of it (the same validations, without git)."""
    example = ROOT / "examples" / "en.yaml"
    text = example.read_text(encoding="utf-8")
    repo = work / "history"
    repo.mkdir()
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    account = repo / "account.yaml"
    for index in range(commits):
        account.write_text(f"{text}\n# revision {index}\n", encoding="utf-8")
        subprocess.run(["git", "add", "account.yaml"], cwd=repo, check=True)
        subprocess.run(
            ["git", *identity, "commit", "-q", "-m", f"revision {index}"], cwd=repo, check=True
        )
    copies = work / "history-copies"
    copies.mkdir()
    make_repository(copies, commits, example)
    ours = run([*BATTLEMAP, "history", str(account), "--format", "json"], runs)
    reference = run([*BATTLEMAP, "check", str(copies), "--quiet"], runs)
    return [Row(f"history, {commits} commits", ours, f"check on {commits} copies", reference, 2)]


def _peak_mib(pid: int) -> float:
    """The peak resident memory of a running process (Linux), in MiB."""
    status = Path(f"/proc/{pid}/status")
    found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.MULTILINE)
    return int(found[1]) / 1024 if found else float("nan")


_SHOWS = "marker => document.querySelector('h1')?.textContent.includes(marker)"


def bench_serve(runs: int, work: Path, cold: Measure) -> list[Row]:
    """Save the 60-contact example under `battlemap serve` with its map open in Chromium;
    the time until the page shows the change (median of ``runs`` saves)."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.conftest import launch_chromium

    folder = work / "serve"
    folder.mkdir()
    account = folder / "large.yaml"
    text = LARGE.read_text(encoding="utf-8")
    account.write_text(text, encoding="utf-8")
    server = subprocess.Popen(
        [*BATTLEMAP, "serve", str(folder), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = re.search(r"http://\S+/", server.stdout.readline())
        assert url is not None, "battlemap serve printed no address"
        times = []
        with sync_playwright() as play:
            browser = launch_chromium(play)
            page = browser.new_page()
            page.goto(url[0] + "calder-ridge.html")
            for attempt in range(runs):
                marker = f"Calder Ridge bench {attempt}"
                start = time.perf_counter()
                account.write_text(
                    text.replace("name: Calder Ridge Industrial", f"name: {marker}", 1)
                )
                page.wait_for_function(_SHOWS, arg=marker, polling="raf", timeout=60_000)
                times.append(time.perf_counter() - start)
            browser.close()
        peak = _peak_mib(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    saved = Measure(statistics.median(times), peak)
    return [
        Row(
            "serve: save to page shown, 60-contact",
            saved,
            "cold build --format html of the same file",
            cold,
            0.5,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--portfolio", type=int, default=300)
    args = parser.parse_args()
    # Installed packages are byte-compiled; an editable checkout is not (see the Makefile).
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "battlemap")], check=True)
    work = Path(tempfile.mkdtemp(prefix="battlemap-bench-"))
    try:
        rows = bench_check(args.runs, work, args.accounts)
        cold = cold_html_build(args.runs, work)
        rows += bench_html(args.runs, work, cold)
        rows += bench_serve(args.runs, work, cold)
        rows += bench_pdf(args.runs, work)
        rows += bench_portfolio(args.runs, work, args.portfolio)
        rows += bench_history(args.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows)


if __name__ == "__main__":
    main()
