"""Shared helpers of the rendering tests: the examples, a hostile account, compiling."""

from __future__ import annotations

from pathlib import Path

from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled, compile_account
from tests.conftest import CASES, ROOT

EXAMPLES = [
    path
    for path in (
        ROOT / "examples" / "zh.yaml",
        ROOT / "examples" / "en.yaml",
        ROOT / "examples" / "large.yaml",
        CASES / "valid" / "complete.yaml",
    )
    if path.is_file()
]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
PAYLOADS = (SCRIPT, IMG, JS_URL)

HOSTILE_ACCOUNT = f"""\
battlemap: 1
account:
  id: hostile
  name: "{SCRIPT} Corp"
  short_name: "{IMG}"
  industry: "{JS_URL}"
  region: "</style><script>alert(2)</script>"
  as_of: 2026-11-01
  owner: eve
  lang: en
  currency: USD
  status: active
  wallet: 9000000
  revenue_ltm: 1000000
  strategy: "{SCRIPT}"
  pains: ["{IMG}", "]]><!-- {JS_URL}"]
  mutual_wins: {{theirs: ["{SCRIPT}"], ours: ["{IMG}"]}}
  notes: "{IMG} & {{{{ 7*7 }}}}"
team:
  - {{id: eve, name: "{SCRIPT}", role: "{IMG}"}}
contacts:
  - id: boss
    name: "{SCRIPT}"
    title: "{IMG}"
    department: "{JS_URL}"
    roles: [decision_maker]
    influence: high
    stance: supporter
    owner: eve
    trust: {{conduct: 2, expertise: 3}}
    wins: "{IMG}"
    concerns: ["{SCRIPT}"]
    notes: "{JS_URL}"
    last_contact: 2026-10-01
  - id: helper
    name: "{IMG}"
    title: "\\\\N \\\\G {{{{x}}}}"
    reports_to: boss
    roles: [coach, user]
    stance: champion
    owner: eve
    trust: {{conduct: 4, expertise: 4, relationship: 4, sincerity: 4}}
    last_contact: 2026-10-20
  - id: outsider
    name: "{JS_URL}"
    title: "{SCRIPT}"
    external: true
    organization: "{IMG}"
influence:
  - {{from: outsider, to: boss, strength: strong, notes: "{SCRIPT}"}}
opportunities:
  - id: deal
    name: "{SCRIPT}"
    value: 500000
    stage: solution
    close_date: 2027-03-31
    needs:
      - id: need-1
        text: "{IMG}"
        importance: 5
        urgency: 4
        feasibility: 4
        confirmed_by: [boss]
        plan: {{action: "{SCRIPT}", owner: eve, due: 2026-12-01}}
        notes: "{JS_URL}"
    competition:
      criteria:
        - {{id: function, label: "{SCRIPT}", weight: 2}}
      us: {{function: 4}}
      competitors:
        - id: rival
          name: "{IMG}"
          scores: {{function: 3}}
          strengths: ["{SCRIPT}"]
          weaknesses: ["{JS_URL}"]
    value_proposition: "{IMG}"
    negotiation:
      alternatives: ["{SCRIPT}"]
      walk_away: "{IMG}"
      concessions: ["{JS_URL}"]
    next_steps:
      - {{action: "{IMG}", owner: eve, due: 2026-11-20}}
relationship:
  activities:
    - {{date: 2026-12-01, kind: care, contacts: [boss], text: "{SCRIPT}"}}
performance:
  - {{period: 2025, revenue: 800000, target: 900000}}
  - {{period: 2026, revenue: 1000000, target: 900000}}
visits:
  - id: visit-1
    date: 2026-10-15
    opportunity: deal
    attendees: [boss]
    team: [eve]
    objective: "{SCRIPT}"
    outcome: "{IMG}"
"""


def compile_file(path: Path, **options: object) -> tuple[Compiled, BuildOptions]:
    """The compiled account of a valid file, with the build options used."""
    build_options = BuildOptions(**options)  # type: ignore[arg-type]
    compiled, diagnostics, _ = compile_account(path, build_options)
    errors = [d for d in diagnostics if d.severity == "error"]
    assert compiled is not None, errors
    return compiled, build_options


def hostile_file(folder: Path) -> Path:
    path = folder / "hostile.yaml"
    path.write_text(HOSTILE_ACCOUNT, encoding="utf-8")
    return path
