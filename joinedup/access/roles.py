"""The roles, declared once, each with what it may do. Which records each may see is decided
in access/policy.py from these declarations, nowhere else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    description: str
    # "authority": every person known in the user's local authority, every agency's events.
    # "organisation": persons and events the user's own organisation sent (partner agencies).
    # "none": no person records (administrators manage accounts, not cases).
    scope: str
    # What the role may do, beyond seeing records in its scope:
    can_decide_identity: bool = False  # decide review items, undo merges, share a record
    can_respond_to_signals: bool = False  # answer any signal about a child it may see
    can_check_flags: bool = False  # the child protection check (CP-IS) for any NHS number
    can_read_access_log: bool = False  # the access log, for reviews (issue 27 builds the page)


ROLES: dict[str, Role] = {
    r.code: r
    for r in (
        Role(
            "social_worker",
            "Social worker",
            "Children's social care practitioner: sees the children of their authority.",
            "authority",
            can_decide_identity=True,
            can_respond_to_signals=True,
        ),
        Role(
            "team_manager",
            "Team manager",
            "Manages social workers: sees the children of their authority.",
            "authority",
            can_decide_identity=True,
            can_respond_to_signals=True,
        ),
        Role(
            "front_door",
            "Front door (MASH) practitioner",
            "Receives contacts and referrals: sees the children of their authority.",
            "authority",
            can_decide_identity=True,
            can_respond_to_signals=True,
        ),
        Role(
            "health_practitioner",
            "Health practitioner",
            "Partner agency: sees what their organisation sent, and whether children's social "
            "care is involved and whom to call.",
            "organisation",
            can_check_flags=True,
        ),
        Role(
            "police_officer",
            "Police officer",
            "Partner agency: sees what their force sent, and whether children's social care is "
            "involved and whom to call.",
            "organisation",
        ),
        Role(
            "school_dsl",
            "School designated safeguarding lead",
            "Partner agency: sees what their school sent, and whether children's social care is "
            "involved and whom to call.",
            "organisation",
        ),
        Role(
            "auditor",
            "Auditor",
            "Reads records of their authority and the access log for reviews; every read logged.",
            "authority",
            can_read_access_log=True,
        ),
        Role(
            "administrator",
            "Administrator",
            "Manages accounts, organisations and API tokens; sees no person records.",
            "none",
        ),
    )
}


def check_roles() -> list[str]:
    return [
        f"role {code}: unknown scope {role.scope!r}"
        for code, role in ROLES.items()
        if role.scope not in ("authority", "organisation", "none")
    ]
