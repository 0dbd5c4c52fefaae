"""The fictional borough of Riverside: its agencies, streets, names and identifier ranges.

Everything here is invented. Riverside does not exist; its postcodes (RV1 to RV9) are not
real postcode areas; telephone numbers are in the 01632 960xxx range Ofcom keeps for drama;
NHS numbers are in the unissued 99x range (999 is NHS England's published test range) and
UPNs carry the local authority code 999, which no authority has. Its people, their names and
the slips agencies make in them come from the shared generator (`people.fictional`).
"""

from __future__ import annotations

from dataclasses import dataclass

from joinedup.people.fictional.identifiers import upn_for
from joinedup.people.identifiers import upn_valid

AUTHORITY_CODE = "RIV"
AUTHORITY_NAME = "Riverside"
TOWN = "Riverside"


@dataclass(frozen=True)
class Org:
    """One of the borough's organisations, as the demo creates it and as its events name it."""

    name: str
    agency: str
    kind: str  # what it does, which decides the shape of what it sends
    phone: str
    prefix: str  # start of its record ids
    code: int = 0  # a school's establishment number, used in its pupils' UPNs


CSC = Org("Riverside Children's Services", "social_care", "csc", "01632 960123", "CSC")
RIVERSIDE_HOSPITAL = Org("Riverside Hospital", "health", "hospital", "01632 960200", "RH")
NORTHGATE_HOSPITAL = Org("Northgate General Hospital", "health", "hospital", "01632 960300", "NGH")
GP_PRACTICES = (
    Org("Kiln Street Surgery", "health", "gp", "01632 960401", "KSS"),
    Org("Wharfside Medical Centre", "health", "gp", "01632 960402", "WMC"),
    Org("Millbrook Health Centre", "health", "gp", "01632 960403", "MHC"),
    Org("Orchard Lane Practice", "health", "gp", "01632 960404", "OLP"),
)
HEALTH_VISITING = Org("Riverside Health Visiting Service", "health", "hv", "01632 960450", "HV")
POLICE = Org("Riverside Police", "police", "police", "01632 960500", "RP")
PRIMARY_SCHOOLS = (
    Org("Kiln Street Primary School", "education", "primary", "01632 960601", "KSP", 2001),
    Org("Tannery Lane Primary School", "education", "primary", "01632 960602", "TLP", 2002),
    Org("Millbrook Primary School", "education", "primary", "01632 960603", "MBP", 2003),
    Org("Ferry Road Primary School", "education", "primary", "01632 960604", "FRP", 2004),
    Org("Hollow Oak Primary School", "education", "primary", "01632 960605", "HOP", 2005),
    Org("St Anne's Primary School", "education", "primary", "01632 960606", "SAP", 2006),
)
SECONDARY_SCHOOLS = (
    Org("Riverside Academy", "education", "secondary", "01632 960651", "RVA", 4001),
    Org("Northgate High School", "education", "secondary", "01632 960652", "NGS", 4002),
)
HOUSING = Org("Riverside Homes", "housing", "housing", "01632 960700", "RHO")
PROBATION = Org(
    "Riverside Probation Delivery Unit", "probation", "probation", "01632 960750", "PDU"
)
EARLY_HELP = Org("Riverside Early Help", "early_help", "early_help", "01632 960800", "EH")
VOLUNTARY = Org("Harbour Lights Family Centre", "voluntary", "voluntary", "01632 960850", "HLF")
PUBLIC = Org("Riverside Community Concerns Line", "public", "public", "01632 960900", "CCL")

ORGANISATIONS: tuple[Org, ...] = (
    CSC,
    RIVERSIDE_HOSPITAL,
    NORTHGATE_HOSPITAL,
    *GP_PRACTICES,
    HEALTH_VISITING,
    POLICE,
    *PRIMARY_SCHOOLS,
    *SECONDARY_SCHOOLS,
    HOUSING,
    PROBATION,
    EARLY_HELP,
    VOLUNTARY,
    PUBLIC,
)

