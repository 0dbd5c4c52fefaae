"""What the demo commands print: the sign-in table and the families to look for."""

from __future__ import annotations

from joinedup.access.roles import ROLES
from joinedup.demo.narratives import FAMILIES
from joinedup.demo.services import DEMO_COLLEAGUES, DEMO_PASSWORD, DEMO_USERS, SIGN_IN_URL


def users_table() -> str:
    rows = [("Username", "Role", "Organisation")] + [
        (u.username, ROLES[u.role].label, u.organisation)
        for u in (*DEMO_USERS, *DEMO_COLLEAGUES)  # the colleagues: the team board's other rows
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"Sign in at {SIGN_IN_URL}", ""]
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        f"Every demo account's password is: {DEMO_PASSWORD}",
        "(A local demo on fictional data only; never use these accounts anywhere else.)",
    ]
    return "\n".join(lines)


def families_list() -> str:
    lines = ["Families to look for (search by name):"]
    for family in FAMILIES:
        lines.append(f"  - {family.title}: {', '.join(family.search)}")
    return "\n".join(lines)
