"""What practitioners write: injuries and explanations, concerns, outcomes and decisions.

(kind, site, presenting complaint, explanation given) for injuries; `{name}`, `{he}`, `{age}`
and `{place}` are filled in for the child or parent concerned.
"""

from __future__ import annotations


def relation_words(relation: str) -> str:
    return {
        "mothers_partner": "mother's partner",
        "fathers_partner": "father's partner",
    }.get(relation, relation)


def injury_words(kind: str, site: str, complaint: str) -> str:
    return {
        "bruise": f"bruise to the {site}",
        "fracture": f"fracture of the {site}",
        "burn": f"burn to the {site}",
        "scald": f"scald to the {site}",
        "head_injury": "head injury",
        "laceration": f"cut to the {site}",
        "bite": f"bite to the {site}",
    }.get(kind, f"{complaint} ({site})")


def count_words(n: int) -> str:
    return {1: "one child", 2: "two children", 3: "three children"}.get(n, f"{n} children")


INFANT_INJURIES = (
    ("head_injury", "head", "fall from the changing table", "rolled off while being changed"),
    ("bruise", "forehead", "fall from the bed", "rolled off the adult bed onto the floor"),
    ("burn", "hand", "burn", "grabbed a hot mug"),
)
INJURIES = (
    ("bruise", "forehead", "fall from the sofa", "fell off the sofa onto a laminate floor"),
    ("head_injury", "head", "head injury", "fell from the climbing frame at the park"),
    ("fracture", "left wrist", "fall", "fell off the trampoline"),
    ("laceration", "chin", "cut chin", "tripped on the stairs"),
    ("burn", "right hand", "burn", "touched the oven door"),
    ("scald", "forearm", "scald", "pulled a cup of tea off the table"),
    ("bite", "hand", "dog bite", "bitten by a neighbour's dog"),
    ("other", "ankle", "sprained ankle", "twisted it playing football"),
    ("fracture", "collarbone", "fall", "fell off a scooter"),
)
TEEN_INJURIES = (
    ("fracture", "right hand", "hand injury", "punched a wall"),
    ("laceration", "forearm", "cuts to the forearm", "said it was an accident with a knife"),
    ("head_injury", "head", "assault", "assaulted by a group of older youths"),
    ("other", "knee", "sports injury", "fell during rugby"),
    ("fracture", "left ankle", "ankle injury", "fell from a wall"),
)
OBSERVED_INJURIES = (
    ("bruise", "shin", "the child bumped it on the coffee table"),
    ("bruise", "cheek", "a toy thrown by an older sibling hit the child"),
    ("bruise", "upper arm", "they did not know how it happened"),
    ("burn", "forearm", "the child touched a radiator"),
    ("laceration", "lip", "the child fell against the cot rail"),
    ("bruise", "ear", "the child fell while learning to walk"),
)
ILLNESSES = (
    "a high temperature",
    "breathing difficulty",
    "vomiting and diarrhoea",
    "a rash",
    "an asthma attack",
    "ear pain",
    "abdominal pain",
    "a swallowed coin",
    "a febrile seizure",
)
INFANT_ILLNESSES = ("a high temperature", "poor feeding", "breathing difficulty", "a rash")
ILLNESS_OUTCOMES = (
    "Treated and discharged home.",
    "Observed for four hours and discharged.",
    "Admitted to the children's ward overnight.",
    "Discharged with antibiotics; GP to follow up.",
)
ED_CONCERNS = (
    "Safeguarding concern raised: two-day delay in seeking treatment.",
    "Safeguarding concern raised: account changed between triage and the doctor.",
    "Safeguarding concern raised: the adult was intoxicated and left before discharge.",
    "Safeguarding concern raised: older bruising also seen; hospital safeguarding team told.",
)
PRIMARY_CONCERNS = (
    "{name} arrived hungry and asked staff for food; said there was no breakfast at home "
    "again this week.",
    "{name} came to school in the same unwashed clothes for several days; shoes too small.",
    "{name} said mum and her boyfriend were shouting all night; {he} was tired and tearful.",
    "Bruise on {name}'s upper arm noticed during PE; {he} said {he} fell over at home.",
    "{name} was not collected at the end of the day; the parent arrived at 5pm, unsteady.",
    "{name} told a teaching assistant that {he} looks after the baby when mum goes out.",
    "Head lice and poor hygiene raised again for {name}; other children avoiding {name}.",
)
SECONDARY_CONCERNS = (
    "{name} said {he} is staying at an older friend's flat some nights and not going home.",
    "{name} seen with a new phone and cash; missing from afternoon lessons this week.",
    "{name} disclosed self-harm to a friend; cuts seen on the forearm by the school nurse.",
    "{name} said {he} does not want to go home because of the arguments there.",
    "{name} has lost weight, is often asleep in class and says there is no food at home.",
)
DA_ACTS = (
    "had pushed her against a wall",
    "had shouted at her and smashed a mirror",
    "had threatened to kill her",
    "had grabbed her by the throat",
    "had taken her phone and would not let her leave",
    "had been verbally abusive; no injuries",
)
DA_OUTCOMES = (
    "{name} had left before officers arrived",
    "{name} arrested at the scene",
    "Words of advice given; {name} agreed to stay at his brother's",
    "{name} arrested after a short search of the area",
)
CALLERS = ("a neighbour", "the victim", "an older child in the house", "a passer-by")
SENTENCES = (
    "12-month community order with a domestic abuse programme requirement",
    "18 weeks' custody suspended for 12 months",
    "fined and a restraining order for two years",
    "26 weeks' custody",
    "community order with 150 hours of unpaid work",
)
OFFENCES = (
    ("violence", "assault occasioning actual bodily harm"),
    ("violence", "common assault"),
    ("weapons", "possession of a bladed article"),
    ("drugs", "possession with intent to supply Class A drugs"),
    ("drugs", "possession of cannabis"),
    ("other", "shoplifting"),
    ("other", "criminal damage"),
    ("other", "driving while disqualified"),
    ("sexual", "sexual assault"),
)
PLACES = (
    "after a fight outside the Anchor pub",
    "at the Riverside shopping centre",
    "at an address on Basin Street",
    "after a vehicle stop on Northgate Street",
    "at the Saltings Road retail park",
)
POLICE_CHILD_CONCERNS = (
    "Officers attending {place} for an unrelated matter found {name} ({age}) at home alone "
    "late in the evening.",
    "Officers attending {place} found the home in a poor state: no food in the fridge, dog mess "
    "on the floors; {name} ({age}) present.",
    "{name} ({age}) found wandering near the canal towpath at 9pm by a member of the public "
    "and returned home by officers.",
)
POLICE_TEEN_CONCERNS = (
    "{name} ({age}) reported missing overnight; found the next morning at an address in "
    "another town with older males.",
    "{name} ({age}) stopped with two adults in a car found to contain cannabis and cash.",
    "{name} ({age}) found drunk in the town centre at 2am and taken home by officers.",
)
PUBLIC_CONCERNS = (
    "the children at {place} are left on their own in the evenings and are often heard crying.",
    "a man at {place} was shouting at a small child in the street and dragged them inside.",
    "the children at {place} are out in the street late at night in all weathers.",
)
VOLUNTARY_CONCERNS = (
    "Family referred to the food bank for the third time; {name} said she skips meals so the "
    "children can eat.",
    "{name} came to the family centre distressed; said her partner checks her phone and "
    "controls the money.",
    "{name} has stopped bringing the children to the stay-and-play group; staff worried about "
    "her low mood.",
)
EARLY_HELP_CONCERNS = (
    "Early help worker has not seen the family for six weeks; two home visits unanswered and "
    "{name} not returning calls.",
    "{name} has disengaged from the family support plan; school attendance worsening.",
)
REFERRAL_REASONS = (
    "concerns about neglect of the children's basic care",
    "domestic abuse in the home",
    "the parent's alcohol use",
    "an unexplained injury",
    "the children being left alone",
    "the parent's mental health and the care of the children",
)
TRIGGER_REASONS = {
    "health.unscheduled_care_attendance": "an injury, and the emergency department's concern",
    "health.injury_observed": "an injury whose explanation does not fit",
    "police.domestic_abuse_incident": "domestic abuse in the home with the children present",
    "police.child_concern": "a police child concern notice",
    "education.safeguarding_concern": "the school's concerns about the child's care",
    "education.child_missing_education": "the child missing from education",
    "public.concern": "a neighbour's concern about the children's care",
    "voluntary.concern": "the family's circumstances and the parent's wellbeing",
    "early_help.concern": "the family no longer engaging with early help",
}
DECISION_WORDS = {
    "no_further_action": "no further action; advice given to the referrer",
    "early_help": "step down to early help with the family's agreement",
    "assessment": "single assessment by a social worker, within 45 working days",
    "s47": "strategy discussion held; section 47 enquiry started",
}
CLOSURE_WORDS = {
    "no_further_action": "assessment complete, needs met by universal services",
    "step_down_early_help": "stepped down to early help",
    "child_in_need_plan_ended": "child in need plan ended, goals met",
}
VISIT_NOTES = (
    "home conditions adequate; food in the cupboards.",
    "home cluttered and cold; discussed heating and the electricity meter.",
    "talked about school and friends; presented as happy.",
    "quiet and watchful; said things are 'fine'.",
    "bedroom has no bedding; referral made for a bed and bedding.",
)
MOVE_REASONS = (
    "transfer to a larger property",
    "overcrowding",
    "moved after rent arrears",
    "management move after anti-social behaviour",
    "mutual exchange",
)
