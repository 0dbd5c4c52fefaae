"""Fictional names: who the generated people are called, and how often each name is drawn.

Three casts, each kept as it was first drawn so that a seed still makes the same people:

- `NAMES["few"]` and `NAMES["uk"]`: the identity benchmark's and the matcher's training
  people (`synthetic`): a hundred surnames and eighty-odd given names for everybody, or names
  spread about as in England (a long tail of given names, invented rare surnames);
- `RIVERSIDE`: the demo borough's children, mothers and fathers;
- `SCALE`: the scale benchmark's people, in and out of the database.

Common British given names and surnames, drawn at random: no real person is described.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


def _tuple(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# -- the identity benchmark's people ---------------------------------------------------------

BOYS = _words("""
Oliver George Harry Noah Jack Leo Arthur Muhammad Oscar Charlie Jacob Thomas Henry William
Joshua James Alfie Freddie Theo Archie Ethan Isaac Alexander Joseph Edward Samuel Max Logan
Lucas Daniel Mason Theodore Harrison Benjamin Adam Sebastian Finley Elijah Reuben Arlo Dylan
Ronnie Albie Tommy Louie Jaxon Rory Jude Toby Hugo Frankie Kevin Michael Matthew Ryan Liam
Connor Kyle Jordan Lewis Callum Nathan Jamie Bradley Aaron Kieran Luke Ashley Dean Shane Wayne
Craig Darren Lee Gary Paul Mark Andrew Stephen Robert Richard Anthony Christopher David John
""")
GIRLS = _words("""
Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya Florence Emily
Ella Poppy Evie Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper Matilda
Ruby Emilia Maya Millie Isabelle Ellie Esme Jessica Chloe Lola Bella Layla Hallie Erin Aria
Eliza Lucy Hannah Maisie Summer Scarlett Molly Holly Megan Lauren Bethany Abigail Leah Amy
Rebecca Jade Shannon Courtney Kayleigh Stacey Kelly Donna Tracey Michelle Nicola Samantha
Natalie Victoria Katherine Elizabeth Margaret Sarah Louise Jennifer Gemma Zoe Hayley Danielle
""")
SURNAMES = _words("""
Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell
Rose Davis Rodriguez Cox Alexander Morgan Moore Hughes Edwards Hill Harris Clark Turner Scott
Cooper Ward Morris King Watson Harrison Morrison Baker Young Allen Lee Martin Bennett Shaw
Lawson Fenton Brooks Price Bell Bailey Parker Collins Stewart Murphy Kelly Cook Carter Murray
Richardson Chapman Mills Begum Ahmed Hussain Ali Singh Kaur Nowak Kowalski Okafor Mensah
Adeyemi Owusu Campbell Anderson Marshall Grant Ellis Fox Gray Hunt Palmer Holmes Webb Rogers
Mccarthy Obrien Doyle Gallagher Quinn Byrne Kennedy Reid Graham Hamilton Ross Fraser Henderson
Dixon Knight Lloyd Pearson Barker Hart Ryan Jenkins Russell Harvey Wells Hudson Ferguson Hayes
Gibson Lowe Mcdonald Cole Saunders Atkinson Burton Dawson Barnes Butler Holland Spencer Tucker
Pickering Ashworth Blackburn Whitehead Thornton Fletcher Kirby Sutton Booth Lamb Hewitt Barlow
""")
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


def zipf(rng: random.Random, names: list[str] | tuple[str, ...]) -> str:
    """A few names take most people: the first of 85 is drawn 13 times in 100."""
    index = int(len(names) * (rng.random() ** 2.2))
    return names[min(index, len(names) - 1)]


@dataclass(frozen=True)
class Pool:
    """Names and how often each is drawn: `few` as the generator first drew them, a handful of
    names for most people; `uk` about as spread as in England, the commonest boy's name about
    one in forty, the commonest surname about one in fifty, most surnames rare."""

    names: tuple[str, ...]
    cum_weights: tuple[float, ...] | None = None  # None: the `few` law (zipf)

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
            return zipf(rng, self.names)
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


# -- the demo borough's people ----------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    """Given names for girls, boys, women and men, and surnames, each drawn evenly."""

    girls: tuple[str, ...]
    boys: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


# A child's name says nothing about the family's risk: names and risk are drawn independently,
# and so are the name pools.
RIVERSIDE = Cast(
    girls=_tuple("""
Olivia Amelia Isla Ava Mia Lily Freya Grace Poppy Ella Evie Sophie Ruby Daisy Willow
Maisie Harper Madison Aisha Zara Amara Hana Zofia Maja Fatima Maryam Chloe Jessica Erin
Leah Kayleigh Jasmine Nadia Esme Imogen Isabella Charlotte Abigail Elizabeth Aaliyah Layla
Mariam Precious Oluwaseun Niamh Sienna Matilda Phoebe Hollie Tia Alesha Gabriella
Katherine
"""),
    boys=_tuple("""
