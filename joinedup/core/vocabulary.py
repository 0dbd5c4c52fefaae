"""The words every app shares: agencies, the roles a subject plays in an event, relationships,
sexes and the identifier schemes with a meaning across agencies (shared/spec/events-v1.md).

The lowest layer holds them so that organisations, people and the event contract all read the
same declarations; `chronology.registry` builds the event types on top of them.
"""

from __future__ import annotations

AGENCIES: dict[str, str] = {
    "health": "Health",
    "police": "Police",
    "education": "Education",
    "social_care": "Children's social care",
    "housing": "Housing",
    "probation": "Probation",
    "early_help": "Early help",
    "voluntary": "Voluntary sector",
    "public": "Member of the public",
}

SUBJECT_ROLES: dict[str, str] = {
    "child": "Child",
    "parent": "Parent",
    "carer": "Carer",
    "accompanying_adult": "Accompanying adult",
    "household_member": "Household member",
    "alleged_perpetrator": "Alleged perpetrator",
    "victim": "Victim",
    "witness": "Witness",
    "next_of_kin": "Next of kin",
    "referrer": "Referrer",
    "professional": "Professional",
    "subject": "Subject",
}
# The roles in which an event's subject is the child it is about (the risk rules read them so;
# identity takes "child" outright, the others only with a date of birth under 18, since a
# victim or a witness may be the mother), and those that name a parent or carer.
CHILD_ROLES = frozenset({"child", "subject", "victim", "witness"})
PARENT_ROLES = frozenset({"parent", "carer"})

RELATIONSHIPS: dict[str, str] = {
    "mother": "Mother",
    "father": "Father",
    "step_parent": "Step-parent",
    "mothers_partner": "Mother's partner",
    "fathers_partner": "Father's partner",
    "sibling": "Sibling",
    "grandparent": "Grandparent",
    "other_relative": "Other relative",
    "household_member": "Household member",
    "next_of_kin": "Next of kin",
    "family_friend": "Family friend",
    "carer": "Carer",
}

SEXES: dict[str, str] = {
    "female": "Female",
    "male": "Male",
    "other": "Other",
    "unknown": "Not known",
}

# Identifier schemes with a meaning across agencies. Any other key in `identifiers` is kept as
# the sending organisation's own key ("local" scheme), namespaced by the organisation.
STRONG_IDENTIFIERS: dict[str, str] = {
    "nhs_number": "NHS number",
    "upn": "Unique pupil number",
    "pnc_id": "Police National Computer id",
    "la_child_id": "Local authority child id",
}