# Postcode district (RV1..RV9) -> its streets, each with one postcode.
STREETS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("Kiln Street", "RV1 2KS"), ("Wharf Road", "RV1 4WR"), ("Chandler Row", "RV1 6CR")),
    2: (("Tannery Lane", "RV2 3TL"), ("Cooper's Yard", "RV2 5CY"), ("Bargeman Close", "RV2 7BC")),
    3: (("Millbrook Road", "RV3 1MR"), ("Weir View", "RV3 4WV"), ("Sluice Gardens", "RV3 8SG")),
    4: (("Ferry Road", "RV4 2FR"), ("Anchor Terrace", "RV4 6AT"), ("Rope Walk", "RV4 9RW")),
    5: (("Hollow Oak Avenue", "RV5 3HA"), ("Fernlea Drive", "RV5 5FD"), ("Larch Close", "RV5 7LC")),
    6: (("Northgate Street", "RV6 1NS"), ("Beacon Way", "RV6 4BW"), ("Cinder Path", "RV6 8CP")),
    7: (("Orchard Lane", "RV7 2OL"), ("Pippin Court", "RV7 5PC"), ("Russet Grove", "RV7 9RG")),
    8: (("Saltings Road", "RV8 3SR"), ("Gull Walk", "RV8 6GW"), ("Heron Rise", "RV8 8HR")),
    9: (("Lockkeeper's Way", "RV9 1LW"), ("Towpath Mews", "RV9 4TM"), ("Basin Street", "RV9 7BS")),
}
# Postcode district -> its two blocks of flats, each with its own postcode.
TOWER_BLOCKS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("Chandler House", "RV1 8CH"), ("Wharf Tower", "RV1 9WT")),
    2: (("Tanner's Court", "RV2 8TC"), ("Barge House", "RV2 9BH")),
    3: (("Weir Tower", "RV3 6WT"), ("Mill House", "RV3 9MH")),
    4: (("Anchor House", "RV4 7AH"), ("Ferry Court", "RV4 8FC")),
    5: (("Oak House", "RV5 8OH"), ("Larch Tower", "RV5 9LT")),
    6: (("Beacon House", "RV6 6BH"), ("Cinder Court", "RV6 9CC")),
    7: (("Orchard House", "RV7 7OH"), ("Pippin Tower", "RV7 8PT")),
    8: (("Heron Court", "RV8 7HC"), ("Gull House", "RV8 9GH")),
    9: (("Lock House", "RV9 6LH"), ("Basin Tower", "RV9 9BT")),
}


@dataclass(frozen=True)
class Address:
    line1: str
    postcode: str
    district: int

    def as_json(self) -> dict[str, str]:
        return {"line1": self.line1, "town": TOWN, "postcode": self.postcode}

    @property
    def one_line(self) -> str:
        return f"{self.line1}, {self.postcode}"


class Addresses:
    """Hands out dwellings, each once, in a scattered but fixed order; never a reserved one.

    The borough has 27 streets of 160 houses and 18 blocks of 80 flats. Dwelling n is the
    (n * 2903 mod size)-th of them, so consecutive households land all over the borough; past
    the borough's size (a scale run) house and flat numbers simply carry on upwards.
    """

    HOUSES = 160
    FLATS = 80
    STEP = 2903  # prime, so coprime to the size: a permutation

    def __init__(self, reserved: set[tuple[str, str]]):
        self.reserved = reserved
        self.count = 0
        self.streets = [(d, name, pc) for d, rows in STREETS.items() for name, pc in rows]
        self.blocks = [(d, name, pc) for d, rows in TOWER_BLOCKS.items() for name, pc in rows]
        self.houses = len(self.streets) * self.HOUSES
        self.size = self.houses + len(self.blocks) * self.FLATS

    def next(self) -> Address:
        while True:
            address = self.nth(self.count)
            self.count += 1
            if (address.line1, address.postcode) not in self.reserved:
                return address

    def nth(self, n: int) -> Address:
        lap, rest = divmod(n, self.size)
        i = rest * self.STEP % self.size
        if i < self.houses:
            district, street, postcode = self.streets[i % len(self.streets)]
            number = i // len(self.streets) + 1 + lap * self.HOUSES
            return Address(f"{number} {street}", postcode, district)
        j = i - self.houses
        district, block, postcode = self.blocks[j % len(self.blocks)]
        flat = j // len(self.blocks) + 1 + lap * self.FLATS
        return Address(f"Flat {flat}, {block}", postcode, district)


def primary_for(district: int) -> Org:
    return PRIMARY_SCHOOLS[(district - 1) % len(PRIMARY_SCHOOLS)]


def gp_for(district: int) -> Org:
    return GP_PRACTICES[(district - 1) % len(GP_PRACTICES)]


class Identifiers:
    """Allocates people's serials (which fix their NHS numbers: `fictional.nhs_number_for`) and
    pupils' UPNs, in a fixed order. Serials below `RESERVED` are the narrative families'; the
    borough starts after them.
    """

    RESERVED = 1000

    def __init__(self) -> None:
        self.person = self.RESERVED
        self.pupils: dict[int, int] = {}

    def next_serial(self) -> int:
        self.person += 1
        return self.person

    def next_upn(self, school: Org) -> str:
        while True:
            count = self.pupils.get(school.code, 100)  # 0..99 kept for the narrative families
            self.pupils[school.code] = count + 1
            upn = upn_for(school.code + 1000 * (count // 100_000), count % 100_000)
            if upn_valid(upn):  # skip any the contract's check would refuse
                return upn
