"""Chance, drawn from the caller's stream."""

from __future__ import annotations

import random
from typing import Any


def weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    """One of the values, each as likely as its weight."""
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def poisson(rng: random.Random, mean: float) -> int:
    """How many times something with this mean happens (Knuth's method: exact and fast for the
    small means used here)."""
    limit, k, p = 2.718281828459045**-mean, 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
