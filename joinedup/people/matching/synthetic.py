"""Synthetic UK-style people and the records agencies hold about them (all fictional, seeded).

Households share an address and, mostly, a surname; some children are twins (same date of birth,
different given names). Each person has one record or more, from health, schools, police,
housing or children's services, each carrying the identifiers that agency typically holds, with
the errors records really carry: nicknames, typos, day/month swaps and one-digit slips in dates
of birth, surname changes, house moves, missing values. NHS numbers are in the 999 range, which
is never issued. Used by the tests, the benchmarks and to train the shipped default parameters.
"""

from __future__ import annotations

import itertools
import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

from joinedup.people.identifiers import nhs_number_with_check, upn_check_letter
from joinedup.people.matching.linkfile import INPUT_COLUMNS
from joinedup.people.matching.nicknames import NICKNAMES

# The generator writes exactly what `joinedup identity link` reads.
COLUMNS = INPUT_COLUMNS

BOYS = [
    "Oliver",
    "George",
    "Harry",
    "Noah",
    "Jack",
    "Leo",
    "Arthur",
    "Muhammad",
    "Oscar",
    "Charlie",
    "Jacob",
    "Thomas",
    "Henry",
    "William",
    "Joshua",
    "James",
    "Alfie",
    "Freddie",
    "Theo",
    "Archie",
    "Ethan",
    "Isaac",
    "Alexander",
    "Joseph",
    "Edward",
    "Samuel",
    "Max",
    "Logan",
    "Lucas",
    "Daniel",
    "Mason",
    "Theodore",
    "Harrison",
    "Benjamin",
    "Adam",
    "Sebastian",
    "Finley",
    "Elijah",
    "Reuben",
    "Arlo",
    "Dylan",
    "Ronnie",
    "Albie",
    "Tommy",
    "Louie",
    "Jaxon",
    "Rory",
    "Jude",
    "Toby",
    "Hugo",
    "Frankie",
    "Kevin",
    "Michael",
    "Matthew",
    "Ryan",
    "Liam",
    "Connor",
    "Kyle",
    "Jordan",
    "Lewis",
    "Callum",
    "Nathan",
    "Jamie",
    "Bradley",
    "Aaron",
    "Kieran",
    "Luke",
    "Ashley",
    "Dean",
    "Shane",
    "Wayne",
    "Craig",
    "Darren",
    "Lee",
    "Gary",
    "Paul",
    "Mark",
    "Andrew",
    "Stephen",
    "Robert",
    "Richard",
    "Anthony",
    "Christopher",
    "David",
    "John",
]
GIRLS = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Willow",
    "Freya",
    "Florence",
    "Emily",
    "Ella",
    "Poppy",
    "Evie",
    "Elsie",
    "Charlotte",
    "Evelyn",
    "Sienna",
    "Sofia",
    "Daisy",
    "Phoebe",
    "Sophie",
    "Alice",
    "Harper",
    "Matilda",
    "Ruby",
    "Emilia",
    "Maya",
    "Millie",
    "Isabelle",
    "Ellie",
    "Esme",
    "Jessica",
    "Chloe",
    "Lola",
    "Bella",
    "Layla",
    "Hallie",
    "Erin",
    "Aria",
    "Eliza",
    "Lucy",
    "Hannah",
    "Maisie",
    "Summer",
    "Scarlett",
    "Molly",
    "Holly",
    "Megan",
    "Lauren",
    "Bethany",
    "Abigail",
    "Leah",
    "Amy",
    "Rebecca",
    "Jade",
    "Shannon",
    "Courtney",
    "Kayleigh",
    "Stacey",
    "Kelly",
    "Donna",
    "Tracey",
    "Michelle",
    "Nicola",
    "Samantha",
    "Natalie",
    "Victoria",
    "Katherine",
    "Elizabeth",
    "Margaret",
    "Sarah",
    "Louise",
    "Jennifer",
    "Gemma",
    "Zoe",
    "Hayley",
    "Danielle",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Moore",
    "Hughes",
    "Edwards",
    "Hill",
    "Harris",
    "Clark",
    "Turner",
    "Scott",
    "Cooper",
    "Ward",
    "Morris",
    "King",
    "Watson",
    "Harrison",
    "Morrison",
    "Baker",
    "Young",
    "Allen",
    "Lee",
    "Martin",
    "Bennett",
    "Shaw",
    "Lawson",
    "Fenton",
    "Brooks",
    "Price",
    "Bell",
    "Bailey",
    "Parker",
    "Collins",
    "Stewart",
    "Murphy",
    "Kelly",
    "Cook",
    "Carter",
    "Murray",
    "Richardson",
    "Chapman",
    "Mills",
    "Begum",
    "Ahmed",
    "Hussain",
    "Ali",
    "Singh",
    "Kaur",
    "Nowak",
    "Kowalski",
    "Okafor",
    "Mensah",
    "Adeyemi",
    "Owusu",
    "Campbell",
    "Anderson",
    "Marshall",
    "Grant",
    "Ellis",
    "Fox",
    "Gray",
    "Hunt",
    "Palmer",
    "Holmes",
    "Webb",
    "Rogers",
    "Mccarthy",
    "Obrien",
    "Doyle",
    "Gallagher",
    "Quinn",
    "Byrne",
    "Kennedy",
    "Reid",
    "Graham",
    "Hamilton",
    "Ross",
    "Fraser",
    "Henderson",
    "Dixon",
    "Knight",
    "Lloyd",
    "Pearson",
    "Barker",
    "Hart",
    "Ryan",
    "Jenkins",
    "Russell",
    "Harvey",
    "Wells",
    "Hudson",
    "Ferguson",
    "Hayes",
    "Gibson",
    "Lowe",
    "Mcdonald",
    "Cole",
    "Saunders",
    "Atkinson",
    "Burton",
    "Dawson",
    "Barnes",
    "Butler",
    "Holland",
    "Spencer",
    "Tucker",
    "Pickering",
    "Ashworth",
    "Blackburn",
    "Whitehead",
    "Thornton",
    "Fletcher",
    "Kirby",
    "Sutton",
    "Booth",
    "Lamb",
    "Hewitt",
    "Barlow",
]


