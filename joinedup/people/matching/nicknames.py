"""Common English given-name nicknames, curated by hand: each formal name and its short forms.

Two given names agree as nicknames when they share a formal name here ("Kev" and "Kevin",
"Bill" and "Will" both of "William"). Names are normalised (lower case, letters only).
"""

from __future__ import annotations

from functools import lru_cache

from joinedup.people.identifiers import name_normalise

NICKNAMES: dict[str, tuple[str, ...]] = {
    "abigail": ("abi", "abby", "abbie", "gail"),
    "alexander": ("alex", "alec", "al", "sandy", "xander", "lex"),
    "alexandra": ("alex", "alexa", "lexi", "lexie", "sandra", "sandy"),
    "alfred": ("alf", "alfie", "fred", "freddie"),
    "andrew": ("andy", "drew", "andi"),
    "anthony": ("tony", "ant", "anton"),
    "archibald": ("archie", "arch"),
    "arthur": ("art", "artie"),
    "benjamin": ("ben", "benji", "benny", "benjy"),
    "catherine": ("cath", "cathy", "kate", "katie", "kat", "cate", "kitty"),
    "katherine": ("kath", "kathy", "kate", "katie", "kat", "kitty"),
    "kathleen": ("kath", "kathy", "katie"),
    "charles": ("charlie", "chaz", "chas", "chuck"),
    "charlotte": ("charlie", "lottie", "lotte", "char"),
    "christopher": ("chris", "kit", "topher", "christy"),
    "christine": ("chris", "chrissie", "tina"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey", "davie"),
    "deborah": ("debbie", "deb", "debs"),
    "dominic": ("dom", "nic"),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"),
    "eleanor": ("ellie", "elle", "nell", "nellie", "nora"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza", "libby", "bess", "bessie", "lisa"),
    "emily": ("em", "emmy", "millie"),
    "frances": ("fran", "frankie", "fanny"),
    "francis": ("frank", "fran", "frankie"),
    "frederick": ("fred", "freddie", "freddy"),
    "gabriel": ("gabe", "gabby"),
    "gabriella": ("gabby", "ella", "gabi"),
    "george": ("georgie",),
    "georgina": ("georgie", "gina"),
    "harold": ("harry", "hal"),
    "harriet": ("hattie", "harri"),
    "henry": ("harry", "hal", "hank"),
    "isabella": ("bella", "izzy", "issy", "isla"),
    "isabelle": ("bella", "izzy", "issy", "belle"),
    "jacob": ("jake", "jack", "jay"),
    "james": ("jim", "jimmy", "jamie", "jem"),
    "jennifer": ("jen", "jenny", "jenna"),
    "jessica": ("jess", "jessie", "jessy"),
    "john": ("jack", "johnny", "jon"),
    "jonathan": ("jon", "jonny", "johnny", "nathan"),
    "joseph": ("joe", "joey", "jo"),
    "joshua": ("josh",),
    "kevin": ("kev",),
    "kenneth": ("ken", "kenny"),
    "lawrence": ("larry", "laurie", "lol"),
    "leonard": ("leo", "len", "lenny"),
    "louise": ("lou", "lulu"),
    "margaret": ("maggie", "meg", "peggy", "marge", "madge", "mags"),
    "matilda": ("tilly", "tillie", "mattie", "tilda"),
    "matthew": ("matt", "matty"),
    "michael": ("mike", "mick", "micky", "mikey", "mickey"),
    "natalie": ("nat", "tally"),
    "nathaniel": ("nat", "nate", "nathan"),
    "nicholas": ("nick", "nicky", "nico"),
    "nicola": ("nicky", "nikki", "nic"),
    "oliver": ("ollie", "olly", "ol"),
    "olivia": ("liv", "livvy", "ollie", "livia"),
    "patrick": ("pat", "paddy"),
    "patricia": ("pat", "patty", "tricia", "trish"),
    "peter": ("pete",),
    "philip": ("phil", "pip"),
    "rebecca": ("becky", "becca", "bex"),
    "richard": ("rich", "richie", "rick", "ricky", "dick"),
    "robert": ("rob", "robbie", "bob", "bobby", "bert"),
    "ronald": ("ron", "ronnie"),
    "samantha": ("sam", "sammy", "sammie"),
    "samuel": ("sam", "sammy"),
    "sarah": ("sally", "sadie"),
    "sebastian": ("seb", "bastian"),
    "sophia": ("sophie", "soph"),
    "stephen": ("steve", "stevie"),
    "steven": ("steve", "stevie"),
    "susan": ("sue", "susie", "suzy"),
    "theodore": ("theo", "ted", "teddy"),
    "thomas": ("tom", "tommy"),
    "timothy": ("tim", "timmy"),
    "victoria": ("vicky", "vicki", "tori", "tory"),
    "william": ("will", "bill", "billy", "willie", "liam", "wills"),
    "zachary": ("zach", "zac", "zack"),
}


def _index() -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}
    for formal, shorts in NICKNAMES.items():
        for name in (formal, *shorts):
            forms.setdefault(name, set()).add(formal)
    return {name: frozenset(formals) for name, formals in forms.items()}


_FORMALS = _index()


@lru_cache(maxsize=65536)
def formal_names(given_norm: str) -> frozenset[str]:
    """The formal names a normalised given name may stand for (itself when none is known)."""
    return _FORMALS.get(given_norm, frozenset((given_norm,)))


def nickname_key(given: str) -> str:
    """One key per name family, for blocking: the alphabetically first formal name."""
    return min(formal_names(name_normalise(given)))


def are_nicknames(a: str, b: str) -> bool:
    """One is a short form of the other ("kev"/"kevin"). Two short forms of one name are not:
    "Jack" and "Jake" are both Jacob, and may well be twins."""
    return (a in NICKNAMES and a in formal_names(b)) or (b in NICKNAMES and b in formal_names(a))
