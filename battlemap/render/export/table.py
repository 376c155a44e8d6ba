"""The contacts as CSV for Excel: labels in the account's language, UTF-8 with a BOM (so
that Excel reads Chinese correctly), and no cell that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io

from battlemap.model import Contact
from battlemap.render.context import RenderContext

COLUMNS = (
    "name",
    "job_title",
    "department",
    "reports_to",
    "roles",
    "stance",
    "influence",
    "relationship_owner",
    "last_contact",
)
"""The columns, as keys of the page's words (`render.strings`)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or hide one): such a cell gets a
leading ``'``, which Excel shows as text and does not display."""
BOM = "\ufeff"


def guarded(value: str) -> str:
    """``value`` as a cell that is never run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _row(ctx: RenderContext, contact: Contact) -> list[str]:
    sep = ctx.ui["list_sep"]
    return [
        contact.label,
        contact.title or "",
        contact.department or "",
        ctx.contact_name(contact.reports_to) if contact.reports_to else "",
        sep.join(ctx.label("roles", role) for role in contact.roles),
        ctx.label("stances", contact.stance),
        ctx.label("influence", contact.influence),
        ctx.team_name(contact.owner) if contact.owner else "",
        contact.last_contact.isoformat() if contact.last_contact else "",
    ]


def contacts_csv(ctx: RenderContext) -> bytes:
    """One row per contact, in the file's order, under a row of column names."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([ctx.ui[key] for key in COLUMNS])
    for contact in ctx.account.contacts:
        writer.writerow([guarded(cell) for cell in _row(ctx, contact)])
    return (BOM + out.getvalue()).encode("utf-8")
