"""A fictional borough's two years of multi-agency events, generated household by household.

`Borough(children=..., seed=..., today=...).bodies()` yields events (contract v1 bodies) one
household at a time, so a million children never sit in memory. Each household is simulated
from its own random stream (seeded by the run's seed and the household's number), so a run is
deterministic for a seed and a date, and household 17 is the same whatever N is.

The same person reaches the system in the shape each agency holds them in (`shapes`):

- health (hospitals, GPs, health visitors): NHS number, registered name, exact date of birth;
  now and then an emergency department has no NHS number, or reads the date of birth the
  American way round;
- schools: the UPN, the name the child is known by (a nickname; the new partner's surname after
  a parent's new relationship, with the registered name as an alias), exact date of birth;
- police: their own nominal id, a surname that may be misspelt, and for a child often only a
  guessed year of birth, or none; a PNC id for adults who have been arrested;
- housing, probation, early help, voluntary and the public: their own keys, or only a name.

The rates are rough, plausible orders of magnitude for an English borough, not statistics.
Risk is drawn per household, independently of names.

The modules, in the order a household is made and told:

- `borough`: the run (seed, window, identifiers, addresses, counts); `households` makes each
  household from its own stream, and `people` holds what it is made of;
- `story`: one household's two years: the stream, the drafts, the order of the strands;
- the strands, each what one agency sees: `health`, `schools`, `police`, `housing`,
  `community` (the public and the voluntary sector), `social_care` (referrals, enquiries,
  plans, care, visits, closures), which reads what the others raised;
- `shapes`: how each agency holds a person; `dates`: time; `words`: what practitioners write.

The people themselves (names, families, identifiers, the slips agencies make) and the weighted
and Poisson draws come from the shared generator of fictional people, `people.fictional`.
"""

from joinedup.demo.generator.borough import Borough, Stats

__all__ = ["Borough", "Stats"]