def _words(text: str) -> list[str]:
    return text.split()


# Beyond the commonest: the long tail of given names (a child's name is one of several hundred
# in a borough, not of eighty), for `names="uk"`.
MORE_BOYS = _words("""
Aiden Alex Ahmed Ibrahim Yusuf Omar Hamza Ayaan Zain Bobby Caleb Cameron Carter Cody Dexter
Elliot Ellis Ezra Felix Finn Gabriel Grayson Harvey Hudson Jasper Jayden Jenson Jesse Joel Kai
Leon Levi Louis Marcus Mateo Miles Nathaniel Nico Otis Owen Parker Riley Rowan Ruben Sonny
Stanley Tyler Zachary Aidan Blake Brandon Declan Dominic Ewan Fraser Gethin Harley Jakub Kacper
Filip Oskar Mikolaj Tomasz Piotr Kwame Kofi Chidi Emeka Segun Arjun Rohan Krish Ravi Sanjay
Hassan Bilal Idris Imran Tariq Amir Rayan Musa Ismail Luca Marco Enzo Rafael Diego Angus Hamish
Callan Cian Oisin Ronan Seamus Patrick Sean Kenneth Trevor Neil Ian Graham Simon Martin Keith
Barry Colin Glen Carl Scott Ross Grant Stuart Russell Gavin Warren Jason Adrian Philip Peter
""")
MORE_GIRLS = _words("""
Aisha Amber Anna April Aurora Beatrice Bonnie Cara Clara Darcy Delilah Eden Eleanor Eloise Elena
Eva Fatima Maryam Zainab Hafsa Khadija Amira Aaliyah Inaya Zara Georgia Gracie Harriet Heidi
Imogen Iris Jasmine Julia Kiara Lara Lexi Luna Lyla Mabel Maria Martha Nancy Niamh Orla Paige
Penelope Piper Rose Ruth Sadie Thea Violet Aoife Ciara Siobhan Roisin Zuzanna Lena Maja Oliwia
Wiktoria Amelie Chioma Ngozi Abena Priya Anika Riya Simran Aditi Leila Yasmin Nadia Sana Hana
Alisha Keira Tia Jodie Kirsty Lisa Claire Emma Karen Joanne Julie Helen Rachel Laura Amanda
Angela Lorraine Dawn Sharon Wendy Carol Susan Paula Andrea Heather Alison Catherine Caroline
Melissa Charlene Leanne Kerry Carly Sinead Isobel Ellen Eve Nina Olive Hazel Pearl
""")
# Most people's surnames are none of the commonest hundred: a tail of invented, English-shaped
# ones (a place-name stem and an ending), each rare, for `names="uk"`.
_STEMS = _words("""
Ash Bar Black Brad Bram Brook Cal Chad Clay Crom Dal Dun Elm Fair Farn Fen Gold Hart Hal Hay
Hol Kings Lang Lin Mar Mid Mor Nor Oak Pen Rad Red Ridge Rush Sel Shep Stan Stock Thorn Wal Wes
Whit Win Al Bur Cart Ed Fern Grim Hux
""")
_ENDINGS = _words("""
ton ley field worth wood ford by ham well more croft dale hurst stone wick land shaw brook
bridge combe den low son cott thorpe stead hill man sall ingham
""")
RARE_SURNAMES = [
    stem + ending for stem in _STEMS for ending in _ENDINGS if stem + ending not in SURNAMES
]
STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Lane",
    "Victoria Road",
    "Park Avenue",
    "Queens Road",
    "Kings Road",
    "New Street",
    "Grange Road",
    "Manor Way",
    "The Crescent",
    "Albert Street",
    "Orchard Close",
    "Willow Drive",
    "Riverside Walk",
    "Chapel Street",
    "School Lane",
    "Green Lane",
    "Meadow View",
    "Oak Road",
    "Beech Grove",
    "Elm Terrace",
    "Cedar Court",
    "Hawthorn Way",
    "Bridge Street",
    "Market Place",
    "Castle Road",
]
TOWNS = ("Riverside", "Northbrook", "Eastwick", "Southmoor", "Westford", "Ashby Vale")
AREAS = ("RV", "NB", "EW", "SM", "WF", "AV")
AGENCIES = ("health", "school", "police", "housing", "social_care")
# Share of an agency's records carrying each identifier (children; police PNC for 14 and over).
ID_RATES = {
    "health": {"nhs_number": 0.92, "upn": 0.0, "pnc_id": 0.0},
    "school": {"nhs_number": 0.05, "upn": 0.9, "pnc_id": 0.0},
    "police": {"nhs_number": 0.05, "upn": 0.0, "pnc_id": 0.6},
    "housing": {"nhs_number": 0.0, "upn": 0.0, "pnc_id": 0.0},
    "social_care": {"nhs_number": 0.55, "upn": 0.25, "pnc_id": 0.02},
}
_SHORT = {f: v for f, v in NICKNAMES.items()}
_KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm"


