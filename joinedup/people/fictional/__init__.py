"""Fictional people: the one generator the demo, the identity benchmark and the scale
benchmark draw their people from. Every person it makes is invented.

- `names`: who people are called and how often each name is drawn (the casts);
- `identifiers`: NHS numbers, UPNs and PNC ids in ranges no real person holds;
- `variants`: the slips records carry (nicknames, misspellings, typos, date slips);
- `families`: a family as the demo borough draws it (`demo.generator.households`);
- `households`: households of one or two adults and their children (the identity benchmark's
  people, `people.matching.synthetic`);
- `threes`: households of three, a parent, a child and a second child or a partner (the scale
  benchmark's: `benchmarks/feed.py` draws them one at a time, `benchmarks/population.py` a
  million at once, numbered);
- `hashing`: draws that are a function of a number, the same in Python as in PostgreSQL;
- `draws`: weighted and Poisson draws.

Each caller passes its own stream and the generator draws from it in a fixed order, so a seed
makes the same people it always has: the demo borough, the identity benchmark's records and
the scale benchmark's population are each what they were before the generators were one
(ADR 0020).
"""
