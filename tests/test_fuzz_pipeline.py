"""Property tests over the whole pipeline with generated VALID accounts.

Any mix of optional fields, hostile and unusual text in every text field, 0 to 30
contacts (200 in the long `make fuzz` run), deep reporting chains, every stage: `check`
reports no error, and the JSON report is byte-identical on a second build.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from battlemap.build import BuildOptions, compile_account
from battlemap.check import CheckOptions, check_file
from battlemap.report import report_json
from tests.conftest import TODAY
from tests.strategies import accounts, to_yaml

EXAMPLES = int(os.environ.get("BATTLEMAP_FUZZ_EXAMPLES", "40"))
MAX_CONTACTS = int(os.environ.get("BATTLEMAP_FUZZ_CONTACTS", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _write(tmp: Path, data: dict[str, Any]) -> Path:
    path = tmp / "account.yaml"
    path.write_text(to_yaml(data) + "\n", encoding="utf-8")
    return path


@FUZZ
@given(data=accounts(max_contacts=MAX_CONTACTS))
def test_a_generated_valid_account_checks_without_errors(tmp_path_factory: Any, data: Any) -> None:
    path = _write(tmp_path_factory.mktemp("fuzz"), data)
    diagnostics, _ = check_file(path, CheckOptions(today=TODAY))
    errors = [
        f"{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics if d.severity == "error"
    ]
    assert errors == []


@FUZZ
@given(data=accounts(max_contacts=MAX_CONTACTS))
def test_the_report_is_byte_identical_on_a_second_build(tmp_path_factory: Any, data: Any) -> None:
    path = _write(tmp_path_factory.mktemp("fuzz"), data)
    first, _, _ = compile_account(path, BuildOptions())
    second, _, _ = compile_account(path, BuildOptions())
    assert first is not None and second is not None
    assert report_json(first.report) == report_json(second.report)


def test_the_yaml_writer_round_trips_hostile_text() -> None:
    from battlemap.source import parse_text

    text = "\x01\u2028\u2029\x85\ufeff\"\\\n\t\r😀 <script> ' : # - ? & * ! | > % @ `"
    loaded = parse_text(to_yaml({"k": text, "n": 5, "x": [text, None, True]}), "t")
    assert loaded.document is not None
    assert loaded.document.data == {"k": text, "n": 5, "x": [text, None, True]}