@dataclass
class Person:
    key: int
    given: str
    family: str
    dob: date
    sex: str
    home: tuple[str, str, str]  # address line, town, postcode
    nhs_number: str
    upn: str
    pnc_id: str


def _postcode(rng: random.Random, area: int) -> str:
    unit = rng.choice("ABDEFGHJLNPQRSTUWXYZ") + rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    return f"{AREAS[area]}{rng.randint(1, 19)} {rng.randint(0, 9)}{unit}"


def _home(rng: random.Random) -> tuple[str, str, str]:
    area = rng.randrange(len(AREAS))
    return (
        f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
        TOWNS[area],
        _postcode(rng, area),
    )


def _nhs(rng: random.Random) -> str:
    while True:
        number = nhs_number_with_check(f"999{rng.randrange(10**6):06d}")
        if number:
            return number


def _upn(rng: random.Random) -> str:
    body = f"{rng.randint(201, 938):03d}{rng.randint(2000, 7999):04d}{rng.randint(5, 24):02d}"
    body += f"{rng.randrange(1000):03d}"
    return upn_check_letter(body) + body


def _pnc(rng: random.Random, dob: date) -> str:
    year = (dob.year + 14 + rng.randint(0, 4)) % 100
    return f"{year:02d}/{rng.randrange(10**6):06d}{rng.choice(string.ascii_uppercase)}"


def _zipf(rng: random.Random, names: list[str] | tuple[str, ...]) -> str:
    # A few names take most people: the first of 85 is drawn 13 times in 100.
    index = int(len(names) * (rng.random() ** 2.2))
    return names[min(index, len(names) - 1)]