Oliver Harry George Noah Jack Leo Charlie Freddie Alfie Oscar Jacob Thomas William Kevin
Mohammed Yusuf Ibrahim Adam Kacper Jakub Tyler Kai Reggie Ethan Jayden Callum Kieran Dylan
Joshua Alexander Daniel Samuel Benjamin Logan Mason Kwame Tobi Ayaan Frederick Alfred
Matthew Nathan Rhys Kofi Luca Ahmed Bilal Oskar Dominic Ellis Reuben Jenson Declan
"""),
    women=_tuple("""
Sarah Emma Laura Gemma Kelly Stacey Amy Rebecca Kirsty Natalie Danielle Jade Hayley
Charlotte Samantha Nicola Aneta Agnieszka Fatima Ayesha Shabana Abimbola Grace Chioma
Sinead Roxanne Leanne Victoria Joanne Lisa Claire Katie Zainab Nasra Monika Ewa Tanisha
Shauna Lucy Hannah Rachel Chantelle Ruth Adaeze Farah
"""),
    men=_tuple("""
Daniel Lee Craig Dean Wayne Jason Darren Mark Paul Ryan Jamie Scott Carl Shane Kevin Liam
Matthew Ashley Tomasz Piotr Imran Tariq Kofi Emeka Marcus Aaron Jordan Stuart Gareth
Michael David Andrew Christopher Adebayo Samir Hassan Mariusz Lewis Dale Gary Steven Ricky
Nathan Abdi Omar Ciaran
"""),
    surnames=_tuple("""
Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans
Walker White Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Hill Moore
Cooper Ward Morris King Harrison Baker Lewis Patel Khan Ahmed Hussain Ali Nowak Wójcik
Mazur Krawczyk Okafor Mensah Adeyemi Campbell Reid Murphy O'Brien Kelly Byrne McCarthy
Phillips Stevens Marsh Fletcher Palmer Barker Holmes Shaw Mills Lloyd Grant Fox Rossi
Santos Ferreira Popescu Yilmaz Abdi Farah Warsame Nguyen Chowdhury Owusu Richards Lawson
Gallagher Pearce Benson Sutton Hale Singh Armstrong Dunn Francis
"""),
)


# -- the scale benchmark's people --------------------------------------------------------------

_SCALE_FEMALE = _tuple("""
Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya Florence Emily
Ella Poppy Evie Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper Matilda
Ruby Emilia Maya Millie Isabelle Eva Luna Jessica Esme Arabella Layla Imogen Aria Chloe Holly
Zara Hallie Thea Darcie Scarlett Maisie Erin Lucy Harriet Ellie Amelie Penelope Molly Orla
Violet Eliza Ayla Lottie Mila Bonnie Robyn Nancy Aisha Hannah Megan Bethany Leah Jade Chantelle
Kayleigh Stacey Gemma Kelly Leanne Natalie Danielle Samantha Laura Rebecca Sarah Emma Claire
Nicola Lisa Joanne Michelle Karen Tracey Donna Zoë Niamh Siobhan Aoife Fatima Maryam Zainab
Amira Noor Priya Anjali Kezia Abena Chidinma Oluwaseun Agnieszka Oksana Ioana Renée Chloé
""")
_SCALE_MALE = _tuple("""
Oliver George Noah Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie
Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander Luca Edward
James Joshua Albie Elijah Max Mohammed Reuben Mason Sebastian Rory Jude Louie Benjamin Ezra
Hugo Adam Frankie Ronnie Dylan Hunter Ethan Callum Kieran Jordan Liam Connor Jamie Ryan Kyle
Dean Wayne Lee Craig Darren Jason Gary Stuart Paul Mark Daniel Michael Christopher Matthew
Andrew Stephen Neil Carl Shane Ashley Bradley Tyler Reece Kai Cian Oisín Ibrahim Yusuf Ayaan
Hamza Omar Kwame Chukwuemeka Tunde Mateusz Jakub Andrei Bogdan José Zoltán Dmitri
""")
_SCALE_FAMILY = _tuple("""
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott
Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson
Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams
Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell
Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews
Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells
Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page
Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess
Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne
Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss
McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle
Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miah
Stephens Thornton Dennis Fenton Okafor Mensah Nowak Kowalski Popescu Ferreira Silva Costa
Nguyen Chen Wong Akhtar Rahman Uddin Bibi Iqbal Mahmood Ahmad Adeyemi Okoye Asante Boateng
Jankowski Wiśniewska Müller Brennan Quinn Gallagher McLaughlin Doherty Flanagan Ní-Bhriain
Kiln Ashworth Fairbrother Greenhalgh Pemberton Ridley Stanhope Thistlewood Whitfield Yardley
""")
# Every age draws from one list a sex: female names are numbered first, then male, as the
# database load numbers them.
SCALE = Cast(
    girls=_SCALE_FEMALE,
    boys=_SCALE_MALE,
    women=_SCALE_FEMALE,
    men=_SCALE_MALE,
    surnames=_SCALE_FAMILY,
)