@dataclass(frozen=True)
class Pool:
    """Names and how often each is drawn: `few` as the generator first drew them, a handful of
    names for most people; `uk` about as spread as in England, the commonest boy's name about
    one in forty, the commonest surname about one in fifty, most surnames rare."""

    names: tuple[str, ...]
    cum_weights: tuple[float, ...] | None = None  # None: the `few` law (_zipf)

    @classmethod
    def uk(cls, common: list[str], rare: list[str], common_share: float, slope: float) -> Pool:
        """The common names by rank r with weight r**-slope, `common_share` of people between
        them; the rare ones evenly among the rest."""
        head = [(r + 1) ** -slope for r in range(len(common))]
        weights = [common_share * w / sum(head) for w in head]
        weights += [(1 - common_share) / len(rare)] * len(rare)
        return cls(tuple(common + rare), tuple(itertools.accumulate(weights)))

    def draw(self, rng: random.Random) -> str:
        if self.cum_weights is None:
            return _zipf(rng, self.names)
        return rng.choices(self.names, cum_weights=self.cum_weights)[0]

    def draw_again(self, rng: random.Random) -> str:
        """Another draw when the first was taken (a sibling's name): `few` draws evenly, as
        the generator always has; `uk` by weight."""
        if self.cum_weights is None:
            return rng.choice(self.names)
        return self.draw(rng)


@dataclass(frozen=True)
class Names:
    female: Pool
    male: Pool
    family: Pool

    def given(self, sex: str) -> Pool:
        return self.female if sex == "female" else self.male


NAMES = {
    "uk": Names(
        female=Pool.uk(GIRLS, MORE_GIRLS, 0.45, 0.5),
        male=Pool.uk(BOYS, MORE_BOYS, 0.45, 0.5),
        family=Pool.uk(SURNAMES, RARE_SURNAMES, 0.3, 0.7),
    ),
    "few": Names(female=Pool(tuple(GIRLS)), male=Pool(tuple(BOYS)), family=Pool(tuple(SURNAMES))),
}


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1 :]
    if kind < 0.55 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.8:
        row = _KEYBOARD.find(word[i].lower())
        near = _KEYBOARD[max(row - 1, 0) : row + 2].replace(" ", "") or "e"
        return word[:i] + rng.choice(near) + word[i + 1 :]
    return word[:i] + rng.choice("aeiou") + word[i:]


def _dob_error(rng: random.Random, dob: date) -> date:
    kind = rng.random()
    if kind < 0.4 and dob.day <= 12 and dob.day != dob.month:
        return date(dob.year, dob.day, dob.month)
    for _ in range(10):
        text = dob.strftime("%Y%m%d")
        i = rng.choice((2, 3, 5, 6, 7))
        text = text[:i] + str(rng.randrange(10)) + text[i + 1 :]
        try:
            slipped = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            continue
        if slipped != dob and slipped < date(2026, 1, 1):
            return slipped
    return dob + timedelta(days=rng.choice((-1, 1)) * rng.randint(1, 40))


def people(n: int, *, seed: int, names: str = "few") -> list[Person]:
    """About n people in households: one or two adults and their children, some twins. Their
    names are drawn from `NAMES[names]`: `few` (the default, which the shipped parameters and
    the tests were made with) or `uk`."""
    pool = NAMES[names]
    rng = random.Random(seed)
    out: list[Person] = []
    while len(out) < n:
        home = _home(rng)
        family = pool.family.draw(rng)
        adults = 1 if rng.random() < 0.35 else 2
        for a in range(adults):
            sex = "female" if a == 0 else "male"
            dob = date(1972, 1, 1) + timedelta(days=rng.randrange(365 * 28))
            adult_family = family if a == 0 or rng.random() < 0.7 else pool.family.draw(rng)
            out.append(_person(rng, len(out), sex, adult_family, dob, home, pool))
        children = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        born = date(2008, 1, 1) + timedelta(days=rng.randrange(365 * 16))
        used: set[str] = set()
        for c in range(children):
            twins = c == 0 and rng.random() < 0.04
            for _ in range(2 if twins else 1):
                sex = rng.choice(("female", "male"))
                out.append(_person(rng, len(out), sex, family, born, home, pool, used))
            born = born + timedelta(days=rng.randint(400, 1600))
            if born >= date(2025, 6, 1):
                break
    return out[:n]


def _person(
    rng: random.Random,
    key: int,
    sex: str,
    family: str,
    dob: date,
    home: tuple[str, str, str],
    pool: Names,
    used: set[str] | None = None,
) -> Person:
    names = pool.given(sex)
    given = names.draw(rng)
    while used is not None and given in used:  # siblings are not given one name
        given = names.draw_again(rng)
    if used is not None:
        used.add(given)
    adult = dob.year < 2008
    return Person(
        key=key,
        given=given,
        family=family,
        dob=dob,
        sex=sex,
        home=home,
        nhs_number=_nhs(rng),
        upn="" if adult else _upn(rng),
        pnc_id=_pnc(rng, dob) if rng.random() < (0.08 if adult else 0.03) else "",
    )


def _nickname(rng: random.Random, given: str) -> str:
    shorts = _SHORT.get(given.lower())
    if shorts:
        return rng.choice(shorts).capitalize()
    for formal, forms in _SHORT.items():
        if given.lower() in forms:
            return formal.capitalize()
    return given


def record_of(
    rng: random.Random, person: Person, record_id: str, noisy: bool, surnames: Pool | None = None
) -> dict[str, str]:
    """One agency's record of `person`; `surnames` gives a changed or added surname (by
    default the `few` pool's)."""
    surnames = surnames or NAMES["few"].family
    agency = rng.choice(AGENCIES)
    given, family, dob, sex = person.given, person.family, person.dob, person.sex
    line, town, postcode = person.home
    if noisy:
        r = rng.random
        if r() < 0.10:
            given = _nickname(rng, given)
        if r() < 0.07:
            given = _typo(rng, given)
        if r() < 0.05:
            family = _typo(rng, family)
        if r() < 0.04:
            family = (
                f"{family}-{surnames.draw(rng)}" if r() < 0.5 else surnames.draw(rng)
            )  # double-barrelled, or a new surname
        if r() < 0.07:
            dob = _dob_error(rng, dob)
        if r() < 0.12:
            line, town, postcode = _home(rng)  # moved
        elif r() < 0.03:
            postcode = postcode[:-1] + rng.choice("ABDEFGHJ")
        if r() < 0.03:
            line = _typo(rng, line)
    ids = ID_RATES[agency]
    old_enough = person.dob.year <= 2011
    r = rng.random
    row = {
        "record_id": record_id,
        "agency": agency,
        "given_name": "" if r() < 0.01 else given,
        "family_name": family,
        "dob": "" if r() < 0.03 else dob.isoformat(),
        "sex": "" if r() < 0.06 else sex,
        "postcode": "" if r() < 0.05 else postcode,
        "address": "" if r() < 0.08 else line,
        "town": town,
        "nhs_number": person.nhs_number if r() < ids["nhs_number"] else "",
        "upn": person.upn if person.upn and r() < ids["upn"] else "",
        "pnc_id": person.pnc_id if person.pnc_id and old_enough and r() < ids["pnc_id"] else "",
    }
    if agency == "police" and row["pnc_id"] == "" and r() < 0.3:
        row["sex"] = ""
    return row


def records(
    n: int, *, seed: int, duplicates: float = 0.2, names: str = "few"
) -> tuple[list[dict[str, str]], list[int]]:
    """n records, `duplicates` of them extra records of someone already there; and the truth
    (the person each record is about). `names` as for `people`."""
    rng = random.Random(seed + 1)
    distinct = round(n * (1 - duplicates))
    population = people(distinct, seed=seed, names=names)
    surnames = NAMES[names].family
    truth = [p.key for p in population]
    rows = [record_of(rng, p, "", rng.random() < 0.5, surnames) for p in population]
    for _ in range(n - distinct):
        person = population[rng.randrange(distinct)]
        rows.append(record_of(rng, person, "", True, surnames))
        truth.append(person.key)
    order = list(range(n))
    rng.shuffle(order)
    rows = [rows[i] for i in order]
    truth = [truth[i] for i in order]
    for i, row in enumerate(rows):
        row["record_id"] = f"r{i:07d}"
    return rows, truth
